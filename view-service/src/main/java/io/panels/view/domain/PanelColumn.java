package io.panels.view.domain;

import io.panels.events.panel.ColumnDefinition;
import io.panels.events.panel.ColumnSettings;

/**
 * A column of a panel as view-service keeps it from panel-service's events: enough to check the
 * keys, operators and types a view uses, and to name columns when rendering.
 */
public record PanelColumn(String key, String name, String type, int position, ColumnSettings settings) {

    public static PanelColumn of(ColumnDefinition definition) {
        return new PanelColumn(definition.key(), definition.name(), definition.type(), definition.position(),
                definition.settings());
    }

    public PanelColumn withPosition(int newPosition) {
        return new PanelColumn(key, name, type, newPosition, settings);
    }
}
