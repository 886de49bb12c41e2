package io.panels.notification.domain;

import io.panels.common.tenant.Role;
import java.time.Instant;
import java.util.UUID;

/** Who a stream connection is, from its last verified token: good until {@code expiresAt}. */
public record StreamIdentity(UUID tenantId, String subject, String name, Role role, Instant expiresAt) {

    public boolean samePerson(StreamIdentity other) {
        return tenantId.equals(other.tenantId) && subject.equals(other.subject);
    }
}
