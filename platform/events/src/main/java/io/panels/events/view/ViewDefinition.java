package io.panels.events.view;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.UUID;

/**
 * The whole state of a saved view, as every view event carries it, so a consumer never calls back.
 *
 * @param type       {@code grid}, {@code kanban}, {@code gallery} or {@code calendar}
 * @param visibility {@code personal} (only its owner sees it) or {@code collaborative} (the tenant sees it)
 * @param ownerId    the Keycloak user id of its creator (the panel's creator for a default view)
 * @param locked     a locked view refuses changes until unlocked
 * @param position   0-based place among the panel's views
 * @param columns    every column of the panel, in display order, with visibility and width
 * @param query      the view's query in the JSON form of platform/query (docs/query.md): filter,
 *                   search, sorts, groupBy, summaries; columns by key
 * @param settings   type-specific settings: kanban group column and card order, gallery cover and
 *                   card fields, calendar date column, colour rules, page size, column summaries
 * @param version    the view's version after the change (1 on creation)
 */
@RegisterForReflection
public record ViewDefinition(
        UUID viewId,
        UUID panelId,
        String name,
        String type,
        String visibility,
        String ownerId,
        boolean locked,
        int position,
        List<ViewColumn> columns,
        JsonNode query,
        JsonNode settings,
        long version) {
}
