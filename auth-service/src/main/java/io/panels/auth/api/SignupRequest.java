package io.panels.auth.api;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

public record SignupRequest(
        @Schema(example = "Acme Corporation") @NotBlank @Size(max = 200) String name,
        @Schema(example = "acme") @NotNull @Pattern(regexp = TenantRequests.SLUG, message = TenantRequests.SLUG_MESSAGE) String slug,
        @Schema(example = "founder@acme.test") @NotBlank @Email @Size(max = 254) String email) {
}
