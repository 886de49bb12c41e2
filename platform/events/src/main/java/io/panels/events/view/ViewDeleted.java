package io.panels.events.view;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.UUID;

/**
 * A view was deleted: by a user, or because its panel was deleted.
 *
 * @param version the view's last version
 * @param by      the user who deleted it, or {@code view-service} when its panel was deleted
 */
@RegisterForReflection
public record ViewDeleted(UUID viewId, UUID panelId, long version, Instant at, String by) {
}
