package io.panels.view.domain;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A panel as view-service knows it from the panel events: its schema version (an event at or
 * below it is a replay) and its columns in panel order.
 */
public record Panel(UUID panelId, UUID tenantId, long version, boolean deleted, List<PanelColumn> columns) {

    public Panel {
        columns = columns.stream().sorted(Comparator.comparingInt(PanelColumn::position)).toList();
    }

    public Optional<PanelColumn> column(String key) {
        return columns.stream().filter(c -> c.key().equals(key)).findFirst();
    }

    public List<String> keys() {
        return columns.stream().map(PanelColumn::key).toList();
    }

    public Panel withColumns(List<PanelColumn> newColumns, long newVersion) {
        return new Panel(panelId, tenantId, newVersion, deleted, newColumns);
    }
}
