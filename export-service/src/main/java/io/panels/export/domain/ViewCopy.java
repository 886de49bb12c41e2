package io.panels.export.domain;

import com.fasterxml.jackson.databind.JsonNode;
import io.panels.events.view.ViewColumn;
import java.util.List;
import java.util.UUID;

/** export-service's copy of a saved view, from panels.views events. */
public record ViewCopy(UUID viewId, UUID tenantId, UUID panelId, String name, String visibility, String ownerId,
                       List<ViewColumn> columns, JsonNode query, long version, boolean deleted) {

    /** "Anyone who can read the view can export it": a personal view is its owner's alone. */
    public boolean readableBy(String userId) {
        return !deleted && (!"personal".equals(visibility) || ownerId.equals(userId));
    }
}
