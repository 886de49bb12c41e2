package io.panels.panel.config;

import io.panels.panel.domain.Column;
import io.panels.panel.domain.ColumnSettings;
import io.panels.panel.domain.ColumnType;
import io.panels.panel.domain.Panel;
import io.panels.panel.domain.PanelSchema;
import io.panels.panel.domain.PanelStatus;
import io.panels.panel.domain.SelectOption;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Classes Jackson reads and writes outside REST signatures (the Redis schema cache, the settings
 * stored as jsonb), which a native image would otherwise strip of their constructors and accessors.
 */
@RegisterForReflection(targets = {PanelSchema.class, Panel.class, PanelStatus.class, Column.class, ColumnType.class,
        ColumnSettings.class, SelectOption.class})
public final class NativeReflection {

    private NativeReflection() {
    }
}
