package io.panels.data.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.panels.common.ids.Ids;
import io.panels.common.problem.FieldError;
import io.panels.common.problem.ProblemException;
import io.panels.data.domain.CellValue;
import io.panels.data.domain.PanelColumn;
import io.panels.data.domain.PanelSchema;
import io.panels.data.domain.RowData;
import io.panels.data.domain.StorageTypes;
import io.panels.formula.sql.SqlExpression;
import io.panels.query.schema.ColumnSchema;
import io.panels.query.schema.TableSchema;
import io.panels.query.sql.ColumnExpressions;
import io.panels.query.sql.SqlFragment;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * SQL on a panel's own table: rows written with prepared statements (every value bound, every
 * identifier from the panel's registry, quoted), read with formulas computed, locked for update.
 * Callers bind the tenant first, so row-level security holds.
 */
@ApplicationScoped
public class RowStore {

    /** System fields under names no column key can take (keys start with a letter). */
    private static final String SYSTEM = "id AS _id, version AS _version, created_at AS _created_at, created_by AS _created_by,"
            + " updated_at AS _updated_at, updated_by AS _updated_by";

    /** Sets the given values, bumps the version and answers it. */
    public Uni<Long> update(SqlClient tx, PanelSchema panel, String user, UUID id, Map<String, CellValue> values) {
        StringBuilder set = new StringBuilder("updated_at = now(), updated_by = $2, version = version + 1");
        Tuple tuple = Tuple.tuple().addUUID(id).addString(user);
        int n = 3;
        for (CellValue value : values.values()) {
            set.append(", ").append(quote(value.column().sqlName())).append(" = ").append(value.placeholder(n++));
            tuple.addValue(value.sql());
        }
        return tx.preparedQuery("UPDATE " + panel.qualifiedTable() + " SET " + set + " WHERE id = $1 RETURNING version")
                .execute(tuple).map(rows -> rows.iterator().next().getLong(0))
                .onFailure(RowStore::uniqueViolation).transform(failure -> taken(panel, failure, "values"));
    }

    /**
     * Two writes racing for one unique value: the unique index refuses the second after the
     * rows API's own check let both through; the same 409 as that check.
     */
    private static boolean uniqueViolation(Throwable failure) {
        return failure instanceof PgException pg && "23505".equals(pg.getSqlState());
    }

    private static Throwable taken(PanelSchema panel, Throwable failure, String prefix) {
        String constraint = ((PgException) failure).getConstraint();
        String field = panel.columns().stream()
                .filter(c -> constraint != null && constraint.equals(StorageTypes.indexName(panel.tableName(), c.columnId(), "u")))
                .map(c -> prefix + "." + c.key()).findFirst().orElse(prefix);
        return new ProblemException(409, "unique-violation", "Value already taken",
                "A unique column would hold the same value twice; nothing was written.",
                List.of(new FieldError(field, "another row already has this value")));
    }

    /** Deletes rows and answers them as they were (stored columns only). */
    public Uni<List<RowData>> delete(SqlClient tx, PanelSchema panel, List<UUID> ids) {
        return tx.preparedQuery("DELETE FROM " + panel.qualifiedTable() + " WHERE id = ANY($1) RETURNING " + SYSTEM
                        + storedColumns(panel))
                .execute(Tuple.of(ids.toArray(UUID[]::new)))
                .map(rows -> rows(panel, rows, false));
    }

    /** The stored values of rows, locked until the transaction ends (for updates and deletes). */
    public Uni<Map<UUID, RowData>> lock(SqlClient tx, PanelSchema panel, List<UUID> ids) {
        return tx.preparedQuery("SELECT " + SYSTEM + storedColumns(panel) + " FROM " + panel.qualifiedTable()
                        + " WHERE id = ANY($1) FOR UPDATE")
                .execute(Tuple.of(ids.toArray(UUID[]::new)))
                .map(rows -> {
                    Map<UUID, RowData> byId = new HashMap<>();
                    rows(panel, rows, false).forEach(row -> byId.put(row.id(), row));
                    return byId;
                });
    }

    /** Rows with every column, formulas computed, in the order of {@code ids}; missing ones are left out. */
    public Uni<List<RowData>> read(SqlClient tx, PanelSchema panel, List<UUID> ids) {
        SqlFragment sql = SqlFragment.of("SELECT ").append(everyColumn(panel))
                .append(" FROM " + panel.qualifiedTable() + " WHERE id = ANY(").append(SqlFragment.param(ids.toArray(UUID[]::new), "uuid[]"))
                .append(")");
        return Statements.run(tx, sql).map(rows -> inOrder(ids, rows(panel, rows, true)));
    }

