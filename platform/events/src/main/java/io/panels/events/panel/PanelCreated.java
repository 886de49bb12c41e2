package io.panels.events.panel;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A panel was created (also as the copy of a duplicate, then followed by panel.duplicated), with
 * every column's full definition in order.
 *
 * @param version        the panel's schema version after the change; every later panel and column
 *                       event of this panel carries a higher one
 * @param duplicatedFrom the source panel when this is a copy, else null
 */
@RegisterForReflection
public record PanelCreated(
        UUID panelId,
        String name,
        String description,
        String icon,
        String colour,
        long version,
        List<ColumnDefinition> columns,
        Instant createdAt,
        String createdBy,
        UUID duplicatedFrom) {
}
