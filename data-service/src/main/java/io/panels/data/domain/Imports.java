package io.panels.data.domain;

import com.fasterxml.jackson.databind.JsonNode;
import io.agroal.api.AgroalDataSource;
import io.panels.common.ids.Ids;
import io.panels.common.outbox.OutgoingEvent;
import io.panels.common.problem.FieldError;
import io.panels.common.tenant.TenantScope;
import io.panels.data.config.DataSettings;
import io.panels.data.store.BulkLoad;
import io.panels.data.store.ImportFiles;
import io.panels.data.store.ImportStore;
import io.panels.data.store.JdbcOutbox;
import io.panels.data.store.PanelRegistry;
import io.panels.events.EventCatalog;
import io.panels.events.row.RowsImported;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * CSV imports: a job is queued with its spooled file, then run in the background
 * ({@link ImportWorker}). Each line is read into the JSON the rows API takes and checked by the
 * same rules ({@link RowValues}); a bad line is reported and skipped, the good ones are loaded with
 * COPY and land all at once, with one {@code rows.imported} event, in one transaction: a job that
 * fails or is interrupted has written nothing (ADR 0017).
 */
@ApplicationScoped
public class Imports {

    private static final Logger LOG = Logger.getLogger(Imports.class);
    /** Lines between two progress updates of a running job. */
    private static final int PROGRESS_EVERY = 25_000;
    /** Below this many rows a load keeps the panel's indexes up to date row by row. */
    private static final long REBUILD_INDEXES_FROM = 10_000;

    private final ImportStore store;
    private final ImportFiles files;
    private final PanelRegistry registry;
    private final Pool pool;
    private final AgroalDataSource dataSource;
    private final DataSettings settings;
    private final String source;

    public Imports(ImportStore store, ImportFiles files, PanelRegistry registry, Pool pool, AgroalDataSource dataSource,
                   DataSettings settings, @ConfigProperty(name = "quarkus.application.name") String applicationName) {
        this.store = store;
        this.files = files;
        this.registry = registry;
        this.pool = pool;
        this.dataSource = dataSource;
        this.settings = settings;
        this.source = "/panels/" + applicationName;
    }

    /** A new job for a spooled file, in the caller's transaction (with its Idempotency-Key claim). */
    public Uni<ImportJob> queue(SqlClient tx, UUID tenantId, String user, UUID panelId, UUID id, ImportOptions options,
                                long bytes, String node) {
        ImportJob job = new ImportJob(id, panelId, ImportJob.Status.QUEUED, options, bytes, 0, 0, 0, List.of(), null,
                Instant.now(), user, null, null);
        return store.insert(tx, tenantId, job, node).replaceWith(job);
    }

    public Uni<ImportJob> get(SqlClient tx, UUID panelId, UUID id) {
        return store.find(tx, panelId, id).map(found -> found.orElseThrow(
                () -> io.panels.common.problem.ProblemException.notFound("Import", id)));
    }

    public Uni<List<ImportJob>> list(SqlClient tx, UUID panelId, UUID before, int limit) {
        return store.list(tx, panelId, before, limit);
    }

    /** Why a job cannot finish; shown on the failed job. */
    static final class ImportFailure extends Exception {

        ImportFailure(String message) {
            super(message, null, false, false);
        }
    }

    /** Progress of one run: counts and the first errors by line. */
    private final class Run {

        final UUID jobId;
        final UUID tenantId;
        final int maxErrors = settings.imports().maxErrors();
        final List<ImportJob.LineError> errors = new ArrayList<>();
        long linesRead;
        long rowsFailed;

        Run(UUID jobId, UUID tenantId) {
            this.jobId = jobId;
            this.tenantId = tenantId;
        }

        void error(long line, String column, String message) {
            errors.add(new ImportJob.LineError(line, column, message));
            if (errors.size() > 2 * maxErrors) {
                trim();
            }
        }

        List<ImportJob.LineError> firstErrors() {
            trim();
            return List.copyOf(errors);
        }

        private void trim() {
            errors.sort(Comparator.comparingLong(ImportJob.LineError::line));
            while (errors.size() > maxErrors) {
                errors.removeLast();
            }
        }
    }

