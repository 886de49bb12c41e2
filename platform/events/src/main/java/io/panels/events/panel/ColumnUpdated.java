package io.panels.events.panel;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.UUID;

/**
 * A column's definition changed (name, constraints, settings or type). {@code conversion} says
 * how existing values change; it is null when values are untouched (a rename, a new option, a
 * formula's result type re-inferred after a cascade).
 */
@RegisterForReflection
public record ColumnUpdated(UUID panelId, long version, ColumnDefinition column, ColumnDefinition previous,
                            ColumnConversion conversion) {
}
