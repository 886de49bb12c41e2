package io.panels.auth.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An organization made outside auth-service, to manage from now on. */
public record ImportTenantRequest(
        @Schema(example = "0195f000-0000-7000-8000-000000000001") @NotNull UUID organizationId,
        @Schema(example = "team") @NotBlank @Size(max = 50) String plan,
        @NotNull @Valid LimitsBody limits) {
}
