package io.panels.panel.config;

import io.panels.panel.api.PanelResponses.PanelList;
import io.panels.panel.api.PanelResponses.PanelSummary;
import io.panels.panel.domain.Column;
import io.panels.panel.domain.ColumnSettings;
import io.panels.panel.domain.ColumnType;
import io.panels.panel.domain.Panel;
import io.panels.panel.domain.PanelSchema;
import io.panels.panel.domain.PanelStatus;
import io.panels.panel.domain.SelectOption;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Classes Jackson reads and writes outside REST signatures (the Redis schema cache, the panel list
 * pages written once for the list cache, the settings stored as jsonb), which a native image would
 * otherwise strip of their constructors and accessors.
 */
@RegisterForReflection(targets = {PanelSchema.class, Panel.class, PanelStatus.class, Column.class, ColumnType.class,
        ColumnSettings.class, SelectOption.class, PanelList.class, PanelSummary.class})
public final class NativeReflection {

    private NativeReflection() {
    }
}
