package io.panels.auth.api;

import io.panels.auth.domain.AuditEntry;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One audit entry: who did what to which object, when, and the request it came from. */
@RegisterForReflection
public record AuditEntryResponse(
        @Schema(example = "0195f3a2-b2c3-7d4e-9f50-6b7c8d9e0f1a") UUID id,
        @Schema(example = "2026-11-22T10:15:30Z") OffsetDateTime occurredAt,
        @Schema(example = "5f0c7e2a-1b3d-4c5e-8f9a-0b1c2d3e4f50") String actor,
        @Schema(example = "member.role_changed") String action,
        @Schema(example = "member") String objectType,
        @Schema(example = "5f0c7e2a-1b3d-4c5e-8f9a-0b1c2d3e4f50") String objectId,
        @Schema(example = "member.role_changed 5f0c7e2a-1b3d-4c5e-8f9a-0b1c2d3e4f50: previousRole=viewer, role=editor") String summary,
        @Schema(example = "/panels/auth-service") String source,
        @Schema(example = "4bf92f35-77b3-4da6-a3ce-929d0e0e4736") String requestId,
        @Schema(example = "4bf92f3577b34da6a3ce929d0e0e4736") String traceId) {

    static AuditEntryResponse of(AuditEntry entry) {
        return new AuditEntryResponse(entry.id(), entry.occurredAt(), entry.actor(), entry.action(), entry.objectType(),
                entry.objectId(), entry.summary(), entry.source(), entry.requestId(), entry.traceId());
    }
}
