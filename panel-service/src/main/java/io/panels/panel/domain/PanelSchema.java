package io.panels.panel.domain;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** A panel with its columns in order: what readers ask for and what the cache holds. */
public record PanelSchema(Panel panel, List<Column> columns) {

    public PanelSchema {
        columns = List.copyOf(columns);
    }

    public Optional<Column> column(UUID columnId) {
        return columns.stream().filter(column -> column.id().equals(columnId)).findFirst();
    }

    public List<String> columnOrder() {
        return columns.stream().map(Column::key).toList();
    }
}
