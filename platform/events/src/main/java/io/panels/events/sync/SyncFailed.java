package io.panels.events.sync;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.UUID;

/** A sync run stopped without finishing; {@code reason} is for people (no secrets, no stack traces). */
@RegisterForReflection
public record SyncFailed(UUID sourceId, UUID panelId, UUID runId, String ownerId, String reason, Instant finishedAt) {
}
