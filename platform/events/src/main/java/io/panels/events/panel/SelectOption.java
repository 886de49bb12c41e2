package io.panels.events.panel;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** One choice of a select column: rows store {@code id}; {@code name} and {@code colour} are display only. */
@RegisterForReflection
public record SelectOption(String id, String name, String colour) {
}
