package io.panels.events.panel;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.UUID;

/** A column was added to a panel; {@code columnOrder} is every column key in the new order. */
@RegisterForReflection
public record ColumnAdded(UUID panelId, long version, ColumnDefinition column, List<String> columnOrder) {
}
