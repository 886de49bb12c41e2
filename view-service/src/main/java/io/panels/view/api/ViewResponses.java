package io.panels.view.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.panels.events.view.ViewColumn;
import io.panels.view.domain.Share;
import io.panels.view.domain.View;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Response bodies of the views API. */
public final class ViewResponses {

    private ViewResponses() {
    }

    @RegisterForReflection
    public record ViewResponse(UUID id, UUID panelId, String name, String type, String visibility, String ownerId,
                               boolean locked, int position, List<ViewColumn> columns, JsonNode query, JsonNode settings,
                               long version, Instant createdAt, Instant updatedAt) {

        static ViewResponse of(View view) {
            return new ViewResponse(view.id(), view.panelId(), view.name(), view.type().name(), view.visibility().name(),
                    view.ownerId(), view.locked(), view.position(), view.columns(), view.query(), view.settings(),
                    view.version(), view.createdAt(), view.updatedAt());
        }
    }

    @RegisterForReflection
    public record ViewList(List<ViewResponse> views) {

        static ViewList of(List<View> views) {
            return new ViewList(views.stream().map(ViewResponse::of).toList());
        }
    }

    /**
     * @param token  the secret part of the link: only in the reply that creates it
     * @param path   the public path of the link: only with the token
     * @param status {@code active}, {@code expired} or {@code revoked}
     */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ShareResponse(UUID id, UUID viewId, String token, String path, boolean passwordProtected,
                                Instant expiresAt, String status, String createdBy, Instant createdAt, Instant revokedAt) {

        static ShareResponse of(Share share, String token) {
            Instant now = Instant.now();
            String status = share.revokedAt() != null ? "revoked" : share.usableAt(now) ? "active" : "expired";
            return new ShareResponse(share.id(), share.viewId(), token, token == null ? null : "/api/v1/public/shares/" + token,
                    share.passwordProtected(), share.expiresAt(), status, share.createdBy(), share.createdAt(), share.revokedAt());
        }
    }

    @RegisterForReflection
    public record ShareList(List<ShareResponse> shares) {
    }

    /** What a share link's visitor may know of the view: its name, type and visible columns. */
    @RegisterForReflection
    public record PublicView(String name, String type, List<PublicColumn> columns) {
    }

    @RegisterForReflection
    public record PublicColumn(String key, String name, String type, Integer width) {
    }
}
