package io.panels.auth.domain;

import java.time.OffsetDateTime;
import java.util.UUID;

/** One event of any panels.* topic as the tenant's audit log keeps it. */
public record AuditEntry(UUID id, UUID tenantId, OffsetDateTime occurredAt, String actor, String action,
                         String objectType, String objectId, String summary, String source, String requestId,
                         String traceId) {
}
