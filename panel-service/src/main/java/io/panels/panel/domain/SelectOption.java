package io.panels.panel.domain;

/** A choice of a select column. Rows hold {@code id}, so renaming or recolouring touches no row. */
public record SelectOption(String id, String name, String colour) {
}
