package io.panels.auth.api;

import io.panels.auth.domain.Integration;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An integration; {@code clientSecret} is present only in the reply that made it (creation,
 * rotation). Tokens: client-credentials grant at {@code tokenUrl}.
 */
@RegisterForReflection
public record IntegrationResponse(
        @Schema(example = "0195f3a2-a1b2-7c3d-8e4f-5a6b7c8d9e0f") UUID id,
        @Schema(example = "Nightly ERP sync") String name,
        @Schema(example = "editor") String role,
        @Schema(example = "active") String status,
        @Schema(example = "integration-0195f3a2-a1b2-7c3d-8e4f-5a6b7c8d9e0f") String clientId,
        @Schema(example = "shown once") String clientSecret,
        @Schema(example = "https://id.panels.io/realms/panels/protocol/openid-connect/token") String tokenUrl,
        @Schema(example = "5f0c7e2a-1b3d-4c5e-8f9a-0b1c2d3e4f50") String createdBy,
        @Schema(example = "2026-11-22T10:15:30Z") OffsetDateTime createdAt,
        OffsetDateTime secretRotatedAt,
        OffsetDateTime revokedAt) {

    static IntegrationResponse of(Integration integration, String secret, String tokenUrl) {
        return new IntegrationResponse(integration.id(), integration.name(), integration.role().claimValue(),
                integration.status(), integration.clientId(), secret, tokenUrl, integration.createdBy(),
                integration.createdAt(), integration.secretRotatedAt(), integration.revokedAt());
    }
}
