package io.panels.export.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The readers that skip Jackson's trees and java.time's formatters (ADR 0052) answer exactly what
 * the general path answers: the same numbers with the same scale, the same days and instants, and
 * text for what is not a valid value.
 */
class CellValuesTest {

    // As DataServiceClient reads the stream.
    private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private final ExportColumn number = new ExportColumn("n", "N", CellKind.NUMBER, null, null);
    private final ExportColumn date = new ExportColumn("d", "D", CellKind.DATE, null, null);
    private final ExportColumn dateTime = new ExportColumn("t", "T", CellKind.DATETIME, null, null);

    @Test
    void numbersFromTokensEqualNumbersFromNodes() throws Exception {
        for (String text : List.of("0", "-0", "12", "-1", "2147483648", "-9223372036854775808", "123456789012345678901234567890",
                "12.50", "12.5", "0.00", "-0.0", "100.0", "1000000.01", "0.1", "0.0000001", "1e3", "1.50E+2", "-4.25",
                "99999999999999999999.000000000001")) {
            Object expected = CellValues.read(number, json.readTree(text));
            try (JsonParser parser = json.getFactory().createParser(text)) {
                parser.nextToken();
                Object actual = CellValues.number(parser);
                assertEquals(expected, actual, text);
                assertEquals(expected.toString(), actual.toString(), text);
            }
        }
    }

    @Test
    void daysAsTheFormatterReadsThem() {
        for (String text : List.of("2024-03-01", "2024-02-29", "0001-01-01", "9999-12-31", "2024-03-01T10:00:00Z")) {
            assertEquals(LocalDate.parse(text.substring(0, 10)), CellValues.readText(date, text), text);
        }
        for (String text : List.of("2023-02-29", "2024-13-01", "2024-00-10", "2024-1-01x", "20x4-01-01", "+12024-01-01", "tomorrow")) {
            assertEquals(text, CellValues.readText(date, text), text);
        }
    }

    @Test
    void instantsAsTheFormatterReadsThem() {
        for (String text : List.of("2024-05-01T10:00:00Z", "2024-05-01T10:00:00.5Z", "2024-05-01T10:00:00.123Z",
                "2024-05-01T10:00:00.123456Z", "2024-05-01T10:00:00.123456789Z", "1969-12-31T23:59:59Z", "0001-01-01T00:00:00Z",
                "2024-05-01T10:00:00+02:00", "2024-05-01T10:00Z")) {
            assertEquals(OffsetDateTime.parse(text).toInstant(), CellValues.readText(dateTime, text), text);
        }
        for (String text : List.of("2024-05-01T24:00:00Z", "2024-05-01T10:60:00Z", "2024-02-30T10:00:00Z", "2024-05-01 10:00:00Z",
                "2024-05-01T10:00:00.1234567890Z")) {
            assertEquals(text, CellValues.readText(dateTime, text), text);
        }
        // Whatever the formatter makes of an odd form, the fast path leaves to it.
        String odd = "2024-05-01T10:00:00.Z";
        Object expected;
        try {
            expected = OffsetDateTime.parse(odd).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            expected = odd;
        }
        assertEquals(expected, CellValues.readText(dateTime, odd));
        assertEquals(Instant.parse("2024-05-01T10:00:00.000000001Z"), CellValues.readText(dateTime, "2024-05-01T10:00:00.000000001Z"));
    }
}
