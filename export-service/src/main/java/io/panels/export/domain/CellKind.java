package io.panels.export.domain;

import java.util.Locale;

/** What a column's values are once read from data-service, whatever the panel column type. */
public enum CellKind {
    TEXT, NUMBER, BOOLEAN, DATE, DATETIME, OPTIONS, JSON;

    /** The kind of a panel column type (docs/panel-service.md); a formula by its result type. */
    public static CellKind of(String type, String formulaResultType) {
        String effective = "formula".equals(type) && formulaResultType != null ? formulaResultType : type;
        return switch (effective == null ? "" : effective.toLowerCase(Locale.ROOT)) {
            case "number", "currency", "percent", "rating", "duration", "autonumber" -> NUMBER;
            case "boolean" -> BOOLEAN;
            case "date" -> DATE;
            case "datetime", "created_time", "last_modified_time" -> DATETIME;
            case "multi_select" -> OPTIONS;
            case "json" -> JSON;
            default -> TEXT;
        };
    }
}