    /**
     * Runs a queued job to its end: completed (the good lines written, one event) or failed with a
     * reason (nothing written). Blocking: the worker's thread.
     */
    public void run(UUID jobId, UUID tenantId, UUID panelId, String user, String node) {
        Run run = new Run(jobId, tenantId);
        boolean keepFile = false;
        try {
            ImportJob job = pool.withTransaction(tx -> TenantScope.bind(tx, tenantId).chain(() -> store.find(tx, panelId, jobId)))
                    .await().indefinitely().orElse(null);
            // Only this replica's queued job: another replica that took it over runs it (and needs its file).
            if (job == null || !store.running(tenantId, jobId, node).await().indefinitely()) {
                keepFile = job != null;
                return;
            }
            keepFile = !load(run, job, tenantId, panelId, user, node);
        } catch (ImportFailure failure) {
            store.failed(tenantId, jobId, node, failure.getMessage(), run.linesRead, run.rowsFailed, run.firstErrors()).await().indefinitely();
        } catch (Exception | Error unexpected) {
            LOG.errorf(unexpected, "import %s failed", jobId);
            String reason = unexpected instanceof SQLException sql && "23505".equals(sql.getSQLState())
                    ? "Another write took a value of a unique column while the file was loading; nothing was imported. Run the import again."
                    : "The import failed unexpectedly; nothing was imported. Run it again, or contact support with this import id.";
            store.failed(tenantId, jobId, node, reason, run.linesRead, run.rowsFailed, run.firstErrors()).await().indefinitely();
        } finally {
            if (!keepFile) {
                files.delete(jobId);
            }
        }
    }

    /** Loads the file; false when another replica took the job over meanwhile (nothing committed here). */
    private boolean load(Run run, ImportJob job, UUID tenantId, UUID panelId, String user, String node) throws Exception {
        try (Connection connection = BulkLoad.begin(dataSource, tenantId)) {
            try {
                String status = BulkLoad.lockPanel(connection, panelId);
                if (status == null || "deleted".equals(status)) {
                    throw new ImportFailure("The panel was deleted; nothing was imported.");
                }
                if ("archived".equals(status)) {
                    throw new ImportFailure("The panel is archived; nothing was imported. Restore it and run the import again.");
                }
                PanelSchema panel = pool.withTransaction(tx -> TenantScope.bind(tx, tenantId).chain(() -> registry.find(tx, panelId)))
                        .await().indefinitely().orElseThrow(() -> new ImportFailure("The panel was deleted; nothing was imported."));
                long imported;
                try (BulkLoad load = BulkLoad.start(connection, panel)) {
                    stage(run, job.options(), panel, load);
                    load.endCopy();
                    for (PanelColumn column : load.columns()) {
                        if (column.unique()) {
                            for (long line : load.removeDuplicates(column, true)) {
                                run.rowsFailed++;
                                run.error(line, column.key(), "another row of the panel already has this value");
                            }
                            for (long line : load.removeDuplicates(column, false)) {
                                run.rowsFailed++;
                                run.error(line, column.key(), "an earlier line of the file has the same value");
                            }
                        }
                    }
                    List<String> rebuild = load.staged() >= REBUILD_INDEXES_FROM && load.panelRowsBelow(load.staged())
                            ? load.dropSecondaryIndexes() : List.of();
                    imported = load.insert(tenantId, user);
                    load.createIndexes(rebuild);
                    // Fresh statistics for the panel's first queries (an estimated count reads them).
                    load.analyze();
                }
                Instant finished = Instant.now();
                if (!complete(connection, run, imported, finished, node)) {
                    connection.rollback();
                    LOG.warnf("import %s was taken over by another replica; this run's load is rolled back", job.id());
                    return false;
                }
                JdbcOutbox.append(connection, source, new OutgoingEvent<>(EventCatalog.ROWS_IMPORTED, tenantId, panelId.toString(),
                        job.id().toString(), new RowsImported(panelId, job.id(), imported, run.rowsFailed, finished, user)), user);
                connection.commit();
                return true;
            } catch (Exception | Error e) {
                connection.rollback();
                throw e;
            }
        }
    }

