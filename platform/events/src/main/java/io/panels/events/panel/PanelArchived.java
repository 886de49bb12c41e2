package io.panels.events.panel;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.UUID;

/** A panel was archived: its data is kept, its schema is frozen, it leaves the default lists. */
@RegisterForReflection
public record PanelArchived(UUID panelId, long version) {
}
