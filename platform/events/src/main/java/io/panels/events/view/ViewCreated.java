package io.panels.events.view;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;

/**
 * A view was created (by a user, as a duplicate, or as a panel's default grid view).
 *
 * @param by who created it: a user id, or the panel creator's id for a default view
 */
@RegisterForReflection
public record ViewCreated(ViewDefinition view, Instant at, String by) {
}
