package io.panels.view.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.panels.events.view.ViewColumn;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request bodies of the views API. */
public final class ViewRequests {

    private ViewRequests() {
    }

    @RegisterForReflection
    @Schema(description = "A new view of a panel. Absent columns: every column, visible, in panel order; listed columns come"
            + " first in the given order, the others follow hidden. query: docs/query.md; settings: docs/view-service.md.")
    public record CreateView(@NotNull UUID panelId, String name,
                             @Schema(enumeration = {"grid", "kanban", "gallery", "calendar"}, defaultValue = "grid") String type,
                             @Schema(enumeration = {"personal", "collaborative"}, defaultValue = "collaborative") String visibility,
                             @Size(max = 500) List<ViewColumn> columns, JsonNode query, JsonNode settings) {
    }

    @RegisterForReflection
    @Schema(description = "The members to change; absent members stay as they are. columns, query and settings are replaced"
            + " as a whole. The visibility is fixed at creation.")
    public record UpdateView(String name,
                             @Schema(enumeration = {"grid", "kanban", "gallery", "calendar"}) String type,
                             @Schema(hidden = true) String visibility,
                             @Size(max = 500) List<ViewColumn> columns, JsonNode query, JsonNode settings) {
    }

    @RegisterForReflection
    @Schema(description = "A copy of a view; name defaults to '<name> (copy)', visibility to the source's")
    public record DuplicateView(String name, @Schema(enumeration = {"personal", "collaborative"}) String visibility) {
    }

    @RegisterForReflection
    @Schema(description = "The panel's collaborative views in their new order: each exactly once")
    public record ReorderViews(@NotNull UUID panelId, @NotNull @Size(max = 1000) List<UUID> viewIds) {
    }

    @RegisterForReflection
    @Schema(description = "A public read-only link; with a password (8 to 200 characters) visitors must send it in the"
            + " Panels-Share-Password header; with expiresAt the link stops working then")
    public record CreateShare(String password, Instant expiresAt) {
    }
}
