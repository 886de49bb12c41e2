package io.panels.view.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * A public read-only link to a view. The token itself is shown once, on creation; only its
 * SHA-256 (hex) is kept.
 *
 * @param passwordHash PBKDF2 of the password ({@link SharePasswords}), or null for none
 * @param expiresAt    when the link stops working, or null for never
 * @param revokedAt    when it was revoked, or null while it works
 */
public record Share(UUID id, UUID tenantId, UUID viewId, String tokenHash, String passwordHash, Instant expiresAt,
                    String createdBy, Instant createdAt, Instant revokedAt) {

    public boolean passwordProtected() {
        return passwordHash != null;
    }

    public boolean usableAt(Instant now) {
        return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
    }
}
