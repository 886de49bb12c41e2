package io.panels.events.sync;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.UUID;

/**
 * A sync run of a data source was asked for: the command data-service's sync workers consume
 * (keyed by data source id, so the runs of one source stay on one partition). The run already
 * exists (status {@code queued}) when the command is published.
 *
 * @param trigger     {@code schedule} or {@code manual}
 * @param requestedBy the Keycloak user id of who asked; null for a scheduled run
 */
@RegisterForReflection
public record SyncRequested(UUID sourceId, UUID panelId, UUID runId, String trigger, String requestedBy,
                            Instant requestedAt) {
}
