package io.panels.data.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.panels.common.ids.Ids;
import io.panels.common.outbox.OutgoingEvent;
import io.panels.common.secrets.SecretCipher;
import io.panels.common.tenant.TenantScope;
import io.panels.data.config.DataSettings;
import io.panels.data.domain.SourceDefinition.Credentials;
import io.panels.data.domain.SourceDefinition.Mode;
import io.panels.data.store.BulkLoad;
import io.panels.data.store.JdbcOutbox;
import io.panels.data.store.PanelRegistry;
import io.panels.data.store.SourceStore;
import io.panels.events.EventCatalog;
import io.panels.events.sync.SyncCompleted;
import io.panels.events.sync.SyncFailed;
import io.panels.events.sync.SyncStarted;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * What a sync run does (docs/data-sources.md, ADR 0028): read the source record by record, map and
 * check each one, stream the good ones with COPY into a staging table, then apply the mode
 * (replace, upsert by key, append) with a few set-based statements, and commit the rows, the run's
 * counts and {@code sync.completed} together. Readers see the panel as it was until that commit; a
 * run that fails writes nothing, so the panel keeps its last good data and the run says why.
 * Blocking: the sync workers' threads.
 */
@ApplicationScoped
public class Syncs {

    private static final Logger LOG = Logger.getLogger(Syncs.class);
    public static final int PREVIEW_ROWS = 20;

    private final SourceStore store;
    private final SourceReaders readers;
    private final PanelRegistry registry;
    private final Pool pool;
    private final AgroalDataSource dataSource;
    private final SecretCipher cipher;
    private final DataSettings.Sync settings;
    private final ObjectMapper json;
    private final String eventSource;

    public Syncs(SourceStore store, SourceReaders readers, PanelRegistry registry, Pool pool, AgroalDataSource dataSource,
                 SecretCipher cipher, DataSettings settings, ObjectMapper json,
                 @ConfigProperty(name = "quarkus.application.name") String applicationName) {
        this.store = store;
        this.readers = readers;
        this.registry = registry;
        this.pool = pool;
        this.dataSource = dataSource;
        this.cipher = cipher;
        this.settings = settings.sync();
        this.json = json;
        this.eventSource = "/panels/" + applicationName;
    }

    // ---- credentials ----

