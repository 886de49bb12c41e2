package io.panels.query.sql;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;

/**
 * The SQL type of a sort key, and the canonical text of its values in a cursor: exact (numbers keep
 * every digit, instants every microsecond) so that the next page starts exactly after the last row.
 */
public enum KeyType {
    TEXT("text"),
    NUMBER("numeric"),
    BOOLEAN("boolean"),
    DATE("date"),
    TIMESTAMP("timestamptz"),
    /** The position of a select option in the column's option list. */
    POSITION("integer"),
    UUID("uuid"),
    BIGINT("bigint");

    private final String sqlType;

    KeyType(String sqlType) {
        this.sqlType = sqlType;
    }

    public String sqlType() {
        return sqlType;
    }

    /** The canonical text of a value as the database driver returns it; {@code null} stays null. */
    public String canonical(Object value) {
        if (value == null) {
            return null;
        }
        return switch (this) {
            case TEXT, UUID, BOOLEAN -> value.toString();
            case NUMBER -> (value instanceof BigDecimal n ? n : new BigDecimal(value.toString())).toPlainString();
            case POSITION, BIGINT -> Long.toString(((Number) value).longValue());
            case DATE -> value instanceof java.sql.Date d ? d.toLocalDate().toString() : ((LocalDate) value).toString();
            case TIMESTAMP -> switch (value) {
                case OffsetDateTime t -> t.toInstant().toString();
                case ZonedDateTime t -> t.toInstant().toString();
                case Instant t -> t.toString();
                case java.sql.Timestamp t -> t.toInstant().toString();
                default -> throw new IllegalArgumentException("not an instant: " + value.getClass());
            };
        };
    }
}
