package io.panels.panel.domain;

import java.util.Locale;
import java.util.Optional;

/** The orders a panel list can have; each has its own index (tenant, sort value, id). */
public enum PanelSort {
    NAME,
    CREATED,
    UPDATED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Names read ascending, times newest first, unless the caller says otherwise. */
    public boolean descendingByDefault() {
        return this != NAME;
    }

    public static Optional<PanelSort> fromWire(String value) {
        for (PanelSort sort : values()) {
            if (sort.wireName().equals(value)) {
                return Optional.of(sort);
            }
        }
        return Optional.empty();
    }
}
