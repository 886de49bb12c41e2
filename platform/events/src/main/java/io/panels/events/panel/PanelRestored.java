package io.panels.events.panel;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.UUID;

/** An archived panel is active again. */
@RegisterForReflection
public record PanelRestored(UUID panelId, long version) {
}
