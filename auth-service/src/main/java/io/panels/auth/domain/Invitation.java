package io.panels.auth.domain;

import io.panels.common.tenant.Role;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * An invitation to join a tenant with a role. {@code userId} is set when auth-service made the
 * user itself (a new first owner): accepting then sets that user's password.
 */
public record Invitation(UUID id, UUID tenantId, String email, Role role, String userId, String createdBy,
                         OffsetDateTime expiresAt, OffsetDateTime acceptedAt, OffsetDateTime revokedAt,
                         OffsetDateTime createdAt) {

    public String state(OffsetDateTime now) {
        if (acceptedAt != null) {
            return "accepted";
        }
        if (revokedAt != null) {
            return "revoked";
        }
        return expiresAt.isBefore(now) ? "expired" : "pending";
    }
}
