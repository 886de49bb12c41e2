package io.panels.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The rows every benchmark panel holds, the same in Panels and in NocoDB: ten columns of the common
 * types, each row a function of its number alone (so batches, CSV files and the peer's bulk inserts
 * carry exactly the same rows whatever their boundaries).
 */
final class Dataset {

    /** Column key, Panels type, NocoDB uidt. */
    record Column(String key, String panelsType, String nocoType) {
    }

    static final List<Column> COLUMNS = List.of(
            new Column("name", "text", "SingleLineText"),
            new Column("num", "number", "Number"),
            new Column("amount", "number", "Decimal"),
            new Column("qty", "number", "Number"),
            new Column("cat", "single_select", "SingleSelect"),
            new Column("day", "date", "Date"),
            new Column("at", "datetime", "DateTime"),
            new Column("done", "boolean", "Checkbox"),
            new Column("email", "email", "Email"),
            new Column("note", "long_text", "LongText"));

    static final List<String> OPTIONS = List.of("A", "B", "C", "D");
    private static final LocalDate FIRST_DAY = LocalDate.of(2024, 1, 1);
    private static final long FIRST_SECOND = Instant.parse("2024-01-01T00:00:00Z").getEpochSecond();
    private static final String[] WORDS = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"};

    /** One row's values. */
    record Row(int n, String name, int num, double amount, int qty, String cat, LocalDate day, Instant at, boolean done,
            String email, String note) {
    }

    private Dataset() {
    }

    static Row row(int n) {
        SplittableRandom random = new SplittableRandom(0x5EED_0000L + n);
        return new Row(n, "Row " + n, random.nextInt(1_000_000), random.nextInt(1_000_000) / 100.0, random.nextInt(100),
                OPTIONS.get(random.nextInt(OPTIONS.size())), FIRST_DAY.plusDays(random.nextInt(730)),
                Instant.ofEpochSecond(FIRST_SECOND + random.nextLong(730L * 86_400)), random.nextBoolean(),
                "user" + n + "@example.com", "note " + n + " " + WORDS[random.nextInt(WORDS.length)] + " " + WORDS[random.nextInt(WORDS.length)]);
    }

    /** The row as Panels' rows API takes it: the select by option id. */
    static ObjectNode panelsValues(Row row, Map<String, String> optionIds) {
        ObjectNode values = Json.object();
        values.put("name", row.name()).put("num", row.num()).put("amount", row.amount()).put("qty", row.qty())
                .put("cat", optionIds.get(row.cat())).put("day", row.day().toString()).put("at", row.at().toString())
                .put("done", row.done()).put("email", row.email()).put("note", row.note());
        return values;
    }

    /** {"rows": [{"values": ...}, ...]} for Panels' batch-create, rows first .. first+count-1. */
    static String panelsBatch(int first, int count, Map<String, String> optionIds) {
        ObjectNode body = Json.object();
        ArrayNode rows = body.putArray("rows");
        for (int n = first; n < first + count; n++) {
            rows.addObject().set("values", panelsValues(row(n), optionIds));
        }
        return Json.write(body);
    }

    /** The row as NocoDB's records API takes it. */
    static ObjectNode nocoRecord(Row row) {
        ObjectNode record = Json.object();
        record.put("name", row.name()).put("num", row.num()).put("amount", row.amount()).put("qty", row.qty())
                .put("cat", row.cat()).put("day", row.day().toString())
                .put("at", row.at().toString().replace('T', ' ').replace("Z", "+00:00"))
                .put("done", row.done()).put("email", row.email()).put("note", row.note());
        return record;
    }

    static String nocoBatch(int first, int count) {
        ArrayNode records = Json.MAPPER.createArrayNode();
        for (int n = first; n < first + count; n++) {
            records.add(nocoRecord(row(n)));
        }
        return Json.write(records);
    }

    /** Rows first .. first+count-1 as a CSV file with a header of column keys (selects by name). */
    static Path csv(int first, int count) {
        try {
            Path file = Files.createTempFile("panels-bench-", ".csv");
            try (BufferedWriter out = Files.newBufferedWriter(file)) {
                out.write("name,num,amount,qty,cat,day,at,done,email,note\n");
                for (int n = first; n < first + count; n++) {
                    out.write(csvLine(row(n)));
                }
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String csvLine(Row row) {
        return row.name() + ',' + row.num() + ',' + String.format(Locale.ROOT, "%.2f", row.amount()) + ',' + row.qty() + ','
                + row.cat() + ',' + row.day() + ',' + row.at() + ',' + row.done() + ',' + row.email() + ',' + row.note() + '\n';
    }

    /** Panels' column definitions for POST /api/v1/panels. */
    static ArrayNode panelsColumns() {
        ArrayNode columns = Json.MAPPER.createArrayNode();
        for (Column column : COLUMNS) {
            ObjectNode c = columns.addObject().put("key", column.key()).put("name", column.key()).put("type", column.panelsType());
            switch (column.key()) {
                case "amount" -> c.putObject("settings").put("precision", 2);
                case "cat" -> {
                    ArrayNode options = c.putObject("settings").putArray("options");
                    OPTIONS.forEach(o -> options.addObject().put("name", o).put("colour", "blue"));
                }
                case "at" -> c.putObject("settings").put("timeZone", "UTC");
                default -> {
                }
            }
        }
        return columns;
    }

    /** NocoDB's column definitions for POST /api/v2/meta/bases/{id}/tables. */
    static ArrayNode nocoColumns() {
        ArrayNode columns = Json.MAPPER.createArrayNode();
        for (Column column : COLUMNS) {
            ObjectNode c = columns.addObject().put("column_name", column.key()).put("title", column.key()).put("uidt", column.nocoType());
            if (column.key().equals("name")) {
                c.put("pv", true);
            }
            if (column.key().equals("cat")) {
                ArrayNode options = c.putObject("colOptions").putArray("options");
                for (int i = 0; i < OPTIONS.size(); i++) {
                    options.addObject().put("title", OPTIONS.get(i)).put("order", i + 1);
                }
            }
        }
        return columns;
    }
}