    public String seal(UUID sourceId, Credentials credentials) {
        if (credentials == null || credentials.names().isEmpty()) {
            return null;
        }
        try {
            return cipher.seal(json.writeValueAsString(credentials), DataSource.secretContext(sourceId));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public Credentials open(DataSource source) {
        if (source.sealedCredentials() == null) {
            return Credentials.NONE;
        }
        try {
            return json.readValue(cipher.open(source.sealedCredentials(), DataSource.secretContext(source.id())), Credentials.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored credentials are not readable");
        }
    }

    // ---- preview ----

    /** One previewed record: its number, the values as the panel would hold them, or its errors. */
    public record PreviewRow(long record, Map<String, JsonNode> values, List<SyncRun.RecordError> errors) {
    }

    /** The first {@value #PREVIEW_ROWS} records mapped and checked; nothing is written. */
    public List<PreviewRow> preview(DataSource source, Credentials credentials, PanelSchema panel) throws SyncFailure {
        List<PanelColumn> columns = panel.columns().stream().filter(c -> !c.computed() && c.sqlName() != null).toList();
        RecordMapper mapper = new RecordMapper(panel, source.mapping(), columns);
        List<PreviewRow> rows = new ArrayList<>();
        Deadline deadline = Deadline.in(settings.requestTimeout().multipliedBy(2));
        long[] number = {0};
        readers.read(source, credentials, deadline, record -> {
            RecordMapper.Mapped mapped = mapper.map(++number[0], record);
            Map<String, JsonNode> values = new LinkedHashMap<>();
            for (SourceDefinition.FieldMapping field : source.mapping()) {
                CellValue value = mapped.byKey().get(field.column());
                if (value != null) {
                    values.put(field.column(), value.json());
                }
            }
            rows.add(new PreviewRow(number[0], mapped.good() ? values : Map.of(), mapped.errors()));
            return rows.size() < PREVIEW_ROWS;
        });
        return rows;
    }

    // ---- a run ----

    /** What a run knows while it goes. */
    public static final class Progress {
        long read;
        long failed;
        final List<SyncRun.RecordError> errors = new ArrayList<>();
        final int maxErrors;

        Progress(int maxErrors) {
            this.maxErrors = maxErrors;
        }

        void error(SyncRun.RecordError error) {
            if (errors.size() < maxErrors) {
                errors.add(error);
            }
        }
    }

    /** A queued run becomes running (false: not queued any more, or another run of its source runs: then skipped). */
    public Optional<DataSource> start(UUID tenantId, UUID runId, UUID sourceId, String trigger) throws SQLException {
        try (Connection connection = BulkLoad.begin(dataSource, tenantId)) {
            try {
                Optional<String> status = store.runStatus(connection, runId);
                if (status.isEmpty() || !status.get().equals("queued")) {
                    connection.rollback();
                    return Optional.empty();
                }
                Optional<DataSource> source = store.load(connection, sourceId);
                if (source.isEmpty()) {
                    connection.rollback();
                    return Optional.empty();
                }
                // A savepoint: the unique index's refusal (another run of the source is running) must not spoil the transaction.
                java.sql.Savepoint savepoint = connection.setSavepoint();
                boolean started;
                try {
                    started = store.start(connection, runId);
                    connection.releaseSavepoint(savepoint);
                } catch (SQLException e) {
                    if (!"23505".equals(e.getSQLState())) {
                        throw e;
                    }
                    connection.rollback(savepoint);
                    store.finish(connection, runId, "skipped", 0, 0, 0, 0, 0, List.of(),
                            "Another run of this source was still running; this one was skipped.", Instant.now());
                    connection.commit();
                    return Optional.empty();
                }
                if (!started) {
                    connection.rollback();
                    return Optional.empty();
                }
                DataSource found = source.get();
                JdbcOutbox.append(connection, eventSource, new OutgoingEvent<>(EventCatalog.SYNC_STARTED, tenantId, found.id().toString(),
                        runId.toString(), new SyncStarted(found.id(), found.panelId(), runId, trigger, found.ownerId(), Instant.now())), null);
                connection.commit();
                return source;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    public void attempt(UUID tenantId, UUID runId, int attempt) throws SQLException {
        try (Connection connection = BulkLoad.begin(dataSource, tenantId)) {
            store.attempt(connection, runId, attempt);
            connection.commit();
        }
    }

    /**
     * One attempt: read, stage, apply, commit. Throws {@link SyncFailure} (nothing written) when the
     * source or the panel does not allow it; the caller retries the retryable ones.
     */
    public void load(UUID tenantId, UUID runId, DataSource source, Deadline deadline) throws SyncFailure, SQLException {
        Credentials credentials = open(source);
        Progress progress = new Progress(settings.maxErrors());
        String actor = "datasource:" + source.id();
        try (Connection connection = BulkLoad.begin(dataSource, tenantId)) {
            try {
                String status = BulkLoad.lockPanel(connection, source.panelId());
                if (status == null || "deleted".equals(status)) {
                    throw SyncFailure.permanent("The panel was deleted.");
                }
                if ("archived".equals(status)) {
                    throw SyncFailure.permanent("The panel is archived; restore it to sync again. Nothing was written.");
                }
                PanelSchema panel = pool.withTransaction(tx -> TenantScope.bind(tx, tenantId).chain(() -> registry.find(tx, source.panelId())))
                        .await().indefinitely().orElseThrow(() -> SyncFailure.permanent("The panel was deleted."));
                long inserted;
                long updated = 0;
                long deleted = 0;
                try (BulkLoad load = BulkLoad.start(connection, panel)) {
                    RecordMapper mapper = new RecordMapper(panel, source.mapping(), load.columns());
                    readers.read(source, credentials, deadline, record -> {
                        progress.read++;
                        if (progress.read > settings.maxRecords()) {
                            throw SyncFailure.permanent("The source has more than " + settings.maxRecords()
                                    + " records (the limit); nothing was written.");
                        }
                        RecordMapper.Mapped mapped = mapper.map(progress.read, record);
                        if (!mapped.good()) {
                            progress.failed++;
                            mapped.errors().forEach(progress::error);
                            return true;
                        }
                        try {
                            load.add(progress.read, Ids.newId(), mapped.values());
                        } catch (SQLException e) {
                            throw new IllegalStateException(e);
                        }
                        return true;
                    });
                    deadline.check();
                    load.endCopy();
                    Mode mode = source.mode();
                    PanelColumn key = mode == Mode.UPSERT ? panel.column(source.keyColumn()).orElseThrow(() -> SyncFailure.permanent(
                            "The key column " + source.keyColumn() + " is not in the panel any more; nothing was written.")) : null;
                    if (key != null) {
                        rejected(progress, load.removeBlank(key), key.key(), "the key column is blank");
                        rejected(progress, load.removeDuplicates(key, false), key.key(), "an earlier record has the same key");
                    }
                    for (PanelColumn column : load.columns()) {
                        if (!column.unique() || column.equals(key)) {
                            continue;
                        }
                        if (mode == Mode.UPSERT) {
                            rejected(progress, load.removeTakenByOtherKeys(column, key), column.key(), "another row of the panel already has this value");
                        } else if (mode == Mode.APPEND) {
                            rejected(progress, load.removeDuplicates(column, true), column.key(), "another row of the panel already has this value");
                        }
                        rejected(progress, load.removeDuplicates(column, false), column.key(), "an earlier record has the same value");
                    }
                    switch (mode) {
                        case REPLACE -> {
                            deleted = load.deleteAll();
                            inserted = load.insert(tenantId, actor);
                        }
                        case UPSERT -> {
                            updated = load.updateMatching(key, actor);
                            inserted = load.insertMissing(key, tenantId, actor);
                        }
                        default -> inserted = load.insert(tenantId, actor);
                    }
                    deadline.check();
                }
                Instant finished = Instant.now();
                progress.errors.sort(Comparator.comparingLong(SyncRun.RecordError::record));
                if (!store.finish(connection, runId, "completed", progress.read, inserted, updated, deleted, progress.failed,
                        progress.errors, null, finished)) {
                    connection.rollback();
                    LOG.warnf("sync run %s was ended elsewhere meanwhile (timed out); this load is rolled back", runId);
                    return;
                }
                JdbcOutbox.append(connection, eventSource, new OutgoingEvent<>(EventCatalog.SYNC_COMPLETED, tenantId, source.id().toString(),
                        runId.toString(), new SyncCompleted(source.id(), source.panelId(), runId, source.ownerId(), progress.read, inserted,
                                updated, deleted, progress.failed, finished)), null);
                connection.commit();
            } catch (SyncFailure | SQLException | RuntimeException e) {
                connection.rollback();
                if (e instanceof IllegalStateException state && state.getCause() instanceof SQLException sql) {
                    throw sql;
                }
                throw e;
            }
        }
    }

    private static void rejected(Progress progress, List<Long> records, String column, String message) {
        for (long record : records) {
            progress.failed++;
            progress.error(new SyncRun.RecordError(record, column, message));
        }
    }

    /** The run failed (nothing written): the reason on the run and in {@code sync.failed}. */
    public void fail(UUID tenantId, UUID runId, UUID sourceId, UUID panelId, String ownerId, String reason) {
        try (Connection connection = BulkLoad.begin(dataSource, tenantId)) {
            Instant finished = Instant.now();
            if (store.finish(connection, runId, "failed", 0, 0, 0, 0, 0, List.of(), reason, finished)) {
                JdbcOutbox.append(connection, eventSource, new OutgoingEvent<>(EventCatalog.SYNC_FAILED, tenantId, sourceId.toString(),
                        runId.toString(), new SyncFailed(sourceId, panelId, runId, ownerId, reason, finished)), null);
            }
            connection.commit();
        } catch (SQLException e) {
            LOG.errorf(e, "could not record the failure of sync run %s", runId);
        }
    }
}
