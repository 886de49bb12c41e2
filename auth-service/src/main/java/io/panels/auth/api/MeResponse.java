package io.panels.auth.api;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Who the caller is: the tenant the token names (null for a token naming none) and every tenant
 * the caller has a role in.
 */
@RegisterForReflection
public record MeResponse(
        @Schema(example = "5f0c7e2a-1b3d-4c5e-8f9a-0b1c2d3e4f50") String userId,
        @Schema(example = "editor@acme.test") String username,
        @Schema(example = "editor@acme.test") String email,
        @Schema(example = "false") boolean platformAdmin,
        CurrentTenant tenant,
        List<MyTenant> tenants) {

    @RegisterForReflection
    public record CurrentTenant(UUID id, String slug, String role) {
    }

    /** {@code status} is {@code unknown} for an organization auth-service does not manage. */
    @RegisterForReflection
    public record MyTenant(UUID id, String slug, String name, String role, String status) {
    }
}
