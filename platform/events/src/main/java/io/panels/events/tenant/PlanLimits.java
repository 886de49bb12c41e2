package io.panels.events.tenant;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** What a tenant's plan allows; every service enforces its own part from the tenant events. */
@RegisterForReflection
public record PlanLimits(int maxPanels, long maxRowsPerPanel, int maxRequestsPerMinute) {
}
