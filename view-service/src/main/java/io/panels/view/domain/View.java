package io.panels.view.domain;

import com.fasterxml.jackson.databind.JsonNode;
import io.panels.events.view.ViewColumn;
import io.panels.events.view.ViewDefinition;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A saved view of a panel.
 *
 * @param columns  every column of the panel in display order, visible or not
 * @param query    the platform/query JSON form (docs/query.md), normalised ({@code {}} for every row)
 * @param settings the type-specific settings (docs/view-service.md), an object
 */
public record View(UUID id, UUID tenantId, UUID panelId, String name, ViewType type, Visibility visibility,
                   String ownerId, boolean locked, int position, List<ViewColumn> columns, JsonNode query,
                   JsonNode settings, long version, Instant createdAt, Instant updatedAt) {

    /** The constants are the JSON values. */
    public enum ViewType { grid, kanban, gallery, calendar }

    /** {@code personal}: only its owner sees it; {@code collaborative}: every member of the tenant. */
    public enum Visibility { personal, collaborative }

    public View {
        columns = List.copyOf(columns);
    }

    public List<ViewColumn> visibleColumns() {
        return columns.stream().filter(ViewColumn::visible).toList();
    }

    public boolean isPersonal() {
        return visibility == Visibility.personal;
    }

    public ViewDefinition definition() {
        return new ViewDefinition(id, panelId, name, type.name(), visibility.name(), ownerId, locked, position, columns,
                query, settings, version);
    }
}
