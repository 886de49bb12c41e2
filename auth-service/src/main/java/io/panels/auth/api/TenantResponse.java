package io.panels.auth.api;

import io.panels.auth.domain.Tenant;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@RegisterForReflection
public record TenantResponse(
        @Schema(example = "0195f3a2-8c1e-7d40-9b7a-2f6c1e9d4a10") UUID id,
        @Schema(example = "acme") String slug,
        @Schema(example = "Acme Corporation") String name,
        @Schema(example = "team") String plan,
        LimitsBody limits,
        @Schema(example = "active") String status,
        @Schema(example = "Unpaid invoice") String suspendedReason,
        @Schema(example = "3") int version,
        @Schema(example = "2026-11-22T10:15:30Z") OffsetDateTime createdAt,
        @Schema(example = "2026-11-22T11:00:00Z") OffsetDateTime updatedAt) {

    static TenantResponse of(Tenant tenant) {
        return new TenantResponse(tenant.id(), tenant.alias(), tenant.name(), tenant.plan(), LimitsBody.of(tenant.limits()),
                tenant.status().value(), tenant.suspendedReason(), tenant.version(), tenant.createdAt(), tenant.updatedAt());
    }
}
