package io.panels.auth.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

public record CreateTenantRequest(
        @Schema(example = "Acme Corporation") @NotBlank @Size(max = 200) String name,
        @Schema(example = "acme", description = "Unique, URL-friendly; the Keycloak organization alias")
        @NotNull @Pattern(regexp = TenantRequests.SLUG, message = TenantRequests.SLUG_MESSAGE) String slug,
        @Schema(example = "team") @NotBlank @Size(max = 50) String plan,
        @NotNull @Valid LimitsBody limits,
        @Schema(example = "owner@acme.test", description = "An existing user, or a new one who gets an invitation link")
        @NotBlank @Email @Size(max = 254) String ownerEmail) {
}
