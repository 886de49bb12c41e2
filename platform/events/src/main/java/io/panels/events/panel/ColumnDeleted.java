package io.panels.events.panel;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.UUID;

/** A column and its values were deleted; {@code columnOrder} is every remaining key in order. */
@RegisterForReflection
public record ColumnDeleted(UUID panelId, long version, ColumnDefinition column, List<String> columnOrder) {
}
