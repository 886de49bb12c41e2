package io.panels.export.domain.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Dates and date-times written without a formatter call per value (ADR 0052) read exactly as the formatter writes them. */
class CellsTest {

    @Test
    void dateTimesAsTheFormatterWritesThemInEveryZoneAndPattern() {
        List<Instant> instants = List.of(Instant.parse("2024-03-31T00:59:59Z"), Instant.parse("2024-03-31T01:00:00Z"),
                Instant.parse("2024-10-27T00:30:00.999Z"), Instant.parse("2024-10-27T01:30:00Z"), Instant.parse("1969-12-31T23:59:59Z"),
                Instant.parse("1900-01-01T12:00:00Z"), Instant.parse("2023-12-31T23:59:59Z"), Instant.EPOCH,
                Instant.parse("2024-06-15T13:45:07.123456Z"));
        for (String pattern : List.of("yyyy-MM-dd", "dd.MM.yyyy", "d/M/yy", "MM dd yyyy")) {
            for (String zone : List.of("UTC", "Europe/Paris", "America/St_Johns", "Asia/Kathmandu", "Pacific/Kiritimati")) {
                Cells cells = new Cells(pattern, ZoneId.of(zone));
                DateTimeFormatter expected = DateTimeFormatter.ofPattern(pattern + " HH:mm:ss").withZone(ZoneId.of(zone));
                for (Instant instant : instants) {
                    assertEquals(expected.format(instant), cells.dateTime(instant), pattern + " " + zone + " " + instant);
                    assertEquals(expected.format(instant), cells.text(instant), pattern + " " + zone + " " + instant);
                }
                for (int day = 0; day < 5_000; day += 7) {
                    LocalDate date = LocalDate.of(2020, 1, 1).plusDays(day);
                    assertEquals(DateTimeFormatter.ofPattern(pattern).format(date), cells.date(date), pattern + " " + date);
                }
            }
        }
    }
}
