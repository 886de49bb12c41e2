package io.panels.auth.api;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

public record ChangeRoleRequest(
        @Schema(example = "admin") @NotNull @Pattern(regexp = TenantRequests.ROLE, message = TenantRequests.ROLE_MESSAGE) String role) {
}
