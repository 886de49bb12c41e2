package io.panels.auth.api;

import io.panels.auth.domain.Invitation;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An invitation as listed (never with its token). */
@RegisterForReflection
public record InvitationResponse(
        @Schema(example = "0195f3a2-9d2f-7e51-8c6b-3a7d2f0e5b21") UUID id,
        @Schema(example = "editor@acme.test") String email,
        @Schema(example = "editor") String role,
        @Schema(example = "pending") String state,
        @Schema(example = "5f0c7e2a-1b3d-4c5e-8f9a-0b1c2d3e4f50") String createdBy,
        @Schema(example = "2026-11-29T10:15:30Z") OffsetDateTime expiresAt,
        @Schema(example = "2026-11-22T10:15:30Z") OffsetDateTime createdAt) {

    static InvitationResponse of(Invitation invitation) {
        return new InvitationResponse(invitation.id(), invitation.email(), invitation.role().claimValue(),
                invitation.state(OffsetDateTime.now(ZoneOffset.UTC)), invitation.createdBy(), invitation.expiresAt(),
                invitation.createdAt());
    }
}
