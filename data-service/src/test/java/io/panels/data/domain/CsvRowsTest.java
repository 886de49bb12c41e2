package io.panels.data.domain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.panels.common.problem.FieldError;
import io.panels.data.store.BulkLoad;
import io.panels.data.store.CopyText;
import io.panels.events.panel.ColumnSettings;
import io.panels.events.panel.SelectOption;
import io.panels.query.schema.ColumnType;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The import's shortcuts ({@link CsvRows}, {@link CsvRecords#nextInto}) against the general rules
 * they stand in for: for every value tried, the same verdict and the same bytes in the COPY as the
 * rows API's checks ({@link CsvValues}, {@link RowValues}) and {@link BulkLoad}'s encoding give.
 */
class CsvRowsTest {

    private static final UUID TENANT = UUID.randomUUID();
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final List<SelectOption> OPTIONS = List.of(new SelectOption("opt1", "Todo", "blue"),
            new SelectOption("opt2", "Doing", "red"), new SelectOption("Todo", "Other", "red"), new SelectOption("opt4", "doing", "red"),
            new SelectOption("opt5", "Straße", "red"), new SelectOption("opt6", "with space ", "red"));

    private static ColumnSettings settings(Integer precision, String zone, List<SelectOption> options, Integer max) {
        return new ColumnSettings(precision, null, zone, null, options, max, null, null, null, null);
    }

    private static PanelColumn column(String key, ColumnType type, boolean required, JsonNode defaultValue, ColumnSettings settings,
                                      int position) {
        return new PanelColumn(UUID.randomUUID(), key, key, type, position, required, false, defaultValue, settings, "c_" + key, null);
    }

    private static PanelSchema panel(List<PanelColumn> columns) {
        return new PanelSchema(UUID.randomUUID(), TENANT, "p_test", 1, PanelSchema.Status.ACTIVE, PARIS, columns);
    }

