package io.panels.panel.domain;

import java.util.List;

/**
 * How a column's existing values change when its type or settings change: declared before the
 * change is made, and refused unless confirmed when {@code lossy}.
 *
 * @param rule machine-readable, applied by the services that hold values (docs/panel-service.md lists them)
 */
public record ColumnConversion(
        ColumnType from,
        ColumnType to,
        boolean lossy,
        String rule,
        String description,
        List<String> removedOptionIds) {

    public ColumnConversion {
        removedOptionIds = removedOptionIds == null ? List.of() : List.copyOf(removedOptionIds);
    }
}
