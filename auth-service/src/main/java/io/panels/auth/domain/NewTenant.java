package io.panels.auth.domain;

import io.panels.events.tenant.PlanLimits;

public record NewTenant(String alias, String name, String plan, PlanLimits limits, String ownerEmail) {
}