    /** The general path: what the import wrote for a line before the shortcuts (null when it refused the line). */
    private static byte[] general(PanelSchema panel, List<PanelColumn> bound, List<String> fields) {
        Map<String, JsonNode> given = new HashMap<>();
        for (int i = 0; i < fields.size() && i < bound.size(); i++) {
            if (bound.get(i) != null) {
                try {
                    given.put(bound.get(i).key(), CsvValues.of(bound.get(i), fields.get(i)));
                } catch (CsvValues.Unreadable unreadable) {
                    return null;
                }
            }
        }
        List<FieldError> errors = new ArrayList<>();
        Map<String, CellValue> checked = RowValues.forCreate(panel, given, "", errors);
        if (!errors.isEmpty()) {
            return null;
        }
        StringBuilder row = new StringBuilder();
        for (PanelColumn column : panel.columns()) {
            if (!column.computed()) {
                row.append('\t');
                BulkLoad.encodeValue(row, checked.get(column.key()).sql());
            }
        }
        return row.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The shortcut: what it writes for the line (null when it refuses it). */
    private static byte[] fast(CsvRows rows, List<String> fields) {
        CsvRecords.Batch batch = new CsvRecords.Batch(16);
        batch.add(fields, 7);
        CopyText out = new CopyText(16);
        out.text("before");
        boolean written = rows.write(batch, 0, 1, 2, (text, line, msb, lsb) -> assertEquals(7, line), out);
        byte[] all = out.toByteArray();
        if (!written) {
            assertEquals("before", new String(all, StandardCharsets.UTF_8), "a refused line leaves nothing behind");
            return null;
        }
        return java.util.Arrays.copyOfRange(all, "before".length(), all.length);
    }

    private static void agree(PanelSchema panel, List<PanelColumn> bound, List<String> fields) {
        CsvRows rows = CsvRows.of(panel, bound, panel.columns().stream().filter(c -> !c.computed()).toList());
        assertNotNull(rows);
        byte[] expected = general(panel, bound, fields);
        byte[] actual = fast(rows, fields);
        if (expected == null) {
            assertNull(actual, () -> "the general rules refuse " + fields + " but the shortcut wrote "
                    + new String(actual, StandardCharsets.UTF_8));
        } else {
            assertNotNull(actual, () -> "the general rules accept " + fields + " as " + new String(expected, StandardCharsets.UTF_8)
                    + " but the shortcut refused it");
            assertArrayEquals(expected, actual, () -> fields + ": " + new String(expected, StandardCharsets.UTF_8) + " vs "
                    + new String(actual, StandardCharsets.UTF_8));
        }
    }

    private static void agreeOnEach(PanelColumn column, List<String> values) {
        PanelSchema panel = panel(List.of(column));
        for (String value : values) {
            agree(panel, panel.columns(), List.of(value));
        }
    }

    private static final String ALPHABET = "0123456789-.+eE :TZz@aA\u00e9\u00a0\u2003\0\\\n\r\t,x/\"#_\uD83D\uDE00";

    /** Random strings of the characters that mean something to some type, and random near-valid values. */
    private static List<String> samples(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<String> values = new ArrayList<>(List.of("", " ", "0", "-0", "00", "-00.000", "007", "1", "-1", "1.5", "1.50", "-0.50",
                "12.345", "12.3", "1e5", "+5", ".5", "5.", "-", "1.2.3", " 7", "7 ", "\u00a07", "123456789012345678901234567890.123456789",
                "9".repeat(101), "0." + "0".repeat(99) + "1", "true", "TRUE", "Yes", "y", "X", "on", "Checked", "unchecked", "OFF", "n", "nope",
                "truex", "tru", "2024-02-29", "2023-02-29", "2024-13-01", "2024-00-10", "0000-01-01", "0001-01-01", "9999-12-31", "2024-1-01",
                " 2024-01-01", "2024-01-01T10:00:00Z", "2024-01-01T10:00:30Z", "2024-01-01T24:00:00Z", "2024-01-01T10:60:00Z",
                "2024-01-01T10:00:60Z", "2024-01-01T10:00:00", "2024-01-01T10:00:00+02:00", "2024-01-01T10:00:00.5Z", "2024-01-01",
                "0000-12-31T23:00:00Z", "9999-12-31T23:59:59Z", "2024-03-31T01:30:00", "a@b.c", "a@b.", "@b.c", "a@.c", "a@b..c", "a@@b.c",
                "a b@c.d", "a@b.c ", " a@b.c", "user1@example.com", "x@y.z.w", "a@b.c\u00e9", "\u00e9a@b.c", "a\0@b.c", "a@b\t.c",
                "http://x", "https://example.com/a?b", "ftp://x", "http:// x", "+33 1 23 45 67 89", "12", "(555) 123-4567", "todo", "TODO",
                "Todo", "opt1", "OPT1", "doing", "Doing", "DOING", "Other", "strasse", "STRASSE", "straße", "with space", "with space ",
                "opt2,opt1", "Todo, Doing", "{\"a\": 1}", "[1,2]", "text with \\ backslash", "tab\there", "line\nbreak", "cr\rhere",
                "emoji \uD83D\uDE00", "nul\0here", "x".repeat(100_001)));
        for (int i = 0; i < 3_000; i++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(16);
            for (int k = 0; k < length; k++) {
                text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            values.add(text.toString());
            values.add(String.format("%s%d.%0" + (1 + random.nextInt(3)) + "d", random.nextBoolean() ? "-" : "", random.nextInt(1000),
                    random.nextInt(1000)));
            values.add(String.format("%04d-%02d-%02d", random.nextInt(10_000), random.nextInt(14), random.nextInt(33)));
            values.add(String.format("%04d-%02d-%02dT%02d:%02d:%02dZ", random.nextInt(10_000), random.nextInt(14), random.nextInt(33),
                    random.nextInt(26), random.nextInt(62), random.nextInt(2) == 0 ? 0 : random.nextInt(62)));
            values.add("u" + random.nextInt(100) + (random.nextBoolean() ? "@" : "") + "ex" + (random.nextBoolean() ? "." : "")
                    + (random.nextBoolean() ? "c" : ""));
        }
        return values;
    }

    @Test
    void everyTypeAcceptsRefusesAndWritesValuesAsTheRowsApiRules() {
        List<String> values = samples(42);
        JsonNodeFactory json = JsonNodeFactory.instance;
        List<PanelColumn> columns = List.of(
                column("t", ColumnType.TEXT, false, null, settings(null, null, null, null), 0),
                column("lt", ColumnType.LONG_TEXT, true, null, settings(null, null, null, null), 0),
                column("e", ColumnType.EMAIL, false, null, settings(null, null, null, null), 0),
                column("u", ColumnType.URL, false, null, settings(null, null, null, null), 0),
                column("ph", ColumnType.PHONE, true, null, settings(null, null, null, null), 0),
                column("n", ColumnType.NUMBER, false, null, settings(null, null, null, null), 0),
                column("n2", ColumnType.NUMBER, false, null, settings(2, null, null, null), 0),
                column("c0", ColumnType.CURRENCY, true, null, settings(0, null, null, null), 0),
                column("pc", ColumnType.PERCENT, false, null, settings(1, null, null, null), 0),
                column("du", ColumnType.DURATION, false, null, settings(null, null, null, null), 0),
                column("r", ColumnType.RATING, false, null, settings(null, null, null, 7), 0),
                column("b", ColumnType.BOOLEAN, false, null, settings(null, null, null, null), 0),
                column("b2", ColumnType.BOOLEAN, true, json.booleanNode(true), settings(null, null, null, null), 0),
                column("d", ColumnType.DATE, false, null, settings(null, null, null, null), 0),
                column("dt", ColumnType.DATETIME, false, null, settings(null, "UTC", null, null), 0),
                column("dtp", ColumnType.DATETIME, false, null, settings(null, null, null, null), 0),
                column("dtx", ColumnType.DATETIME, false, null, settings(null, "Not/AZone", null, null), 0),
                column("s", ColumnType.SINGLE_SELECT, false, null, settings(null, null, OPTIONS, null), 0),
                column("sr", ColumnType.SINGLE_SELECT, true, null, settings(null, null, OPTIONS, null), 0),
                column("ms", ColumnType.MULTI_SELECT, false, null, settings(null, null, OPTIONS, null), 0),
                column("j", ColumnType.JSON, false, null, settings(null, null, null, null), 0));
        for (PanelColumn column : columns) {
            agreeOnEach(column, values);
        }
    }

    @Test
    void linesWithMissingIgnoredAndDefaultedFieldsAreWrittenAsTheRowsApiRules() {
        JsonNodeFactory json = JsonNodeFactory.instance;
        PanelColumn name = column("name", ColumnType.TEXT, true, null, settings(null, null, null, null), 0);
        PanelColumn price = column("price", ColumnType.NUMBER, false, json.numberNode(new java.math.BigDecimal("9.999")),
                settings(2, null, null, null), 1);
        PanelColumn status = column("status", ColumnType.SINGLE_SELECT, false, json.textNode("opt2"), settings(null, null, OPTIONS, null), 2);
        PanelColumn broken = column("broken", ColumnType.NUMBER, false, json.textNode("not a number"), settings(null, null, null, null), 3);
        PanelColumn when = column("when", ColumnType.DATE, true, json.textNode("2024-05-01"), settings(null, null, null, null), 4);
        PanelColumn formula = new PanelColumn(UUID.randomUUID(), "twice", "twice", ColumnType.FORMULA, 5, false, false, null,
                new ColumnSettings(null, null, null, null, null, null, "{price} * 2", "number", List.of("price"), true), "c_twice", "x");
        PanelSchema panel = panel(List.of(name, price, status, broken, when, formula));
        List<PanelColumn> bound = java.util.Arrays.asList(null, name, price, null);
        for (List<String> fields : List.of(List.of("x", "First", "1.5", "y"), List.of("x", "Second"), List.of("x"), List.of("x", "", "2"),
                List.of("x", "Third", "cheap", "z"), List.of("x", "Tab\tand \\", "1.005"), List.of("x", "Fourth", "", "", "extra"))) {
            agree(panel, bound, fields);
        }
        // The shortcut stands aside where the general path must decide every line.
        List<PanelColumn> writable = panel.columns().stream().filter(c -> !c.computed()).toList();
        assertNull(CsvRows.of(panel, List.of(name, name), writable), "one column from two fields");
        assertNull(CsvRows.of(panel, List.of(formula), writable), "a computed column");
        assertNotNull(CsvRows.of(panel, bound, writable));
    }

    @Test
    void batchesReadRecordsAsOneByOneReadingDoes() throws IOException {
        SplittableRandom random = new SplittableRandom(7);
        String pieces = "ab,\"\"\n\r\n\r;\t é\uD83D\uDE00";
        for (int round = 0; round < 2_000; round++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(60);
            for (int i = 0; i < length; i++) {
                text.append(pieces.charAt(random.nextInt(pieces.length())));
            }
            char delimiter = round % 2 == 0 ? ',' : ';';
            List<Object> expected = readAll(new CsvRecords(new StringReader(text.toString()), delimiter), false);
            // A few characters per read: runs of plain characters cross the reader's buffer.
            List<Object> actual = readAll(new CsvRecords(trickle(text.toString(), round), delimiter), true);
            assertEquals(expected, actual, () -> "records of " + text.toString().replace("\n", "\\n").replace("\r", "\\r"));
        }
        // Thousands of records in one batch (its arrays grow), the same as one by one.
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 5_000; i++) {
            many.append(i).append(",\"q").append(i % 7 == 0 ? "\n" : "").append("\",x\r\n");
        }
        CsvRecords byOne = new CsvRecords(new StringReader(many.toString()), ',');
        CsvRecords byBatch = new CsvRecords(trickle(many.toString(), 3), ',');
        CsvRecords.Batch big = new CsvRecords.Batch(8);
        while (byBatch.nextInto(big)) {
            int last = big.records() - 1;
            assertEquals(byOne.next(), big.fields(last));
            assertEquals(byOne.line(), big.line(last));
        }
        assertEquals(5_000, big.records());
        assertNull(byOne.next());
        // A field longer than the limit fails as it did, on its record's line.
        String tooLong = "a\nb\n" + "x".repeat(CsvRecords.MAX_FIELD + 1) + "\n";
        CsvRecords csv = new CsvRecords(new StringReader(tooLong), ',');
        CsvRecords.Batch batch = new CsvRecords.Batch(16);
        assertTrue(csv.nextInto(batch));
        assertTrue(csv.nextInto(batch));
        CsvRecords.MalformedCsvException failure = assertThrows(CsvRecords.MalformedCsvException.class, () -> csv.nextInto(batch));
        assertEquals(3, failure.line());
    }

    /** A reader that hands out 1 to 5 characters at a time. */
    private static java.io.Reader trickle(String text, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        StringReader in = new StringReader(text);
        return new java.io.Reader() {
            @Override
            public int read(char[] buffer, int offset, int length) throws IOException {
                return in.read(buffer, offset, Math.min(length, 1 + random.nextInt(5)));
            }

            @Override
            public void close() {
                in.close();
            }
        };
    }

    /** Each record's line and fields, then the failure if any: by {@link CsvRecords#next()} or by batches. */
    private static List<Object> readAll(CsvRecords csv, boolean batches) throws IOException {
        List<Object> read = new ArrayList<>();
        try {
            if (!batches) {
                for (List<String> fields = csv.next(); fields != null; fields = csv.next()) {
                    read.add(csv.line() + ":" + fields);
                }
                return read;
            }
            CsvRecords.Batch batch = new CsvRecords.Batch(4);
            while (true) {
                if (batch.records() == 3) {
                    batch.clear();
                }
                if (!csv.nextInto(batch)) {
                    return read;
                }
                int last = batch.records() - 1;
                read.add(batch.line(last) + ":" + batch.fields(last));
            }
        } catch (CsvRecords.MalformedCsvException e) {
            read.add("failed at " + e.line() + ": " + e.getMessage());
            return read;
        }
    }

    @Test
    void copyTextWritesUuidsNumbersAndEscapedUtf8() {
        CopyText out = new CopyText(1);
        UUID id = UUID.randomUUID();
        out.uuid(id.getMostSignificantBits(), id.getLeastSignificantBits());
        out.tab();
        out.number(0);
        out.tab();
        out.number(1234567890123L);
        out.tab();
        out.text("a\\b\tc\nd\re \u00e9 \u20ac \uD83D\uDE00");
        out.endRow();
        assertEquals(id + "\t0\t1234567890123\ta\\\\b\\tc\\nd\\re \u00e9 \u20ac \uD83D\uDE00\n",
                new String(out.toByteArray(), StandardCharsets.UTF_8));
        int mark = out.mark();
        out.text("dropped");
        out.reset(mark);
        out.blank();
        assertTrue(new String(out.toByteArray(), StandardCharsets.UTF_8).endsWith("\n\\N"));
    }
}
