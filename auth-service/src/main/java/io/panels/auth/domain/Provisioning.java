package io.panels.auth.domain;

import io.panels.events.tenant.PlanLimits;
import java.util.UUID;

/** A tenant creation in flight and how far it got (docs/adr/0008). */
public record Provisioning(UUID id, String alias, String name, String plan, PlanLimits limits, String ownerEmail,
                           UUID organizationId, String ownerUserId, boolean ownerCreated, String state, int attempts) {

    public boolean sameRequest(NewTenant request) {
        return alias.equals(request.alias()) && name.equals(request.name()) && plan.equals(request.plan())
                && limits.equals(request.limits()) && ownerEmail.equalsIgnoreCase(request.ownerEmail());
    }
}
