package io.panels.query;

import io.panels.formula.types.Type;
import io.panels.query.schema.ColumnSchema;
import io.panels.query.schema.ColumnType;
import io.panels.query.schema.IdType;
import io.panels.query.schema.SelectOption;
import io.panels.query.schema.TableSchema;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * A panel table with one column of each kind and a few hundred deterministic rows, blanks of every
 * sort included, created as a temporary table of the test's own connection.
 */
final class TestPanel {

    static final String TABLE = "q_rows";

    /** One row as Java sees it; the reference evaluator reads these. */
    record Row(UUID id, String name, String notes, BigDecimal price, Integer rating, Boolean active,
               LocalDate due, Instant at, String status, List<String> tags, String meta, String owner) {

        /** The formula column {@code total} = {@code {price} * {rating}}, blank when either is. */
        BigDecimal total() {
            return price == null || rating == null ? null : price.multiply(BigDecimal.valueOf(rating));
        }

        String idText() {
            return id.toString();
        }
    }

    static final List<SelectOption> STATUS = List.of(
            new SelectOption("done", "Done"), new SelectOption("todo", "To do"), new SelectOption("doing", "Doing"));
    static final List<SelectOption> TAGS = List.of(
            new SelectOption("red", "Red"), new SelectOption("green", "Green"), new SelectOption("blue", "Blue"));

    static TableSchema schema() {
        return new TableSchema("pg_temp", TABLE, "id", IdType.UUID, List.of(
                ColumnSchema.of("name", "Name", ColumnType.TEXT, "c_name"),
                ColumnSchema.of("notes", "Notes", ColumnType.LONG_TEXT, "c_notes"),
                ColumnSchema.of("price", "Price", ColumnType.CURRENCY, "c_price"),
                ColumnSchema.of("rating", "Rating", ColumnType.RATING, "c_rating"),
                ColumnSchema.of("active", "Active", ColumnType.BOOLEAN, "c_active"),
                ColumnSchema.of("due", "Due", ColumnType.DATE, "c_due"),
                ColumnSchema.of("at", "At", ColumnType.DATETIME, "c_at"),
                ColumnSchema.select("status", "Status", ColumnType.SINGLE_SELECT, "c_status", STATUS),
                ColumnSchema.select("tags", "Tags", ColumnType.MULTI_SELECT, "c_tags", TAGS),
                ColumnSchema.of("meta", "Meta", ColumnType.JSON, "c_meta"),
                ColumnSchema.of("owner", "Owner", ColumnType.CREATED_BY, "c_owner"),
                ColumnSchema.formula("total", "Total", "{price} * {rating}", Type.NUMBER)));
    }

    static List<Row> rows(int count) {
        Random random = new Random(20240615);
        String[] names = {"Alpha", "alpha beta", "Gamma_1", "100% sure", "O'Brien", "back\\slash", "Éclair",
                "zeta", "", "Beta", "delta ray", "ALPHA", "éclair au café"};
        String[] notes = {"urgent call", "follow up", "Call back Monday", "nothing"};
        String[] status = {"done", "todo", "doing", ""};
        String[] metas = {"null", "{}", "[]", "{\"a\": 1}", "[1, 2]", "\"\""};
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            UUID id = new UUID(random.nextLong(), random.nextLong());
            String name = random.nextInt(8) == 0 ? null : names[random.nextInt(names.length)] + (random.nextBoolean() ? "" : " " + random.nextInt(4));
            String note = random.nextInt(3) == 0 ? null : notes[random.nextInt(notes.length)];
            BigDecimal price = random.nextInt(9) == 0 ? null
                    : BigDecimal.valueOf(random.nextInt(600) - 100, 0).add(BigDecimal.valueOf(random.nextInt(4) * 25, 2));
            Integer rating = random.nextInt(6) == 0 ? null : 1 + random.nextInt(5);
            Boolean active = random.nextInt(4) == 0 ? null : random.nextBoolean();
            LocalDate due = random.nextInt(7) == 0 ? null : LocalDate.of(2024, 5, 1).plusDays(random.nextInt(90));
            Instant at = random.nextInt(7) == 0 ? null
                    : Instant.parse("2024-05-01T00:00:00Z").plusSeconds(random.nextInt(90 * 24 * 60) * 60L).plusNanos(random.nextInt(1_000_000) * 1_000L);
            String st = random.nextInt(6) == 0 ? null : status[random.nextInt(status.length)];
            List<String> tags = switch (random.nextInt(7)) {
                case 0 -> null;
                case 1 -> List.of();
                default -> {
                    List<String> chosen = new ArrayList<>();
                    for (SelectOption tag : TAGS) {
                        if (random.nextBoolean()) {
                            chosen.add(tag.id());
                        }
                    }
                    yield chosen;
                }
            };
            String meta = random.nextInt(5) == 0 ? null : metas[random.nextInt(metas.length)];
            String owner = random.nextInt(5) == 0 ? null : "user-" + random.nextInt(3);
            rows.add(new Row(id, name, note, price, rating, active, due, at, st, tags, meta, owner));
        }
        return rows;
    }

    /** The panels database uses the C.UTF-8 collation: text sorts in code-point order, as Java compares it. */
    static void create(Connection connection, List<Row> rows) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TEMP TABLE " + TABLE + " (id uuid PRIMARY KEY, c_name text,"
                    + " c_notes text, c_price numeric, c_rating integer, c_active boolean, c_due date,"
                    + " c_at timestamptz, c_status text, c_tags text[], c_meta jsonb, c_owner text)");
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + TABLE
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?)")) {
            for (Row row : rows) {
                insert.setObject(1, row.id());
                insert.setString(2, row.name());
                insert.setString(3, row.notes());
                insert.setBigDecimal(4, row.price());
                insert.setObject(5, row.rating(), Types.INTEGER);
                insert.setObject(6, row.active(), Types.BOOLEAN);
                insert.setObject(7, row.due(), Types.DATE);
                insert.setObject(8, row.at() == null ? null : OffsetDateTime.ofInstant(row.at(), ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
                insert.setString(9, row.status());
                insert.setArray(10, row.tags() == null ? null : connection.createArrayOf("text", row.tags().toArray()));
                insert.setString(11, row.meta());
                insert.setString(12, row.owner());
                insert.addBatch();
            }
            insert.executeBatch();
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("ANALYZE " + TABLE);
        }
    }
}
