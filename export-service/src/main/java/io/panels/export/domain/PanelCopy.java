package io.panels.export.domain;

import io.panels.events.panel.ColumnDefinition;
import java.util.List;
import java.util.UUID;

/** export-service's copy of a panel, from panels.panels events: enough to name and type its columns. */
public record PanelCopy(UUID panelId, UUID tenantId, String name, long version, String status, List<ColumnDefinition> columns) {

    public boolean isDeleted() {
        return "deleted".equals(status);
    }
}
