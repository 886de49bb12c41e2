package io.panels.formula.functions;

import io.panels.formula.sql.SqlCall;
import io.panels.formula.types.Type;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * Dates are calendar dates; datetimes are instants, seen as a local date and time in the evaluation
 * time zone. Local times that a daylight-saving change skips move forward, and those it repeats
 * take the later instant: what PostgreSQL's {@code AT TIME ZONE} does.
 */
public final class DateTimes {

    private DateTimes() {}

    static LocalDateTime local(Object value, ZoneId zone) {
        return switch (value) {
            case LocalDate d -> d.atStartOfDay();
            case Instant i -> LocalDateTime.ofInstant(i, zone);
            default -> throw new IllegalArgumentException("not a date: " + value);
        };
    }

    static Instant instant(LocalDateTime local, ZoneId zone) {
        return ZonedDateTime.ofLocal(local, zone, null).withLaterOffsetAtOverlap().toInstant();
    }

    /** A SQL {@code timestamp} (without time zone) holding the local date and time of a date or datetime. */
    static String localSql(String sql, Type type, SqlCall call) {
        return type == Type.DATE
                ? "CAST(" + sql + " AS timestamp)"
                : "(" + sql + " AT TIME ZONE " + call.zone() + ")";
    }

    /** The instant of a local SQL timestamp in the evaluation time zone. */
    static String instantSql(String localSql, SqlCall call) {
        return "(" + localSql + " AT TIME ZONE " + call.zone() + ")";
    }

    static String fieldSql(String field, String localSql) {
        return field.equals("SECOND")
                ? "CAST(floor(EXTRACT(SECOND FROM " + localSql + ")) AS integer)"
                : "CAST(EXTRACT(" + field + " FROM " + localSql + ") AS integer)";
    }

    /** Seconds since the epoch, exactly, of a local date-time read as if it were UTC. */
    static java.math.BigDecimal epochSeconds(LocalDateTime local) {
        return java.math.BigDecimal.valueOf(local.toEpochSecond(ZoneOffset.UTC))
                .add(java.math.BigDecimal.valueOf(local.getNano() / 1000, 6));
    }

    static java.math.BigDecimal epochSeconds(Instant instant) {
        return java.math.BigDecimal.valueOf(instant.getEpochSecond())
                .add(java.math.BigDecimal.valueOf(instant.getNano() / 1000, 6));
    }

    /** Days since 0001-01-01, a Monday. */
    static long dayNumber(LocalDate date) {
        return date.toEpochDay() - LocalDate.of(1, 1, 1).toEpochDay();
    }
}
