package io.panels.data.domain;

import com.fasterxml.jackson.databind.JsonNode;
import io.panels.common.ids.Ids;
import io.panels.common.outbox.OutgoingEvent;
import io.panels.common.problem.FieldError;
import io.panels.common.problem.ProblemException;
import io.panels.common.tenant.TenantScope;
import io.panels.data.config.DataSettings;
import io.panels.data.store.BulkLoad;
import io.panels.data.store.CopyText;
import io.panels.data.store.ImportFiles;
import io.panels.data.store.ImportStore;
import io.panels.data.store.JdbcOutbox;
import io.panels.data.store.PanelRegistry;
import io.panels.events.EventCatalog;
import io.panels.events.row.RowsImported;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
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
    /** Lines between two progress updates of a running job (which also tell whether it is still this replica's). */
    private static final int PROGRESS_EVERY = 25_000;
    /** Below this many rows a load keeps the panel's indexes up to date row by row. */
    private static final long REBUILD_INDEXES_FROM = 10_000;
    private static final java.security.SecureRandom SEEDS = new java.security.SecureRandom();

    private final ImportStore store;
    private final ImportFiles files;
    private final PanelRegistry registry;
    private final Pool pool;
    private final DataSettings settings;
    private final String source;
    private final String jdbcUrl;
    private final String jdbcUser;
    private final Optional<String> jdbcPassword;
    private final Map<UUID, Run> running = new ConcurrentHashMap<>();

    public Imports(ImportStore store, ImportFiles files, PanelRegistry registry, Pool pool, DataSettings settings,
                   @ConfigProperty(name = "quarkus.application.name") String applicationName,
                   @ConfigProperty(name = "quarkus.datasource.jdbc.url") String jdbcUrl,
                   @ConfigProperty(name = "quarkus.datasource.username") String jdbcUser,
                   @ConfigProperty(name = "quarkus.datasource.password") Optional<String> jdbcPassword) {
        this.store = store;
        this.files = files;
        this.registry = registry;
        this.pool = pool;
        this.settings = settings;
        this.source = "/panels/" + applicationName;
        this.jdbcUrl = jdbcUrl;
        this.jdbcUser = jdbcUser;
        this.jdbcPassword = jdbcPassword;
    }

    /** A new job for a spooled file, in the caller's transaction (with its Idempotency-Key claim). */
    public Uni<ImportJob> queue(SqlClient tx, UUID tenantId, String user, UUID panelId, UUID id, ImportOptions options,
                                long bytes, long uploadMillis, String node) {
        ImportJob job = new ImportJob(id, panelId, ImportJob.Status.QUEUED, options, bytes, 0, 0, 0, List.of(), null,
                Instant.now(), user, null, null, Map.of("upload", uploadMillis));
        return store.insert(tx, tenantId, job, node).replaceWith(job);
    }

    public Uni<ImportJob> get(SqlClient tx, UUID panelId, UUID id) {
        return store.find(tx, panelId, id).map(found -> found.orElseThrow(
                () -> ProblemException.notFound("Import", id)));
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

    /** The run must stop and write nothing: the job was cancelled, or is no longer this replica's running job. */
    static final class ImportStopped extends Exception {

        ImportStopped(String message) {
            super(message, null, false, false);
        }
    }

    /** Progress of one run: counts, the first errors by line, the phases' durations, and how to stop it. */
    private final class Run {

        final UUID jobId;
        final UUID tenantId;
        final int maxErrors = settings.imports().maxErrors();
        final List<ImportJob.LineError> errors = new ArrayList<>();
        final Map<String, Long> phases = new LinkedHashMap<>();
        long linesRead;
        long rowsFailed;
        volatile boolean cancelled;
        /**
         * Row ids: UUIDv7 as {@link Ids#newId()} makes them, with the random bits from a generator seeded
         * securely once per run (split for each batch of lines). Ids must be unique, not unpredictable (another tenant's row is 404
         * whatever its id), and SecureRandom costs about a microsecond per id: a second per million rows.
         */
        private final SplittableRandom random = new SplittableRandom(SEEDS.nextLong());
        /** The load's connection while it runs: a cancel stops its statement. */
        private Connection connection;
        private long phaseStart = System.nanoTime();

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

        /** Ends the current phase under this name (its time added to any earlier time of that name) and starts the next. */
        void phase(String name) {
            long now = System.nanoTime();
            phases.merge(name, (now - phaseStart) / 1_000_000, Long::sum);
            phaseStart = now;
        }

        /** Ends a phase; then stops when the job was cancelled meanwhile. */
        void checkpoint(String name) throws ImportStopped {
            phase(name);
            stopIfCancelled();
        }

        void stopIfCancelled() throws ImportStopped {
            if (cancelled) {
                throw new ImportStopped("cancelled");
            }
        }

        synchronized void attach(Connection connection) {
            this.connection = connection;
        }

        synchronized void detach() {
            this.connection = null;
        }

        /** Stops the run: at its next check, and its running statement now (its connection is its own, see BulkLoad.connect). */
        synchronized void cancel() {
            cancelled = true;
            if (connection != null) {
                try {
                    BulkLoad.cancelStatement(connection);
                } catch (SQLException e) {
                    LOG.warnf(e, "import %s: could not cancel its running statement; it stops at its next step", jobId);
                }
            }
        }
    }

    /** The jobs this replica is loading now. */
    public List<UUID> loading() {
        return List.copyOf(running.keySet());
    }

    /**
     * Stops this replica's run of a job that was cancelled (nothing happens when it is not running
     * here). Never blocks: the cancel request to the database is sent from a worker thread.
     */
    public void stop(UUID jobId) {
        Run run = running.get(jobId);
        if (run != null) {
            run.cancelled = true;
            Infrastructure.getDefaultWorkerPool().execute(run::cancel);
        }
    }

    /**
     * Cancels a queued or running job (404 when the panel has no such job, 409 when it has ended); a
     * running load stops and writes nothing ({@link ImportWorker#cancel} reaches it).
     */
    public Uni<ImportJob> cancel(SqlClient tx, UUID panelId, UUID id) {
        return store.cancel(tx, panelId, id).chain(cancelled -> get(tx, panelId, id).invoke(job -> {
            if (!cancelled) {
                throw ProblemException.conflict("The import has ended already (" + job.status().sql() + ").");
            }
        }));
    }

    /**
     * Runs a queued job to its end: completed (the good lines written, one event), failed with a
     * reason, or stopped because it was cancelled (nothing written in either case). Blocking: the
     * worker's thread.
     */
    public void run(UUID jobId, UUID tenantId, UUID panelId, String user, String node) {
        Run run = new Run(jobId, tenantId);
        boolean keepFile = false;
        running.put(jobId, run);
        try {
            ImportJob job = pool.withTransaction(tx -> TenantScope.bind(tx, tenantId).chain(() -> store.find(tx, panelId, jobId)))
                    .await().indefinitely().orElse(null);
            // Only this replica's queued job: another replica that took it over runs it (and needs its file).
            if (job == null || !store.running(tenantId, jobId, node).await().indefinitely()) {
                keepFile = job != null && store.unfinished(tenantId, jobId).await().indefinitely();
                return;
            }
            run.phases.putAll(job.phases());
            if (!load(run, job, tenantId, panelId, user, node)) {
                keepFile = store.unfinished(tenantId, jobId).await().indefinitely();
            }
        } catch (ImportStopped stopped) {
            LOG.infof("import %s stopped (%s) after %d lines; nothing was written", jobId, stopped.getMessage(), run.linesRead);
            keepFile = store.unfinished(tenantId, jobId).await().indefinitely();
        } catch (ImportFailure failure) {
            store.failed(tenantId, jobId, node, failure.getMessage(), run.linesRead, run.rowsFailed, run.firstErrors()).await().indefinitely();
        } catch (Exception | Error unexpected) {
            LOG.errorf(unexpected, "import %s failed", jobId);
            String reason = unexpected instanceof SQLException sql && "23505".equals(sql.getSQLState())
                    ? "Another write took a value of a unique column while the file was loading; nothing was imported. Run the import again."
                    : "The import failed unexpectedly; nothing was imported. Run it again, or contact support with this import id.";
            store.failed(tenantId, jobId, node, reason, run.linesRead, run.rowsFailed, run.firstErrors()).await().indefinitely();
        } finally {
            running.remove(jobId);
            if (!keepFile) {
                files.delete(jobId);
            }
        }
    }

    /**
     * Loads the file; false when another replica took the job over meanwhile (nothing committed here).
     * Each phase's time goes to the job and to the log.
     */
    private boolean load(Run run, ImportJob job, UUID tenantId, UUID panelId, String user, String node) throws Exception {
        long started = System.nanoTime();
        run.phaseStart = started;
        try (Connection connection = BulkLoad.connect(jdbcUrl, jdbcUser, jdbcPassword.orElse(null), tenantId)) {
            run.attach(connection);
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
                long estimatedBefore = BulkLoad.estimatedRows(connection, panel);
                boolean direct = BulkLoad.takeEmptyTable(connection, panel);
                // Into an empty table every index, the primary key's too, is built once at the end, sorted, instead of row by row.
                List<String> rebuild = direct ? dropIndexesForDirectLoad(connection, panel) : List.of();
                if (direct && BulkLoad.FREEZE) {
                    BulkLoad.truncateEmptyTable(connection, panel);
                }
                run.checkpoint("prepare");
                long imported;
                try (BulkLoad load = direct ? BulkLoad.startDirect(connection, panel, tenantId, user) : BulkLoad.start(connection, panel)) {
                    stage(run, job.options(), panel, load);
                    run.phases.put("copyWait", load.copyWaitNanos() / 1_000_000);
                    run.checkpoint("read");
                    boolean unique = load.columns().stream().anyMatch(PanelColumn::unique);
                    load.endCopy(unique);
                    run.phases.put("copyWait", load.copyWaitNanos() / 1_000_000);
                    run.checkpoint("endCopy");
                    if (direct) {
                        imported = load.staged();
                    } else {
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
                        run.checkpoint("duplicates");
                        if (load.staged() >= REBUILD_INDEXES_FROM && load.panelRowsBelow(load.staged())) {
                            rebuild = BulkLoad.dropSecondaryIndexes(connection, panel);
                            run.checkpoint("dropIndexes");
                        }
                        imported = load.insert(tenantId, user);
                        run.checkpoint("insert");
                    }
                    BulkLoad.createIndexes(connection, rebuild);
                    run.checkpoint("indexes");
                    // Fresh statistics for the panel's first queries (an estimated count reads them), when
                    // the load changed the table enough to matter; otherwise autovacuum's analyse comes in time.
                    if (estimatedBefore < 0 || imported * 10 >= estimatedBefore) {
                        load.analyze();
                        run.checkpoint("analyze");
                    }
                }
                Instant finished = Instant.now();
                run.phases.put("total", (System.nanoTime() - started) / 1_000_000);
                if (!complete(connection, run, imported, finished, node)) {
                    connection.rollback();
                    LOG.warnf("import %s was cancelled or taken over by another replica; this run's load is rolled back", job.id());
                    return false;
                }
                JdbcOutbox.append(connection, source, new OutgoingEvent<>(EventCatalog.ROWS_IMPORTED, tenantId, panelId.toString(),
                        job.id().toString(), new RowsImported(panelId, job.id(), imported, run.rowsFailed, finished, user)), user);
                run.phase("complete");
                connection.commit();
                run.detach();
                long commit = (System.nanoTime() - run.phaseStart) / 1_000_000;
                long total = (System.nanoTime() - started) / 1_000_000;
                store.addPhases(tenantId, job.id(), Map.of("commit", commit, "total", total)).await().indefinitely();
                run.phases.put("commit", commit);
                run.phases.put("total", total);
                LOG.infof("import %s: %d rows (%d failed) into panel %s, %s, in %d ms (%.0f rows/s); phases in ms: %s", job.id(), imported,
                        run.rowsFailed, panelId, direct ? "straight into the empty table" : "through a staging table", total,
                        imported * 1000.0 / Math.max(1, total), run.phases);
                return true;
            } catch (SQLException e) {
                run.detach();
                rollback(connection);
                if (run.cancelled) {
                    throw new ImportStopped("cancelled");
                }
                throw e;
            } catch (Exception | Error e) {
                run.detach();
                rollback(connection);
                throw e;
            }
        }
    }

    /** The statements that build the primary key (first) and the other indexes again, after dropping them. */
    private static List<String> dropIndexesForDirectLoad(Connection connection, PanelSchema panel) throws SQLException {
        List<String> rebuild = new ArrayList<>();
        String primaryKey = BulkLoad.dropPrimaryKey(connection, panel);
        if (primaryKey != null) {
            rebuild.add(primaryKey);
        }
        rebuild.addAll(BulkLoad.dropSecondaryIndexes(connection, panel));
        return rebuild;
    }

    private static void rollback(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            // The connection is closed next: the server rolls the transaction back anyway.
            LOG.debug("rollback of an import failed", e);
        }
    }

    /** Lines checked together by one checker thread. */
    private static final int BATCH_LINES = 1_000;
    /** ... or fewer when they are long: characters of a batch (a batch in flight holds its text and its COPY rows). */
    private static final int BATCH_CHARS = 512 * 1024;
    /** Threads that check lines while the run's own thread reads the file and streams the COPY. */
    private static final int CHECKERS = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

    /** A checked batch: its good rows in COPY's format, how many, and the errors of its bad lines. */
    private record Checked(CsvRecords.Batch batch, CopyText rows, int count, int failed, List<ImportJob.LineError> errors) {
    }

    /** What a run's checkers share: how lines become rows, and buffers handed back for the next batches. */
    private record Checking(List<PanelColumn> bound, PanelSchema panel, List<PanelColumn> columns, CsvRows rows, BulkLoad load,
                            java.util.concurrent.ConcurrentLinkedQueue<CsvRecords.Batch> freeBatches,
                            java.util.concurrent.ConcurrentLinkedQueue<CopyText> freeRows) {
    }

    /**
     * Reads the file into batches of lines (its own thread: parsing only, no string per field); each
     * batch is checked and written as COPY rows by one of {@link #CHECKERS} threads ({@link CsvRows}:
     * the rows API's rules, straight from the file's characters), and the batches are streamed to the
     * COPY in file order (at most twice as many in flight as threads). Each good line goes to the COPY,
     * each bad one to the errors.
     */
    private void stage(Run run, ImportOptions options, PanelSchema panel, BulkLoad load) throws Exception {
        java.util.concurrent.ExecutorService checkers = java.util.concurrent.Executors.newFixedThreadPool(CHECKERS, task -> {
            Thread thread = new Thread(task, "data-import-check");
            thread.setDaemon(true);
            return thread;
        });
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
            List<PanelColumn> columns = load.columns();
            Checking checking = new Checking(bound, panel, columns, CsvRows.of(panel, bound, columns), load,
                    new java.util.concurrent.ConcurrentLinkedQueue<>(), new java.util.concurrent.ConcurrentLinkedQueue<>());
            java.util.ArrayDeque<java.util.concurrent.Future<Checked>> inFlight = new java.util.ArrayDeque<>();
            CsvRecords.Batch batch = new CsvRecords.Batch(128 * 1024);
            if (!options.header() && !(first.size() == 1 && first.getFirst().isEmpty())) {
                batch.add(first, csv.line());
            }
            while (csv.nextInto(batch)) {
                int last = batch.records() - 1;
                if (batch.fieldCount(last) == 1 && batch.fieldEnd(last, 0) == batch.fieldStart(last, 0)) {
                    // An empty line.
                    batch.removeLast();
                    continue;
                }
                if (batch.records() == BATCH_LINES || batch.textLength() >= BATCH_CHARS) {
                    submit(checkers, inFlight, batch, run.random.split(), checking);
                    batch = checking.freeBatches().poll();
                    if (batch == null) {
                        batch = new CsvRecords.Batch(128 * 1024);
                    }
                    while (inFlight.size() > 2 * CHECKERS) {
                        stream(run, inFlight.poll(), load, checking);
                    }
                }
            }
            if (batch.records() > 0) {
                submit(checkers, inFlight, batch, run.random.split(), checking);
            }
            while (!inFlight.isEmpty()) {
                stream(run, inFlight.poll(), load, checking);
            }
        } catch (CsvRecords.MalformedCsvException e) {
            throw new ImportFailure("Line " + e.line() + ": " + e.getMessage() + "; nothing was imported.");
        } catch (CharacterCodingException e) {
            throw new ImportFailure("The file is not UTF-8 text (after line " + run.linesRead + "); nothing was imported.");
        } finally {
            checkers.shutdownNow();
        }
    }

    /**
     * Checks a batch on a checker thread. Row ids are UUIDv7 as {@link Ids#newId()} makes them, the random
     * bits from a generator split off the run's for this batch.
     */
    private static void submit(java.util.concurrent.ExecutorService checkers, java.util.ArrayDeque<java.util.concurrent.Future<Checked>> inFlight,
                               CsvRecords.Batch batch, SplittableRandom random, Checking checking) {
        inFlight.add(checkers.submit(() -> {
            CopyText rows = checking.freeRows().poll();
            if (rows == null) {
                rows = new CopyText(2 * batch.textLength() + 64 * 1024);
            }
            List<ImportJob.LineError> errors = new ArrayList<>();
            CsvRows.RowStart start = checking.load()::rowStart;
            int count = 0;
            int failed = 0;
            for (int i = 0; i < batch.records(); i++) {
                long msb = (System.currentTimeMillis() & 0xFFFF_FFFF_FFFFL) << 16 | 0x7000L | random.nextInt(1 << 12);
                long lsb = random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L;
                if (checking.rows() != null && checking.rows().write(batch, i, msb, lsb, start, rows)) {
                    count++;
                    continue;
                }
                // No shortcut for this file, or the line has a problem: the general rules say which (and report it).
                List<CellValue> values = line(batch.line(i), batch.fields(i), checking.bound(), checking.panel(), checking.columns(), errors);
                if (values == null) {
                    failed++;
                } else {
                    StringBuilder row = new StringBuilder(256);
                    checking.load().encodeRow(row, batch.line(i), new UUID(msb, lsb), values);
                    rows.escaped(row);
                    count++;
                }
            }
            return new Checked(batch, rows, count, failed, errors);
        }));
    }

    /** The next checked batch, in file order, to the COPY; progress, and a stop when cancelled. */
    private void stream(Run run, java.util.concurrent.Future<Checked> next, BulkLoad load, Checking checking) throws Exception {
        Checked checked;
        try {
            checked = next.get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw (Error) e.getCause();
        }
        load.addEncoded(checked.rows(), checked.count());
        checked.rows().reset(0);
        checking.freeRows().offer(checked.rows());
        checked.batch().clear();
        checking.freeBatches().offer(checked.batch());
        checked.errors().forEach(error -> run.error(error.line(), error.column(), error.message()));
        long before = run.linesRead;
        run.linesRead += checked.count() + checked.failed();
        run.rowsFailed += checked.failed();
        if (run.linesRead / PROGRESS_EVERY != before / PROGRESS_EVERY
                && !store.progress(run.tenantId, run.jobId, run.linesRead, run.rowsFailed).await().indefinitely()) {
            throw new ImportStopped("the job is no longer running here");
        }
        run.stopIfCancelled();
    }

    /** Checks one line; its values in the order of {@code columns}, or null (its errors added) when it is bad. */
    private static List<CellValue> line(long line, List<String> fields, List<PanelColumn> bound, PanelSchema panel,
                                        List<PanelColumn> columns, List<ImportJob.LineError> lineErrors) {
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
                lineErrors.add(new ImportJob.LineError(line, column.key(), unreadable.getMessage()));
                bad = true;
            }
        }
        List<FieldError> errors = new ArrayList<>();
        Map<String, CellValue> checked = RowValues.forCreate(panel, given, "", errors);
        for (FieldError error : errors) {
            lineErrors.add(new ImportJob.LineError(line, error.field().startsWith("values.") ? error.field().substring(7) : error.field(),
                    error.message()));
        }
        if (bad || !errors.isEmpty()) {
            return null;
        }
        List<CellValue> values = new ArrayList<>(columns.size());
        for (PanelColumn column : columns) {
            values.add(checked.get(column.key()));
        }
        return values;
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
                + " rows_imported = ?, rows_failed = ?, errors = CAST(? AS jsonb), finished_at = ?, heartbeat_at = now(),"
                + " phases = CAST(? AS jsonb) WHERE id = ? AND status = 'running' AND node = ?")) {
            update.setLong(1, run.linesRead);
            update.setLong(2, imported);
            update.setLong(3, run.rowsFailed);
            update.setString(4, store.write(run.firstErrors()));
            update.setTimestamp(5, Timestamp.from(finished));
            update.setString(6, store.write(run.phases));
            update.setObject(7, run.jobId);
            update.setString(8, node);
            return update.executeUpdate() == 1;
        }
    }

    /** Whether the job is one this replica can run again: its file is still here. */
    public boolean canResume(UUID jobId) {
        return files.exists(jobId);
    }
}
