package io.panels.auth.api;

import io.panels.auth.domain.InvitationLink;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The secret link of an invitation: shown once, to hand to the invitee. */
@RegisterForReflection
public record InvitationLinkResponse(
        @Schema(example = "0195f3a2-9d2f-7e51-8c6b-3a7d2f0e5b21") UUID id,
        @Schema(example = "AZXzooweLp...") String token,
        @Schema(example = "https://app.panels.io/invitations/accept?token=AZXzooweLp...") String url,
        @Schema(example = "2026-11-29T10:15:30Z") OffsetDateTime expiresAt) {

    static InvitationLinkResponse of(InvitationLink link) {
        return link == null ? null : new InvitationLinkResponse(link.invitationId(), link.token(), link.url(), link.expiresAt());
    }
}
