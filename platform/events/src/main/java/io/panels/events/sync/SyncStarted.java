package io.panels.events.sync;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.UUID;

/**
 * A sync run of a data source began.
 *
 * @param trigger what started it, e.g. {@code schedule}, {@code manual}, {@code webhook}
 * @param ownerId the Keycloak user id of the data source's owner (the one told when it ends)
 */
@RegisterForReflection
public record SyncStarted(UUID sourceId, UUID panelId, UUID runId, String trigger, String ownerId, Instant startedAt) {
}
