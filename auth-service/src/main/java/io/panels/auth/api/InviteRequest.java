package io.panels.auth.api;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

public record InviteRequest(
        @Schema(example = "editor@acme.test") @NotBlank @Email @Size(max = 254) String email,
        @Schema(example = "editor") @NotNull @Pattern(regexp = TenantRequests.ROLE, message = TenantRequests.ROLE_MESSAGE) String role) {
}
