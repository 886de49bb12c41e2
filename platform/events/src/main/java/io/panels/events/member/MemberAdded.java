package io.panels.events.member;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.UUID;

/** A user joined a tenant with a role (the tenant's first owner, an accepted invitation, an admin's add). */
@RegisterForReflection
public record MemberAdded(UUID tenantId, String userId, String email, String role) {
}
