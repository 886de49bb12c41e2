package io.panels.data.store;

import io.panels.data.domain.PanelIndex;
import io.panels.data.domain.PanelSchema;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/** Panel indexes (panel_index), column usage counts (column_usage), and the index DDL itself. */
@ApplicationScoped
public class IndexStore {

    private static final String COLUMNS = "id, panel_id, column_key, kind, origin, status, index_name, failure, created_at, created_by,"
            + " ready_at";

    /** First key of the index builds' advisory locks (the second is the panel id's hash). */
    private static final int INDEX_LOCK = 0x70696478;

    private final Pool pool;

    public IndexStore(Pool pool) {
        this.pool = pool;
    }

    public Uni<List<PanelIndex>> list(SqlClient tx, UUID panelId) {
        return tx.preparedQuery("SELECT " + COLUMNS + " FROM panel_index WHERE panel_id = $1 ORDER BY column_key, kind")
                .execute(Tuple.of(panelId)).map(rows -> {
                    List<PanelIndex> indexes = new ArrayList<>();
                    rows.forEach(row -> indexes.add(index(row)));
                    return indexes;
                });
    }

    public Uni<Optional<PanelIndex>> find(SqlClient tx, UUID panelId, UUID id) {
        return tx.preparedQuery("SELECT " + COLUMNS + " FROM panel_index WHERE panel_id = $1 AND id = $2")
                .execute(Tuple.of(panelId, id))
                .map(rows -> rows.rowCount() == 0 ? Optional.empty() : Optional.of(index(rows.iterator().next())));
    }

