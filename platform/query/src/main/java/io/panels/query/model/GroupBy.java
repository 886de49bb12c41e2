package io.panels.query.model;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One group-by level. Groups are ordered by their value in {@code direction}, the blank group last.
 *
 * @param column    the column's stable key
 * @param direction {@code asc} when absent
 */
@RegisterForReflection
@JsonPropertyOrder({"column", "direction"})
public record GroupBy(String column, Direction direction) {

    public GroupBy {
        direction = direction == null ? Direction.ASC : direction;
    }

    public static GroupBy of(String column) {
        return new GroupBy(column, Direction.ASC);
    }
}
