package io.panels.events.sync;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.UUID;

/**
 * A sync run finished; the counts say what it did to the panel's rows ({@code failed}: source
 * records that could not be applied).
 */
@RegisterForReflection
public record SyncCompleted(UUID sourceId, UUID panelId, UUID runId, String ownerId, long read, long inserted,
                            long updated, long deleted, long failed, Instant finishedAt) {
}
