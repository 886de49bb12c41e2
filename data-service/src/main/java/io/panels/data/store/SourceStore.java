package io.panels.data.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.panels.data.domain.DataSource;
import io.panels.data.domain.SourceDefinition;
import io.panels.data.domain.SyncRun;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Data sources ({@code data_source}) and their runs ({@code sync_run}): the reactive client for
 * requests (which bind the caller's tenant first), JDBC for the sync workers and the scheduler
 * (blocking, on their own threads).
 */
@ApplicationScoped
public class SourceStore {

    private static final String SOURCE_COLUMNS = "id, tenant_id, panel_id, name, kind, config::text AS config, secrets,"
            + " credential_names::text AS credential_names, mapping::text AS mapping, mode, key_column, schedule, next_run_at,"
            + " enabled, owner_id, version, created_at, created_by, updated_at, updated_by";
    private static final String RUN_COLUMNS = "id, source_id, panel_id, status, trigger, requested_by, attempts, rows_read,"
            + " rows_inserted, rows_updated, rows_deleted, rows_failed, errors::text AS errors, failure, requested_at, started_at,"
            + " finished_at";
    private static final TypeReference<List<SourceDefinition.FieldMapping>> MAPPING = new TypeReference<>() {
    };
    private static final TypeReference<List<String>> NAMES = new TypeReference<>() {
    };
    private static final TypeReference<List<SyncRun.RecordError>> ERRORS = new TypeReference<>() {
    };

    private final ObjectMapper json;
    private final String workerGroup;

    public SourceStore(ObjectMapper json, io.panels.data.config.DataSettings settings) {
        this.json = json;
        this.workerGroup = settings.sync().workerGroup();
    }

    // ---- sources, reactive ----

    public Uni<Void> insert(SqlClient tx, DataSource source) {
        return tx.preparedQuery("INSERT INTO data_source (id, tenant_id, panel_id, name, kind, config, secrets, credential_names, mapping,"
                        + " mode, key_column, schedule, next_run_at, enabled, owner_id, version, created_at, created_by, updated_at, updated_by,"
                        + " worker_group) VALUES ($1, $2, $3, $4, $5, CAST(CAST($6 AS text) AS jsonb), $7, CAST(CAST($8 AS text) AS jsonb),"
                        + " CAST(CAST($9 AS text) AS jsonb), $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)")
                .execute(tuple(source).addString(workerGroup)).replaceWithVoid();
    }

    /** Writes the new state when the stored version is still {@code expected}; false otherwise. */
    public Uni<Boolean> update(SqlClient tx, DataSource source, long expected) {
        return tx.preparedQuery("UPDATE data_source SET name = $4, kind = $5, config = CAST(CAST($6 AS text) AS jsonb), secrets = $7,"
                        + " credential_names = CAST(CAST($8 AS text) AS jsonb), mapping = CAST(CAST($9 AS text) AS jsonb), mode = $10,"
                        + " key_column = $11, schedule = $12, next_run_at = $13, enabled = $14, owner_id = $15, version = $16, created_at = $17,"
                        + " created_by = $18, updated_at = $19,"
                        + " updated_by = $20 WHERE id = $1 AND tenant_id = $2 AND panel_id = $3 AND version = $21")
                .execute(tuple(source).addLong(expected)).map(rows -> rows.rowCount() == 1);
    }

    public Uni<Boolean> delete(SqlClient tx, UUID panelId, UUID id) {
        return tx.preparedQuery("DELETE FROM data_source WHERE panel_id = $1 AND id = $2").execute(Tuple.of(panelId, id))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<Optional<DataSource>> find(SqlClient tx, UUID panelId, UUID id) {
        return tx.preparedQuery("SELECT " + SOURCE_COLUMNS + " FROM data_source WHERE panel_id = $1 AND id = $2")
                .execute(Tuple.of(panelId, id))
                .map(rows -> rows.rowCount() == 0 ? Optional.empty() : Optional.of(source(rows.iterator().next())));
    }

    public Uni<List<DataSource>> list(SqlClient tx, UUID panelId, UUID after, int limit) {
        return tx.preparedQuery("SELECT " + SOURCE_COLUMNS + " FROM data_source WHERE panel_id = $1 AND ($2::uuid IS NULL OR id > $2)"
                        + " ORDER BY id LIMIT $3")
                .execute(Tuple.of(panelId, after, limit))
                .map(rows -> {
                    List<DataSource> sources = new ArrayList<>();
                    rows.forEach(row -> sources.add(source(row)));
                    return sources;
                });
    }

    private Tuple tuple(DataSource s) {
        return Tuple.tuple().addUUID(s.id()).addUUID(s.tenantId()).addUUID(s.panelId()).addString(s.name()).addString(s.kind().wire())
                .addString(write(s.config())).addString(s.sealedCredentials()).addString(write(s.credentialNames()))
                .addString(write(s.mapping())).addString(s.mode().wire()).addString(s.keyColumn()).addString(s.schedule())
                .addOffsetDateTime(utc(s.nextRunAt())).addBoolean(s.enabled()).addString(s.ownerId()).addLong(s.version())
                .addOffsetDateTime(utc(s.createdAt())).addString(s.createdBy()).addOffsetDateTime(utc(s.updatedAt()))
                .addString(s.updatedBy());
    }

    private DataSource source(Row row) {
        return new DataSource(row.getUUID("id"), row.getUUID("tenant_id"), row.getUUID("panel_id"), row.getString("name"),
                SourceDefinition.Kind.of(row.getString("kind")), read(row.getString("config"), SourceDefinition.Config.class),
                row.getString("secrets"), read(row.getString("credential_names"), NAMES), read(row.getString("mapping"), MAPPING),
                SourceDefinition.Mode.of(row.getString("mode")), row.getString("key_column"), row.getString("schedule"),
                instant(row.getOffsetDateTime("next_run_at")), row.getBoolean("enabled"), row.getString("owner_id"),
                row.getLong("version"), instant(row.getOffsetDateTime("created_at")), row.getString("created_by"),
                instant(row.getOffsetDateTime("updated_at")), row.getString("updated_by"));
    }

    // ---- runs, reactive ----

    public Uni<Void> insertRun(SqlClient tx, UUID tenantId, SyncRun run) {
        return tx.preparedQuery("INSERT INTO sync_run (id, tenant_id, source_id, panel_id, status, trigger, requested_by, requested_at,"
                        + " worker_group) SELECT $1, $2, $3, $4, $5, $6, $7, $8, worker_group FROM data_source WHERE id = $3")
                .execute(Tuple.tuple().addUUID(run.id()).addUUID(tenantId).addUUID(run.sourceId()).addUUID(run.panelId())
                        .addString(run.status()).addString(run.trigger()).addString(run.requestedBy())
                        .addOffsetDateTime(utc(run.requestedAt())))
                .replaceWithVoid();
    }

    public Uni<Optional<SyncRun>> findRun(SqlClient tx, UUID sourceId, UUID id) {
        return tx.preparedQuery("SELECT " + RUN_COLUMNS + " FROM sync_run WHERE source_id = $1 AND id = $2")
                .execute(Tuple.of(sourceId, id))
                .map(rows -> rows.rowCount() == 0 ? Optional.empty() : Optional.of(run(rows.iterator().next())));
    }

    /** A source's runs, newest first, older than {@code before} when given. */
    public Uni<List<SyncRun>> listRuns(SqlClient tx, UUID sourceId, UUID before, int limit) {
        return tx.preparedQuery("SELECT " + RUN_COLUMNS + " FROM sync_run WHERE source_id = $1 AND ($2::uuid IS NULL OR id < $2)"
                        + " ORDER BY id DESC LIMIT $3")
                .execute(Tuple.of(sourceId, before, limit))
                .map(rows -> {
                    List<SyncRun> runs = new ArrayList<>();
                    rows.forEach(row -> runs.add(run(row)));
                    return runs;
                });
    }

    private SyncRun run(Row row) {
        return new SyncRun(row.getUUID("id"), row.getUUID("source_id"), row.getUUID("panel_id"), row.getString("status"),
                row.getString("trigger"), row.getString("requested_by"), row.getInteger("attempts"), row.getLong("rows_read"),
                row.getLong("rows_inserted"), row.getLong("rows_updated"), row.getLong("rows_deleted"), row.getLong("rows_failed"),
                read(row.getString("errors"), ERRORS), row.getString("failure"), instant(row.getOffsetDateTime("requested_at")),
                instant(row.getOffsetDateTime("started_at")), instant(row.getOffsetDateTime("finished_at")));
    }

    // ---- JDBC: workers and scheduler ----

    /** The source as the worker needs it, in the caller's tenant-bound transaction. */
    public Optional<DataSource> load(Connection connection, UUID id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + SOURCE_COLUMNS + " FROM data_source WHERE id = ?")) {
            select.setObject(1, id);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                return Optional.of(new DataSource(rows.getObject("id", UUID.class), rows.getObject("tenant_id", UUID.class),
                        rows.getObject("panel_id", UUID.class), rows.getString("name"), SourceDefinition.Kind.of(rows.getString("kind")),
                        read(rows.getString("config"), SourceDefinition.Config.class), rows.getString("secrets"),
                        read(rows.getString("credential_names"), NAMES), read(rows.getString("mapping"), MAPPING),
                        SourceDefinition.Mode.of(rows.getString("mode")), rows.getString("key_column"), rows.getString("schedule"),
                        instant(rows.getTimestamp("next_run_at")), rows.getBoolean("enabled"), rows.getString("owner_id"),
                        rows.getLong("version"), instant(rows.getTimestamp("created_at")), rows.getString("created_by"),
                        instant(rows.getTimestamp("updated_at")), rows.getString("updated_by")));
            }
        }
    }

    /** The run's status, when it exists. */
    public Optional<String> runStatus(Connection connection, UUID runId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT status FROM sync_run WHERE id = ? AND worker_group = ?")) {
            select.setObject(1, runId);
            select.setString(2, workerGroup);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
            }
        }
    }

    /**
     * Queued to running; false when the run is not queued (another replica took it). A unique
     * violation (another run of the source is running) is the caller's to handle.
     */
    public boolean start(Connection connection, UUID runId) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE sync_run SET status = 'running', started_at = now(),"
                + " attempts = 1 WHERE id = ? AND status = 'queued' AND worker_group = ?")) {
            update.setObject(1, runId);
            update.setString(2, workerGroup);
            return update.executeUpdate() == 1;
        }
    }

    public void attempt(Connection connection, UUID runId, int attempt) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE sync_run SET attempts = ? WHERE id = ?")) {
            update.setInt(1, attempt);
            update.setObject(2, runId);
            update.executeUpdate();
        }
    }

    /** The run's end: completed (in the load's transaction), failed or skipped. */
    public boolean finish(Connection connection, UUID runId, String status, long read, long inserted, long updated, long deleted,
                          long failed, List<SyncRun.RecordError> errors, String failure, Instant finished) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE sync_run SET status = ?, rows_read = ?, rows_inserted = ?,"
                + " rows_updated = ?, rows_deleted = ?, rows_failed = ?, errors = CAST(? AS jsonb), failure = ?, finished_at = ?"
                + " WHERE id = ? AND status IN ('queued', 'running')")) {
            update.setString(1, status);
            update.setLong(2, read);
            update.setLong(3, inserted);
            update.setLong(4, updated);
            update.setLong(5, deleted);
            update.setLong(6, failed);
            update.setString(7, write(errors));
            update.setString(8, failure);
            update.setTimestamp(9, Timestamp.from(finished));
            update.setObject(10, runId);
            return update.executeUpdate() == 1;
        }
    }

    /** A due source claimed by the scheduler. */
    public record Due(UUID id, UUID tenantId, UUID panelId, String schedule, Instant nextRunAt) {
    }

    /**
     * Due sources of every tenant, locked for this transaction and skipped by other replicas'
     * schedulers (FOR UPDATE SKIP LOCKED): each due run is asked for exactly once.
     */
    public List<Due> claimDue(Connection connection, int limit) throws SQLException {
        try (PreparedStatement open = connection.prepareStatement("SELECT set_config('panels.sync_scheduler', 'on', true)")) {
            open.execute();
        }
        List<Due> due = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT id, tenant_id, panel_id, schedule, next_run_at FROM data_source"
                + " WHERE worker_group = ? AND enabled AND next_run_at <= now() ORDER BY next_run_at LIMIT ? FOR UPDATE SKIP LOCKED")) {
            select.setString(1, workerGroup);
            select.setInt(2, limit);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    due.add(new Due(rows.getObject(1, UUID.class), rows.getObject(2, UUID.class), rows.getObject(3, UUID.class),
                            rows.getString(4), instant(rows.getTimestamp(5))));
                }
            }
        }
        return due;
    }

    public void scheduled(Connection connection, UUID sourceId, Instant next) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE data_source SET next_run_at = ? WHERE id = ?")) {
            update.setTimestamp(1, next == null ? null : Timestamp.from(next));
            update.setObject(2, sourceId);
            update.executeUpdate();
        }
    }

    public void insertRun(Connection connection, UUID tenantId, SyncRun run) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO sync_run (id, tenant_id, source_id, panel_id, status,"
                + " trigger, requested_by, requested_at, worker_group) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(9, workerGroup);
            insert.setObject(1, run.id());
            insert.setObject(2, tenantId);
            insert.setObject(3, run.sourceId());
            insert.setObject(4, run.panelId());
            insert.setString(5, run.status());
            insert.setString(6, run.trigger());
            insert.setString(7, run.requestedBy());
            insert.setTimestamp(8, Timestamp.from(run.requestedAt()));
            insert.executeUpdate();
        }
    }

    /** A run a stopped replica left: who to tell. */
    public record Abandoned(UUID id, UUID tenantId, UUID sourceId, UUID panelId, String ownerId) {
    }

    /**
     * Runs left running (or queued) by a replica that went away, across tenants, in the scheduler's
     * transaction (after {@link #claimDue} opened its policy); locked, skipping ones another replica holds.
     */
    public List<Abandoned> abandoned(Connection connection, java.time.Duration runningFor, java.time.Duration queuedFor)
            throws SQLException {
        List<Abandoned> runs = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT r.id, r.tenant_id, r.source_id, r.panel_id, s.owner_id"
                + " FROM sync_run r JOIN data_source s ON s.id = r.source_id WHERE r.worker_group = ? AND ((r.status = 'running'"
                + " AND r.started_at < ?) OR (r.status = 'queued' AND r.requested_at < ?)) LIMIT 100 FOR UPDATE OF r SKIP LOCKED")) {
            select.setString(1, workerGroup);
            select.setTimestamp(2, Timestamp.from(Instant.now().minus(runningFor)));
            select.setTimestamp(3, Timestamp.from(Instant.now().minus(queuedFor)));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    runs.add(new Abandoned(rows.getObject(1, UUID.class), rows.getObject(2, UUID.class), rows.getObject(3, UUID.class),
                            rows.getObject(4, UUID.class), rows.getString(5)));
                }
            }
        }
        return runs;
    }

    // ---- JSON ----

    public String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private <T> T read(String text, Class<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private <T> T read(String text, TypeReference<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    private static Instant instant(Timestamp time) {
        return time == null ? null : time.toInstant();
    }
}
