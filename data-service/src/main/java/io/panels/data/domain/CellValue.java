package io.panels.data.domain;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A checked value for one column: what is bound to SQL and what events and history record.
 *
 * @param sql    the value to bind (String, BigDecimal, Boolean, LocalDate, OffsetDateTime, String[]; JSON as
 *               its text) or null for blank
 * @param json   the value as the API shows it (NullNode for blank)
 */
public record CellValue(PanelColumn column, Object sql, JsonNode json) {

    /** The placeholder with its cast, so the driver never guesses a type. */
    public String placeholder(int number) {
        String type = StorageTypes.sqlType(column.type());
        return "jsonb".equals(type) ? "CAST(CAST($" + number + " AS text) AS jsonb)" : "CAST($" + number + " AS " + type + ")";
    }

    public boolean blank() {
        return sql == null;
    }
}
