package io.panels.panel.domain;

/** A panel's own descriptive fields, as a caller sets them. */
public record PanelDetails(String name, String description, String icon, String colour) {

    /** Trimmed, with blank optional fields as null. */
    public PanelDetails normalized() {
        return new PanelDetails(name == null ? null : name.strip(), blankToNull(description), blankToNull(icon),
                blankToNull(colour));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
