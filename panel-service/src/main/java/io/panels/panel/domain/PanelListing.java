package io.panels.panel.domain;

/**
 * A panel as lists show it: its own fields and how many columns it has.
 *
 * @param nameKey the name as the database sorts it ({@code lower(name)}), what a name cursor holds
 */
public record PanelListing(Panel panel, int columnCount, String nameKey) {
}
