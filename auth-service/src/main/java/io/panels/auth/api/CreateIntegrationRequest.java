package io.panels.auth.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

public record CreateIntegrationRequest(
        @Schema(example = "Nightly ERP sync") @NotBlank @Size(max = 200) String name,
        @Schema(example = "editor") @NotNull
        @Pattern(regexp = "^(admin|editor|viewer)$", message = "one of admin, editor, viewer") String role) {
}
