package io.panels.auth.api;

import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

public record SuspendTenantRequest(@Schema(example = "Unpaid invoice") @Size(max = 500) String reason) {
}
