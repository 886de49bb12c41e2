package io.panels.auth.api;

import io.panels.events.tenant.PlanLimits;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A plan's limits, in requests and replies. */
@RegisterForReflection
public record LimitsBody(
        @Schema(example = "100") @NotNull @Min(0) @Max(1_000_000) Integer maxPanels,
        @Schema(example = "1000000") @NotNull @Min(0) @Max(10_000_000_000L) Long maxRowsPerPanel,
        @Schema(example = "1200") @NotNull @Min(0) @Max(1_000_000) Integer maxRequestsPerMinute) {

    PlanLimits toLimits() {
        return new PlanLimits(maxPanels, maxRowsPerPanel, maxRequestsPerMinute);
    }

    static LimitsBody of(PlanLimits limits) {
        return new LimitsBody(limits.maxPanels(), limits.maxRowsPerPanel(), limits.maxRequestsPerMinute());
    }
}