    /**
     * Inserts new rows in one statement that answers them with every column (formulas computed, as
     * {@link #read} would), made with {@code panel}'s schema as cached: the statement inserts
     * nothing unless the registry still has the panel at that version and active ({@link
     * PanelRegistry#current}), and then fails with {@link PanelRegistry.StaleSchema}, as it does
     * when the table no longer fits the statement. {@code at} is the rows' created and updated time,
     * so that their history and events can be written beside this statement (pipelined) instead of
     * after it. A taken unique value is 409 {@code unique-violation}.
     */
    public Uni<List<RowData>> insert(SqlClient tx, PanelSchema panel, UUID tenantId, String user, List<UUID> ids,
                                     List<Map<String, CellValue>> rows, OffsetDateTime at) {
        List<CellValue> first = List.copyOf(rows.getFirst().values());
        StringBuilder columns = new StringBuilder("id, tenant_id, created_at, updated_at, created_by, updated_by");
        StringBuilder values = new StringBuilder("CAST($1 AS uuid), CAST($2 AS uuid), CAST($3 AS timestamptz), CAST($3 AS timestamptz),"
                + " CAST($4 AS text), CAST($4 AS text)");
        int n = 5;
        for (CellValue value : first) {
            columns.append(", ").append(quote(value.column().sqlName()));
            values.append(", ").append(value.placeholder(n++));
        }
        String guard = PanelRegistry.current(n, n + 1);
        n += 2;
        SqlFragment returning = everyColumn(panel);
        String sql = "INSERT INTO " + panel.qualifiedTable() + " (" + columns + ") SELECT " + values + " WHERE " + guard
                + " RETURNING " + returning.numbered(n);
        List<Tuple> batch = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            Tuple tuple = Tuple.tuple().addUUID(ids.get(i)).addUUID(tenantId).addOffsetDateTime(at).addString(user);
            rows.get(i).values().forEach(v -> tuple.addValue(v.sql()));
            tuple.addUUID(panel.panelId()).addLong(panel.version());
            returning.parameters().forEach(tuple::addValue);
            batch.add(tuple);
        }
        Uni<RowSet<Row>> insert = batch.size() == 1 ? tx.preparedQuery(sql).execute(batch.getFirst()) : tx.preparedQuery(sql).executeBatch(batch);
        return insert
                .onFailure(RowStore::uniqueViolation).transform(failure -> taken(panel, failure, "values"))
                .onFailure(PanelRegistry::schemaMismatch).transform(failure -> new PanelRegistry.StaleSchema(panel.panelId()))
                .map(result -> {
                    List<RowData> inserted = new ArrayList<>(rows.size());
                    for (RowSet<Row> set = result; set != null; set = set.next()) {
                        inserted.addAll(rows(panel, set, true));
                    }
                    if (inserted.size() != rows.size()) {
                        throw new PanelRegistry.StaleSchema(panel.panelId());
                    }
                    return inserted;
                });
    }

    /** The system fields and every column by key, formulas computed (a formula that no longer compiles is null). */
    private static SqlFragment everyColumn(PanelSchema panel) {
        TableSchema schema = panel.tableSchema(false);
        ColumnExpressions expressions = new ColumnExpressions(schema, panel.zone());
        List<SqlFragment> select = new ArrayList<>();
        select.add(SqlFragment.of(SYSTEM));
        for (PanelColumn column : panel.columns()) {
            SqlFragment value = schema.column(column.key()).map(c -> safely(expressions, c)).orElse(SqlFragment.of("NULL"));
            select.add(value.append(" AS " + quote(column.key())));
        }
        return SqlFragment.join(", ", select, SqlFragment.TRUE);
    }

    private static List<RowData> inOrder(List<UUID> ids, List<RowData> rows) {
        Map<UUID, RowData> byId = new HashMap<>();
        rows.forEach(row -> byId.put(row.id(), row));
        return ids.stream().filter(byId::containsKey).map(byId::get).toList();
    }

    /**
     * Which of {@code values} (0-based positions) another row of the panel holds in {@code column}
     * already; rows in {@code except} do not count (they are the ones being changed).
     */
    public Uni<List<Integer>> taken(SqlClient tx, PanelSchema panel, PanelColumn column, List<String> values, List<UUID> except) {
        String c = quote(column.sqlName());
        return tx.preparedQuery("SELECT u.i FROM unnest(CAST(CAST($1 AS text[]) AS " + StorageTypes.sqlType(column.type())
                        + "[])) WITH ORDINALITY AS u(v, i) WHERE EXISTS (SELECT 1 FROM " + panel.qualifiedTable() + " t WHERE t." + c
                        + " = u.v AND NOT (t.id = ANY($2)))")
                .execute(Tuple.of(values.toArray(String[]::new), except.toArray(UUID[]::new)))
                .map(rows -> {
                    List<Integer> taken = new ArrayList<>();
                    rows.forEach(row -> taken.add(row.getLong(0).intValue() - 1));
                    return taken;
                });
    }

    /** Appends to the row history, in the caller's transaction. */
    public Uni<Void> history(SqlClient tx, UUID tenantId, UUID panelId, List<HistoryEntry> entries) {
        if (entries.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> batch = new ArrayList<>();
        for (HistoryEntry entry : entries) {
            batch.add(Tuple.tuple().addUUID(Ids.newId()).addUUID(tenantId).addUUID(panelId).addUUID(entry.rowId())
                    .addLong(entry.version()).addString(entry.action()).addOffsetDateTime(entry.at())
                    .addString(entry.by()).addString(entry.changes().toString()));
        }
        return tx.preparedQuery("INSERT INTO row_history (id, tenant_id, panel_id, row_id, version, action, changed_at, changed_by, changes)"
                + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, CAST(CAST($9 AS text) AS jsonb))").executeBatch(batch).replaceWithVoid();
    }

    /** One history entry: {@code changes} is {"key": {"old": ..., "new": ...}}. */
    public record HistoryEntry(UUID rowId, long version, String action, OffsetDateTime at, String by, JsonNode changes) {
    }

    /** A page of a row's history, newest first, after {@code beforeVersion} when given. */
    public Uni<List<HistoryRecord>> history(SqlClient tx, UUID panelId, UUID rowId, Long beforeVersion, int limit) {
        return tx.preparedQuery("SELECT version, action, changed_at, changed_by, changes::text AS changes FROM row_history"
                        + " WHERE panel_id = $1 AND row_id = $2 AND ($3::bigint IS NULL OR version < $3) ORDER BY version DESC LIMIT $4")
                .execute(Tuple.of(panelId, rowId, beforeVersion, limit))
                .map(rows -> {
                    List<HistoryRecord> records = new ArrayList<>();
                    for (Row row : rows) {
                        records.add(new HistoryRecord(row.getLong("version"), row.getString("action"),
                                row.getOffsetDateTime("changed_at").toInstant(), row.getString("changed_by"),
                                row.getString("changes")));
                    }
                    return records;
                });
    }

    public record HistoryRecord(long version, String action, java.time.Instant at, String by, String changes) {
    }

    private static SqlFragment safely(ColumnExpressions expressions, ColumnSchema column) {
        try {
            return expressions.value(column);
        } catch (RuntimeException brokenFormula) {
            return SqlFragment.of("NULL");
        }
    }

    private static String storedColumns(PanelSchema panel) {
        StringBuilder sql = new StringBuilder();
        for (PanelColumn column : panel.columns()) {
            if (!column.computed() && column.sqlName() != null) {
                sql.append(", ").append(quote(column.sqlName())).append(" AS ").append(quote(column.key()));
            }
        }
        return sql.toString();
    }

    private static List<RowData> rows(PanelSchema panel, RowSet<Row> rows, boolean allColumns) {
        List<RowData> result = new ArrayList<>();
        for (Row row : rows) {
            Map<String, JsonNode> values = new LinkedHashMap<>();
            for (PanelColumn column : panel.columns()) {
                if (allColumns || !column.computed() && column.sqlName() != null) {
                    values.put(column.key(), JsonValues.of(row.getValue(column.key())));
                }
            }
            result.add(system(row, values));
        }
        return result;
    }

    /** The system fields of a row selected with {@link #SYSTEM} (or the query engine's equivalents). */
    public static RowData system(Row row, Map<String, JsonNode> values) {
        return new RowData(row.getUUID("_id"), row.getLong("_version"), values,
                JsonValues.instant(row.getValue("_created_at")), row.getString("_created_by"),
                JsonValues.instant(row.getValue("_updated_at")), row.getString("_updated_by"));
    }

    private static String quote(String identifier) {
        return SqlExpression.identifier(identifier);
    }
}
