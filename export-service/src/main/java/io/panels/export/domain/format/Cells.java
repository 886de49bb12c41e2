package io.panels.export.domain.format;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** Typed values as text for the formats that only hold text (CSV, PDF), in the export's zone and date format. */
final class Cells {

    private final DateTimeFormatter date;
    private final DateTimeFormatter dateTime;

    Cells(String datePattern, ZoneId zone) {
        this.date = DateTimeFormatter.ofPattern(datePattern);
        this.dateTime = DateTimeFormatter.ofPattern(datePattern + " HH:mm:ss").withZone(zone);
    }

    String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof BigDecimal number) {
            return number.toPlainString();
        }
        if (value instanceof LocalDate day) {
            return date.format(day);
        }
        if (value instanceof Instant instant) {
            return dateTime.format(instant);
        }
        if (value instanceof List<?> names) {
            return String.join(", ", names.stream().map(String::valueOf).toList());
        }
        if (value instanceof JsonNode json) {
            return json.isTextual() ? json.asText() : json.toString();
        }
        return String.valueOf(value);
    }
}
