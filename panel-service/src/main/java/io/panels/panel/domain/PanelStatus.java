package io.panels.panel.domain;

import java.util.Locale;

/** Archived panels keep their data but their schema is frozen and they leave the default lists. */
public enum PanelStatus {
    ACTIVE,
    ARCHIVED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
