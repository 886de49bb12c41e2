package io.panels.export.domain.format;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.zone.ZoneRules;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed values as text for the formats that only hold text (CSV, PDF), in the export's zone and date format.
 * Dates are formatted once per distinct day (a formatter call costs about a microsecond, and a million rows
 * carry millions of dates over few distinct days); a date-time is its local day so formatted and
 * {@code HH:mm:ss}, which is exactly what the pattern {@code <date pattern> HH:mm:ss} in the zone writes.
 * One instance per export (not thread-safe).
 */
final class Cells {

    /** Distinct days kept formatted; beyond, the cache starts again (memory stays bounded). */
    private static final int DAYS_CACHED = 4_096;

    private final DateTimeFormatter date;
    private final ZoneRules rules;
    private final ZoneOffset fixedOffset;
    private final Map<LocalDate, String> days = new HashMap<>();
    private final char[] time = new char[9];

    Cells(String datePattern, ZoneId zone) {
        this.date = DateTimeFormatter.ofPattern(datePattern);
        this.rules = zone.getRules();
        this.fixedOffset = rules.isFixedOffset() ? rules.getOffset(Instant.EPOCH) : null;
        this.time[0] = ' ';
        this.time[3] = ':';
        this.time[6] = ':';
    }

    String text(Object value) {
        return switch (value) {
            case null -> "";
            case String text -> text;
            case BigDecimal number -> number.toPlainString();
            case LocalDate day -> date(day);
            case Instant instant -> dateTime(instant);
            case List<?> names -> String.join(", ", names.stream().map(String::valueOf).toList());
            case JsonNode json -> json.isTextual() ? json.asText() : json.toString();
            default -> String.valueOf(value);
        };
    }

    String date(LocalDate day) {
        String text = days.get(day);
        if (text == null) {
            if (days.size() >= DAYS_CACHED) {
                days.clear();
            }
            text = date.format(day);
            days.put(day, text);
        }
        return text;
    }

    String dateTime(Instant instant) {
        ZoneOffset offset = fixedOffset != null ? fixedOffset : rules.getOffset(instant);
        long local = instant.getEpochSecond() + offset.getTotalSeconds();
        int seconds = (int) Math.floorMod(local, 86_400L);
        String day = date(LocalDate.ofEpochDay(Math.floorDiv(local, 86_400L)));
        two(1, seconds / 3_600);
        two(4, seconds / 60 % 60);
        two(7, seconds % 60);
        return day.concat(new String(time));
    }

    private void two(int at, int value) {
        time[at] = (char) ('0' + value / 10);
        time[at + 1] = (char) ('0' + value % 10);
    }
}
