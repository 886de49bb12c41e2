package io.panels.auth.domain;

import io.panels.common.tenant.Role;
import java.time.OffsetDateTime;
import java.util.UUID;

public record Member(UUID tenantId, String userId, String email, Role role, int version, OffsetDateTime createdAt,
                     OffsetDateTime updatedAt) {
}
