package io.panels.events.view;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;

/**
 * A view changed: by a user, or because a column it used was deleted or changed type.
 *
 * @param view the whole new state
 * @param by   the user who changed it, or {@code view-service} when a panel change caused it
 */
@RegisterForReflection
public record ViewUpdated(ViewDefinition view, Instant at, String by) {
}
