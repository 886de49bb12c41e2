package io.panels.events.panel;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.UUID;

/** A panel's name, description, icon or colour changed; carries the whole new metadata. */
@RegisterForReflection
public record PanelUpdated(UUID panelId, String name, String description, String icon, String colour, long version) {
}
