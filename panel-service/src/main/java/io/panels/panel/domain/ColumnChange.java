package io.panels.panel.domain;

/** The panel after a column change, and the column as it now is. */
public record ColumnChange(PanelSchema schema, Column column) {
}
