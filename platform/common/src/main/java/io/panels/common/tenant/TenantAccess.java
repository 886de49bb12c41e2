package io.panels.common.tenant;

import java.util.UUID;

/** Who is calling, for whom: read from a verified token and nothing else. */
public record TenantAccess(UUID tenantId, String tenantAlias, Role role, String subject) {
}
