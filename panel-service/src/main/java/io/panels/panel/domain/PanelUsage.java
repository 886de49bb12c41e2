package io.panels.panel.domain;

/** How many panels a tenant holds against its plan's limit. */
public record PanelUsage(long panels, int maxPanels, String plan, String status) {
}