    /** Reads the file line by line; each good line goes to the COPY, each bad one to the errors. */
    private void stage(Run run, ImportOptions options, PanelSchema panel, BulkLoad load) throws Exception {
        try (Reader reader = utf8(files.file(run.jobId))) {
            CsvRecords csv = new CsvRecords(reader, options.delimiterChar());
            List<String> first = csv.next();
            if (first == null) {
                throw new ImportFailure("The file has no lines; nothing was imported.");
            }
            List<PanelColumn> bound = options.bind(panel, options.header() ? first : null, first.size());
            if (bound.stream().allMatch(java.util.Objects::isNull)) {
                throw new ImportFailure(options.header()
                        ? "No header of the file names a column of the panel (by key or name, ignoring case) or is mapped to one."
                        : "No field of the file is mapped to a column of the panel.");
            }
            List<String> fields = options.header() ? csv.next() : first;
            List<PanelColumn> columns = load.columns();
            while (fields != null) {
                if (!(fields.size() == 1 && fields.getFirst().isEmpty())) {
                    run.linesRead++;
                    line(run, csv.line(), fields, bound, panel, columns, load);
                    if (run.linesRead % PROGRESS_EVERY == 0) {
                        store.progress(run.tenantId, run.jobId, run.linesRead, run.rowsFailed).await().indefinitely();
                    }
                }
                fields = csv.next();
            }
        } catch (CsvRecords.MalformedCsvException e) {
            throw new ImportFailure("Line " + e.line() + ": " + e.getMessage() + "; nothing was imported.");
        } catch (CharacterCodingException e) {
            throw new ImportFailure("The file is not UTF-8 text (after line " + run.linesRead + "); nothing was imported.");
        }
    }

    private void line(Run run, long line, List<String> fields, List<PanelColumn> bound, PanelSchema panel,
                      List<PanelColumn> columns, BulkLoad load) throws SQLException {
        Map<String, JsonNode> given = new HashMap<>();
        boolean bad = false;
        for (int i = 0; i < fields.size() && i < bound.size(); i++) {
            PanelColumn column = bound.get(i);
            if (column == null) {
                continue;
            }
            try {
                given.put(column.key(), CsvValues.of(column, fields.get(i)));
            } catch (CsvValues.Unreadable unreadable) {
                run.error(line, column.key(), unreadable.getMessage());
                bad = true;
            }
        }
        List<FieldError> errors = new ArrayList<>();
        Map<String, CellValue> checked = RowValues.forCreate(panel, given, "", errors);
        for (FieldError error : errors) {
            run.error(line, error.field().startsWith("values.") ? error.field().substring(7) : error.field(), error.message());
        }
        if (bad || !errors.isEmpty()) {
            run.rowsFailed++;
            return;
        }
        List<CellValue> values = new ArrayList<>(columns.size());
        for (PanelColumn column : columns) {
            values.add(checked.get(column.key()));
        }
        load.add(line, Ids.newId(), values);
    }

    /** UTF-8, strictly (a file in another encoding fails instead of importing garbled text), without a BOM. */
    private static Reader utf8(java.nio.file.Path file) throws IOException {
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        BufferedReader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(file), decoder), 256 * 1024);
        reader.mark(1);
        if (reader.read() != '\uFEFF') {
            reader.reset();
        }
        return reader;
    }

    /**
     * The job's end, in the load's transaction: the rows and their job's completion commit together;
     * false when another replica took the job over meanwhile (this run must not commit).
     */
    private boolean complete(Connection connection, Run run, long imported, Instant finished, String node) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE import_job SET status = 'completed', lines_read = ?,"
                + " rows_imported = ?, rows_failed = ?, errors = CAST(? AS jsonb), finished_at = ?, heartbeat_at = now()"
                + " WHERE id = ? AND status = 'running' AND node = ?")) {
            update.setLong(1, run.linesRead);
            update.setLong(2, imported);
            update.setLong(3, run.rowsFailed);
            update.setString(4, store.write(run.firstErrors()));
            update.setTimestamp(5, Timestamp.from(finished));
            update.setObject(6, run.jobId);
            update.setString(7, node);
            return update.executeUpdate() == 1;
        }
    }

    /** Whether the job is one this replica can run again: its file is still here. */
    public boolean canResume(UUID jobId) {
        return files.exists(jobId);
    }
}
