package io.panels.events.panel;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.UUID;

/** The panel's columns were put in a new order; carries every column's full definition in that order. */
@RegisterForReflection
public record ColumnsReordered(UUID panelId, long version, List<ColumnDefinition> columns) {
}
