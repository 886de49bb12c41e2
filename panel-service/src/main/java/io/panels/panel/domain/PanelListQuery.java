package io.panels.panel.domain;

/**
 * One page of a tenant's panels.
 *
 * @param search   case-insensitive part of the name, or null
 * @param statuses which panels: active, archived, or both (null)
 * @param after    where the previous page ended, or null for the first page
 */
public record PanelListQuery(String search, PanelSort sort, boolean descending, PanelStatus statuses, int limit,
                             PanelCursor after) {
}
