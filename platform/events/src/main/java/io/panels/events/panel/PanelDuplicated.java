package io.panels.events.panel;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.UUID;

/**
 * A panel was made as a copy of another; follows the copy's panel.created (same record key).
 * Rows are never copied. With {@code withViews}, view-service copies the source's views onto the
 * copy, mapping column references through {@code columns} (keys are the same in both panels).
 */
@RegisterForReflection
public record PanelDuplicated(UUID panelId, UUID sourcePanelId, boolean withViews, List<ColumnMapping> columns) {

    /** A source column and its copy. */
    @RegisterForReflection
    public record ColumnMapping(UUID sourceColumnId, UUID columnId, String key) {
    }
}
