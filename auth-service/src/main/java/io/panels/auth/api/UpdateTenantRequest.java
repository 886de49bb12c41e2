package io.panels.auth.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The whole new name, plan and limits (the slug never changes). */
public record UpdateTenantRequest(
        @Schema(example = "Acme Corp.") @NotBlank @Size(max = 200) String name,
        @Schema(example = "enterprise") @NotBlank @Size(max = 50) String plan,
        @NotNull @Valid LimitsBody limits) {
}
