package io.panels.events.member;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.UUID;

@RegisterForReflection
public record MemberRoleChanged(UUID tenantId, String userId, String previousRole, String role) {
}
