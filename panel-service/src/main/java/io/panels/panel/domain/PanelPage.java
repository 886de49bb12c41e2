package io.panels.panel.domain;

import java.util.List;

/** One page of panels and where the next starts (null on the last page). */
public record PanelPage(List<PanelListing> items, PanelCursor next) {
}
