package io.panels.events.view;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One column of a view, in the view's display order.
 *
 * @param key     the column's stable key (never changed by a rename)
 * @param visible whether the view shows it (hidden columns are never rendered, nor shared)
 * @param width   the width in pixels, or null for the client's default
 */
@RegisterForReflection
public record ViewColumn(String key, boolean visible, Integer width) {
}
