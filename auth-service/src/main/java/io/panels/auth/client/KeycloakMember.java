package io.panels.auth.client;

import io.panels.common.tenant.Role;

/** A member of an organization and its role value in {@code tenant_roles} (null when it has none). */
public record KeycloakMember(KeycloakUser user, Role role) {
}
