package io.panels.auth.domain;

import java.time.OffsetDateTime;
import java.util.UUID;

/** What the inviter hands to the invitee: the secret token (shown once) and the link holding it. */
public record InvitationLink(UUID invitationId, String token, String url, OffsetDateTime expiresAt) {
}
