package io.panels.query.model;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

/**
 * A node of the filter tree: a group of nodes joined by {@code and} / {@code or}, or one condition
 * on one column. In JSON a node with {@code conditions} is a group, any other node a condition.
 */
@JsonDeserialize(using = FilterDeserializer.class)
public sealed interface Filter permits FilterGroup, Condition {
}