    /** Inserts the entry unless the column has one of this kind already; true when inserted. */
    public Uni<Boolean> insert(SqlClient tx, UUID tenantId, PanelIndex index) {
        return tx.preparedQuery("INSERT INTO panel_index (id, tenant_id, panel_id, column_key, kind, origin, status, index_name,"
                        + " created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (panel_id, column_key, kind) DO NOTHING")
                .execute(Tuple.tuple().addUUID(index.id()).addUUID(tenantId).addUUID(index.panelId()).addString(index.column())
                        .addString(index.kind()).addString(index.origin()).addString(index.status()).addString(index.indexName())
                        .addString(index.createdBy()))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<Void> delete(SqlClient tx, UUID id) {
        return tx.preparedQuery("DELETE FROM panel_index WHERE id = $1").execute(Tuple.of(id)).replaceWithVoid();
    }

    /** Entries whose index went with its column (deleted, or rebuilt by a type change): the schema consumer calls this. */
    public Uni<Void> forgetMissing(SqlClient tx, UUID panelId) {
        return tx.preparedQuery("DELETE FROM panel_index WHERE panel_id = $1 AND status = 'ready'"
                        + " AND to_regclass(quote_ident('" + PanelSchema.SCHEMA + "') || '.' || quote_ident(index_name)) IS NULL")
                .execute(Tuple.of(panelId)).replaceWithVoid();
    }

    public Uni<Void> forgetPanel(SqlClient tx, UUID panelId) {
        return tx.preparedQuery("DELETE FROM panel_index WHERE panel_id = $1").execute(Tuple.of(panelId)).replaceWithVoid();
    }

    public Uni<Void> finished(UUID tenantId, UUID id, String failure) {
        return pool.withTransaction(tx -> tx.preparedQuery("SELECT set_config('panels.tenant_id', $1, true)")
                .execute(Tuple.of(tenantId.toString()))
                .chain(() -> tx.preparedQuery(failure == null
                                ? "UPDATE panel_index SET status = 'ready', ready_at = now(), failure = NULL WHERE id = $1"
                                : "UPDATE panel_index SET status = 'failed', failure = $2 WHERE id = $1")
                        .execute(failure == null ? Tuple.of(id) : Tuple.of(id, failure)))).replaceWithVoid();
    }

    /**
     * Runs index DDL outside any transaction, as CREATE / DROP INDEX CONCURRENTLY require, on one
     * connection holding the panel's session advisory lock. Two concurrent index builds on one table
     * wait for each other's transaction and one dies of a deadlock (40P01), so a table builds one
     * index at a time, across replicas. The lock is only ever tried, never waited for inside the
     * database (a waiting statement would itself be a transaction the build waits for): a busy table
     * is tried again after a back-off, for up to {@code patience}. The statements are built from
     * registry names only (quoted), never from caller input.
     */
    public Uni<Void> ddl(String panel, Duration patience, Function<Ddl, Uni<Void>> work) {
        return pool.withConnection(connection -> connection.preparedQuery("SELECT pg_try_advisory_lock($1, hashtext($2))")
                        .execute(Tuple.of(INDEX_LOCK, panel))
                        .chain(rows -> {
                            if (!rows.iterator().next().getBoolean(0)) {
                                return Uni.createFrom().failure(new TableBusy(panel));
                            }
                            Ddl ddl = statement -> connection.query(statement).execute().replaceWithVoid();
                            return work.apply(ddl).onTermination().call(() -> connection
                                    .preparedQuery("SELECT pg_advisory_unlock($1, hashtext($2))").execute(Tuple.of(INDEX_LOCK, panel))
                                    .onFailure().recoverWithNull());
                        }))
                .onFailure(TableBusy.class).retry().withBackOff(Duration.ofMillis(50), Duration.ofSeconds(1)).expireIn(patience.toMillis());
    }

    /** Runs one DDL statement on the connection that holds the table's index lock. */
    @FunctionalInterface
    public interface Ddl {
        Uni<Void> run(String statement);
    }

    /** Another build or drop holds the table's index lock. */
    public static final class TableBusy extends RuntimeException {
        TableBusy(String panel) {
            super("another index of panel " + panel + " is being built or dropped", null, false, false);
        }
    }

    /** Whether an index of the table already starts with this column (the automatic rule's, or a unique one). */
    public Uni<Boolean> leadingIndexExists(SqlClient tx, PanelSchema panel, String sqlName) {
        return tx.preparedQuery("SELECT EXISTS (SELECT 1 FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid"
                        + " AND a.attnum = i.indkey[0] WHERE i.indrelid = CAST($1 AS regclass) AND a.attname = $2)")
                .execute(Tuple.of(panel.qualifiedTable(), sqlName)).map(rows -> rows.iterator().next().getBoolean(0));
    }

    /** The planner's estimate of the panel's rows (0 before the table was ever analysed). */
    public Uni<Long> estimatedRows(SqlClient tx, PanelSchema panel) {
        return tx.preparedQuery("SELECT greatest(reltuples, 0)::bigint FROM pg_class WHERE oid = CAST($1 AS regclass)")
                .execute(Tuple.of(panel.qualifiedTable())).map(rows -> rows.iterator().next().getLong(0));
    }

    /** Adds uses of a column in the window starting at {@code window}; answers the window's total. */
    public Uni<Long> addUses(SqlClient tx, UUID tenantId, UUID panelId, String column, OffsetDateTime window, long uses) {
        return tx.preparedQuery("INSERT INTO column_usage (tenant_id, panel_id, column_key, kind, window_start, uses)"
                        + " VALUES ($1, $2, $3, 'sort', $4, $5) ON CONFLICT (tenant_id, panel_id, column_key, kind, window_start)"
                        + " DO UPDATE SET uses = column_usage.uses + excluded.uses RETURNING uses")
                .execute(Tuple.tuple().addUUID(tenantId).addUUID(panelId).addString(column).addOffsetDateTime(window).addLong(uses))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** A panel's usage counts of earlier windows: nothing reads them any more. */
    public Uni<Void> forgetUsesBefore(SqlClient tx, UUID panelId, OffsetDateTime before) {
        return tx.preparedQuery("DELETE FROM column_usage WHERE panel_id = $1 AND window_start < $2").execute(Tuple.of(panelId, before))
                .replaceWithVoid();
    }

    private static PanelIndex index(Row row) {
        return new PanelIndex(row.getUUID("id"), row.getUUID("panel_id"), row.getString("column_key"), row.getString("kind"),
                row.getString("origin"), row.getString("status"), row.getString("index_name"), row.getString("failure"),
                JsonValues.instant(row.getValue("created_at")), row.getString("created_by"), JsonValues.instant(row.getValue("ready_at")));
    }
}
