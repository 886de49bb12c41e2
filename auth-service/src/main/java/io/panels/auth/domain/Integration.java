package io.panels.auth.domain;

import io.panels.common.tenant.Role;
import java.time.OffsetDateTime;
import java.util.UUID;

/** An API integration: a Keycloak service-account client acting in one tenant with one role. */
public record Integration(UUID id, UUID tenantId, String name, Role role, String clientId, String clientUuid,
                          String status, String createdBy, OffsetDateTime createdAt, OffsetDateTime secretRotatedAt,
                          OffsetDateTime revokedAt) {
}
