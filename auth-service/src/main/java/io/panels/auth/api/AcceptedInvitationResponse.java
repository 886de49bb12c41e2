package io.panels.auth.api;

import io.panels.auth.domain.Invitations;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Sign in with scope {@code organization:<tenantSlug>} to act in the tenant. */
@RegisterForReflection
public record AcceptedInvitationResponse(
        @Schema(example = "0195f3a2-8c1e-7d40-9b7a-2f6c1e9d4a10") UUID tenantId,
        @Schema(example = "acme") String tenantSlug,
        @Schema(example = "5f0c7e2a-1b3d-4c5e-8f9a-0b1c2d3e4f50") String userId,
        @Schema(example = "editor@acme.test") String email,
        @Schema(example = "editor") String role) {

    static AcceptedInvitationResponse of(Invitations.Accepted accepted) {
        return new AcceptedInvitationResponse(accepted.tenantId(), accepted.tenantAlias(), accepted.userId(),
                accepted.email(), accepted.role().claimValue());
    }
}
