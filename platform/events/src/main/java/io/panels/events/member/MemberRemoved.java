package io.panels.events.member;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.UUID;

@RegisterForReflection
public record MemberRemoved(UUID tenantId, String userId) {
}
