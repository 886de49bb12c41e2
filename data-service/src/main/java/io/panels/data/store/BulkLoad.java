package io.panels.data.store;

import io.agroal.api.AgroalDataSource;
import io.panels.data.domain.CellValue;
import io.panels.data.domain.PanelColumn;
import io.panels.data.domain.PanelSchema;
import io.panels.data.domain.StorageTypes;
import io.panels.formula.sql.SqlExpression;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * One import's load, in one JDBC transaction. Staged (the general case): the checked rows are
 * streamed with COPY into a temporary staging table (COPY FROM cannot write a table under
 * row-level security, and the staging table lets duplicates of unique columns be found with set
 * operations), then moved into the panel's table with one INSERT ... SELECT, which row-level
 * security checks. Direct (an empty panel without unique columns, ADR 0040): the table is locked,
 * its forced row-level security lifted inside the transaction, and the rows are streamed with COPY
 * straight into it, every row carrying the bound tenant; the policy is forced again before the
 * commit, so no other transaction ever sees the table without it. Blocking: run it on a worker
 * thread, never on the event loop.
 */
public final class BulkLoad implements AutoCloseable {

    private static final int FLUSH_BYTES = 256 * 1024;
    /** Direct loads truncate the empty table first and COPY with FREEZE (see {@link #truncateEmptyTable}). */
    public static final boolean FREEZE = !Boolean.getBoolean("panels.data.imports.no-freeze");

    private final Connection connection;
    private final PanelSchema panel;
    private final List<PanelColumn> columns;
    private final StringBuilder pending = new StringBuilder(FLUSH_BYTES + 4096);
    /** Direct: what each row starts with (tenant, created_by, updated_by); null when staged. */
    private final String directPrefix;
    /** {@link #directPrefix} after its row id's tab, as UTF-8: what {@link #rowStart} writes. */
    private final byte[] directPrefixBytes;
    private CopyIn copy;
    private long staged;
    private long copyWaitNanos;

    private BulkLoad(Connection connection, PanelSchema panel, String directPrefix) {
        this.connection = connection;
        this.panel = panel;
        this.columns = panel.columns().stream().filter(c -> !c.computed() && c.sqlName() != null).toList();
        this.directPrefix = directPrefix;
        this.directPrefixBytes = directPrefix == null ? null : ('\t' + directPrefix).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A connection of its own for one import (not from the pool): a running load may be stopped with
     * a cancel request to its backend, which must never reach a pooled connection's next user; the
     * connection is closed when the load ends. Opens the transaction, bound to the tenant.
     */
    public static Connection connect(String url, String user, String password, UUID tenantId) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        if (password != null) {
            properties.setProperty("password", password);
        }
        properties.setProperty("ApplicationName", "data-service-import");
        Connection connection = new org.postgresql.Driver().connect(url, properties);
        if (connection == null) {
            throw new SQLException("not a PostgreSQL JDBC URL: " + url);
        }
        try {
            try (Statement statement = connection.createStatement()) {
                // A fresh session: the staging table may stay in memory (temp_buffers counts only before its first use).
                statement.execute("SET temp_buffers = '256MB'");
            }
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                // Index builds after a large load sort in memory.
                statement.execute("SET LOCAL maintenance_work_mem = '256MB'");
            }
            bind(connection, tenantId);
            return connection;
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
    }

    /** Asks the server to stop the statement this connection is running (from another thread). */
    public static void cancelStatement(Connection connection) throws SQLException {
        connection.unwrap(org.postgresql.core.BaseConnection.class).cancelQuery();
    }

    /** Opens the load's transaction on a connection of its own, bound to the tenant (row-level security). */
    public static Connection begin(AgroalDataSource dataSource, UUID tenantId) throws SQLException {
        Connection connection = dataSource.getConnection();
        try {
            connection.setAutoCommit(false);
            bind(connection, tenantId);
            return connection;
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
    }

    private static void bind(Connection connection, UUID tenantId) throws SQLException {
        try (PreparedStatement bind = connection.prepareStatement("SELECT set_config('panels.tenant_id', ?, true)")) {
            bind.setString(1, tenantId.toString());
            bind.execute();
        }
    }

    /**
     * Locks the panel's registry entry for share, so that its schema cannot change (panel events lock
     * it for update) until the load ends; answers its status, or null when the panel is not there.
     */
    public static String lockPanel(Connection connection, UUID panelId) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT status FROM panel_table WHERE panel_id = ? FOR SHARE")) {
            lock.setObject(1, panelId);
            try (ResultSet rows = lock.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }

    /**
     * Whether the load can go straight into the panel's table: the panel has no unique column (their
     * duplicates are found in the staging table) and no rows. When it answers true, the table is
     * locked (ACCESS EXCLUSIVE: readers and writers of this panel wait for the load's end); when
     * false, nothing is locked beyond what the caller held. COPY may write the table because its
     * row-level-security policy is not forced on the owner (ADR 0047); its check constraint still
     * pins every row to the panel's tenant.
     */
    public static boolean takeEmptyTable(Connection connection, PanelSchema panel) throws SQLException {
        if (panel.columns().stream().anyMatch(c -> c.unique() && !c.computed())) {
            return false;
        }
        String table = panel.qualifiedTable();
        // A cheap look first, under the policy, before asking for the lock.
        if (hasRows(connection, table)) {
            return false;
        }
        Savepoint before = connection.setSavepoint();
        try (Statement statement = connection.createStatement()) {
            statement.execute("LOCK TABLE " + table + " IN ACCESS EXCLUSIVE MODE");
        } catch (SQLException e) {
            if (!"42501".equals(e.getSQLState())) {
                throw e;
            }
            // Not allowed to lock it so (a database set up with another role for DDL): the staged path needs no lock.
            connection.rollback(before);
            return false;
        }
        // Again under the lock: a row committed meanwhile sends the load through the staging table.
        if (hasRows(connection, table)) {
            connection.rollback(before);
            return false;
        }
        connection.releaseSavepoint(before);
        return true;
    }

    private static boolean hasRows(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT EXISTS (SELECT 1 FROM " + table + ")")) {
            rows.next();
            return rows.getBoolean(1);
        }
    }

    /**
     * Empties the (empty, locked) table once more with TRUNCATE, which gives it new files within this
     * transaction: the COPY that follows may then write its rows frozen and mark its pages
     * all-visible (COPY FREEZE), so the first reads and vacuums after the load do not rewrite every
     * page to set hint bits. Only after {@link #takeEmptyTable} answered true: nothing is lost.
     */
    public static void truncateEmptyTable(Connection connection, PanelSchema panel) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE " + panel.qualifiedTable());
        }
    }

    /**
     * Starts the COPY straight into the panel's table (after {@link #takeEmptyTable} answered true):
     * each row carries the tenant and the importing user; the table's defaults give the rest
     * (created/updated time, version, row number in file order).
     */
    public static BulkLoad startDirect(Connection connection, PanelSchema panel, UUID tenantId, String user) throws SQLException {
        StringBuilder prefix = new StringBuilder();
        prefix.append(tenantId).append('\t');
        escapeInto(prefix, user);
        prefix.append('\t');
        escapeInto(prefix, user);
        BulkLoad load = new BulkLoad(connection, panel, prefix.toString());
        StringBuilder names = new StringBuilder("id, tenant_id, created_by, updated_by");
        for (PanelColumn column : load.columns) {
            names.append(", ").append(quote(column.sqlName()));
        }
        load.copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + panel.qualifiedTable() + " (" + names
                + ") FROM STDIN" + (FREEZE ? " WITH (FREEZE)" : ""));
        return load;
    }

    /** Whether the rows go straight into the panel's table ({@link #startDirect}). */
    public boolean direct() {
        return directPrefix != null;
    }

    /** Creates the staging table for the panel's stored columns and starts the COPY into it. */
    public static BulkLoad start(Connection connection, PanelSchema panel) throws SQLException {
        BulkLoad load = new BulkLoad(connection, panel, null);
        StringBuilder ddl = new StringBuilder("CREATE TEMP TABLE import_rows (line bigint NOT NULL, id uuid NOT NULL");
        StringBuilder names = new StringBuilder("line, id");
        for (PanelColumn column : load.columns) {
            ddl.append(", ").append(quote(column.sqlName())).append(' ').append(StorageTypes.sqlType(column.type()));
            names.append(", ").append(quote(column.sqlName()));
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute(ddl.append(") ON COMMIT DROP").toString());
        }
        load.copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY import_rows (" + names + ") FROM STDIN");
        return load;
    }

    /** The stored columns, in the order {@link #add} expects their values. */
    public List<PanelColumn> columns() {
        return columns;
    }

    /** Stages one checked row; {@code values} in the order of {@link #columns()}, null for blank. */
    public void add(long line, UUID id, List<CellValue> values) throws SQLException {
        encodeRow(pending, line, id, values);
        staged++;
        if (pending.length() >= FLUSH_BYTES) {
            flush();
        }
    }

    /**
     * Writes one checked row in COPY's text format to {@code out} (not to the load): several threads
     * may encode rows at once, each into its own buffer, then hand them over with {@link #addEncoded}.
     */
    public void encodeRow(StringBuilder out, long line, UUID id, List<CellValue> values) {
        if (directPrefix == null) {
            out.append(line).append('\t').append(id);
        } else {
            out.append(id).append('\t').append(directPrefix);
        }
        for (CellValue value : values) {
            out.append('\t');
            encodeValue(out, value == null ? null : value.sql());
        }
        out.append('\n');
    }

    /**
     * Starts one row in {@code out} (not in the load), as {@link #encodeRow} does before the values: the
     * line and id (staged) or the id, tenant and user (direct). Each value follows with a tab before it,
     * and {@link CopyText#endRow()} ends the row.
     */
    public void rowStart(CopyText out, long line, long idMostSignificant, long idLeastSignificant) {
        if (directPrefixBytes == null) {
            out.number(line);
            out.tab();
            out.uuid(idMostSignificant, idLeastSignificant);
        } else {
            out.uuid(idMostSignificant, idLeastSignificant);
            out.raw(directPrefixBytes);
        }
    }

    /** Stages rows written with {@link #rowStart} into {@code rows}, after everything staged before. */
    public void addEncoded(CopyText rows, int count) throws SQLException {
        flush();
        if (rows.length() > 0) {
            long start = System.nanoTime();
            copy.writeToCopy(rows.bytes(), 0, rows.length());
            copyWaitNanos += System.nanoTime() - start;
        }
        staged += count;
    }

    /** Stages rows encoded by {@link #encodeRow}, in the order given. */
    public void addEncoded(CharSequence rows, int count) throws SQLException {
        pending.append(rows);
        staged += count;
        if (pending.length() >= FLUSH_BYTES) {
            flush();
        }
    }

    public long staged() {
        return staged;
    }

    /** Time spent waiting for the server to take COPY data (the rest of a read is parsing and checking). */
    public long copyWaitNanos() {
        return copyWaitNanos;
    }

    /** Ends the COPY: every staged row is in the staging table, which is analysed for the set operations that follow. */
    public void endCopy() throws SQLException {
        endCopy(true);
    }

    /**
     * Ends the COPY; {@code analyze}: gathers the staging table's statistics (worth it only before
     * set operations on it: duplicates, upsert joins).
     */
    public void endCopy(boolean analyze) throws SQLException {
        flush();
        long start = System.nanoTime();
        copy.endCopy();
        copyWaitNanos += System.nanoTime() - start;
        copy = null;
        if (analyze && directPrefix == null) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("ANALYZE import_rows");
            }
        }
    }

    /**
     * Removes staged rows whose value of a unique column another row of the panel holds already
     * ({@code inPanel} true) or an earlier line of the file holds; answers their lines.
     */
    public List<Long> removeDuplicates(PanelColumn column, boolean inPanel) throws SQLException {
        String c = quote(column.sqlName());
        String sql = inPanel
                ? "DELETE FROM import_rows s WHERE s." + c + " IS NOT NULL AND EXISTS (SELECT 1 FROM " + panel.qualifiedTable()
                        + " t WHERE t." + c + " = s." + c + ") RETURNING s.line"
                : "DELETE FROM import_rows s WHERE s." + c + " IS NOT NULL AND EXISTS (SELECT 1 FROM import_rows e WHERE e." + c
                        + " = s." + c + " AND e.line < s.line) RETURNING s.line";
        List<Long> lines = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                lines.add(rows.getLong(1));
            }
        }
        return lines;
    }

    /**
     * Moves the staged rows into the panel's table, in line order; answers how many. Without ORDER BY:
     * the staging table was filled by one COPY in line order and only ever had rows deleted, and a
     * temporary table is read in its physical order (never a synchronised or parallel scan), so the
     * order is the lines' without sorting every row of the file (row numbers follow it).
     */
    public long insert(UUID tenantId, String user) throws SQLException {
        StringBuilder names = new StringBuilder();
        for (PanelColumn column : columns) {
            names.append(", ").append(quote(column.sqlName()));
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + panel.qualifiedTable()
                + " (id, tenant_id, created_by, updated_by" + names + ") SELECT id, CAST(? AS uuid), ?, ?" + names
                + " FROM import_rows")) {
            insert.setString(1, tenantId.toString());
            insert.setString(2, user);
            insert.setString(3, user);
            return insert.executeLargeUpdate();
        }
    }

    // ---- Sync modes (docs/data-sources.md): set operations between the staging table and the panel.

    /** Deletes every row of the panel (replace mode; readers see the old rows until the commit). */
    public long deleteAll() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            return statement.executeLargeUpdate("DELETE FROM " + panel.qualifiedTable());
        }
    }

    /** Removes staged rows whose key is blank; answers their lines. */
    public List<Long> removeBlank(PanelColumn key) throws SQLException {
        return lines("DELETE FROM import_rows WHERE " + quote(key.sqlName()) + " IS NULL RETURNING line");
    }

    /**
     * Removes staged rows whose value of a unique column a panel row with another key holds (upsert
     * mode: the row with the same key is the one being updated); answers their lines.
     */
    public List<Long> removeTakenByOtherKeys(PanelColumn column, PanelColumn key) throws SQLException {
        String c = quote(column.sqlName());
        String k = quote(key.sqlName());
        return lines("DELETE FROM import_rows s WHERE s." + c + " IS NOT NULL AND EXISTS (SELECT 1 FROM " + panel.qualifiedTable()
                + " t WHERE t." + c + " = s." + c + " AND t." + k + " IS DISTINCT FROM s." + k + ") RETURNING s.line");
    }

    /**
     * Upsert, first half: panel rows whose key a staged row has get its values, a new version and
     * this user as last modifier, when a value differs; answers how many changed.
     */
    public long updateMatching(PanelColumn key, String user) throws SQLException {
        StringBuilder set = new StringBuilder("version = t.version + 1, updated_at = now(), updated_by = ?");
        StringBuilder current = new StringBuilder();
        StringBuilder incoming = new StringBuilder();
        for (PanelColumn column : columns) {
            String c = quote(column.sqlName());
            set.append(", ").append(c).append(" = s.").append(c);
            current.append(current.isEmpty() ? "" : ", ").append("t.").append(c);
            incoming.append(incoming.isEmpty() ? "" : ", ").append("s.").append(c);
        }
        String k = quote(key.sqlName());
        // ROW() also for a single column: a one-column row compares like its value.
        try (PreparedStatement update = connection.prepareStatement("UPDATE " + panel.qualifiedTable() + " t SET " + set
                + " FROM import_rows s WHERE t." + k + " = s." + k + " AND ROW(" + current + ") IS DISTINCT FROM ROW(" + incoming + ")")) {
            update.setString(1, user);
            return update.executeLargeUpdate();
        }
    }

    /** Upsert, second half: staged rows whose key no panel row has are inserted; answers how many. */
    public long insertMissing(PanelColumn key, UUID tenantId, String user) throws SQLException {
        StringBuilder names = new StringBuilder();
        for (PanelColumn column : columns) {
            names.append(", ").append(quote(column.sqlName()));
        }
        String k = quote(key.sqlName());
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + panel.qualifiedTable()
                + " (id, tenant_id, created_by, updated_by" + names + ") SELECT s.id, CAST(? AS uuid), ?, ?" + names.toString().replace(", \"", ", s.\"")
                + " FROM import_rows s WHERE NOT EXISTS (SELECT 1 FROM " + panel.qualifiedTable() + " t WHERE t." + k + " = s." + k
                + ") ORDER BY s.line")) {
            insert.setString(1, tenantId.toString());
            insert.setString(2, user);
            insert.setString(3, user);
            return insert.executeLargeUpdate();
        }
    }

    private List<Long> lines(String sql) throws SQLException {
        List<Long> lines = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                lines.add(rows.getLong(1));
            }
        }
        return lines;
    }

    /** Updates the planner's statistics of the panel table (its estimates, estimated counts). */
    public void analyze() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("ANALYZE " + panel.qualifiedTable());
        }
    }

    /** The planner's estimate of the panel's rows; -1 when the table was never analysed. */
    public static long estimatedRows(Connection connection, PanelSchema panel) throws SQLException {
        try (PreparedStatement estimate = connection.prepareStatement("SELECT reltuples FROM pg_class WHERE oid = CAST(? AS regclass)")) {
            estimate.setString(1, panel.qualifiedTable());
            try (ResultSet rows = estimate.executeQuery()) {
                return rows.next() ? (long) rows.getDouble(1) : -1;
            }
        }
    }

    /** Whether the panel holds fewer than {@code rows} rows (reads at most that many). */
    public boolean panelRowsBelow(long rows) throws SQLException {
        try (PreparedStatement count = connection.prepareStatement("SELECT count(*) FROM (SELECT 1 FROM " + panel.qualifiedTable()
                + " LIMIT ?) AS t")) {
            count.setLong(1, rows);
            try (ResultSet result = count.executeQuery()) {
                result.next();
                return result.getLong(1) < rows;
            }
        }
    }

    /**
     * Drops the panel table's valid non-unique indexes and answers their definitions: a large load
     * builds them again afterwards in one sorted pass each, several times faster than keeping each
     * of them up to date row by row. Holds the table's exclusive lock until the load commits.
     */
    public static List<String> dropSecondaryIndexes(Connection connection, PanelSchema panel) throws SQLException {
        List<String> definitions = new ArrayList<>();
        List<String> names = new ArrayList<>();
        try (PreparedStatement indexes = connection.prepareStatement("SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i"
                + " JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = CAST(? AS regclass) AND NOT i.indisprimary"
                + " AND NOT i.indisunique AND i.indisvalid")) {
            indexes.setString(1, panel.qualifiedTable());
            try (ResultSet rows = indexes.executeQuery()) {
                while (rows.next()) {
                    names.add(rows.getString(1));
                    definitions.add(rows.getString(2));
                }
            }
        }
        try (Statement statement = connection.createStatement()) {
            for (String name : names) {
                statement.execute("DROP INDEX " + quote(PanelSchema.SCHEMA) + "." + quote(name));
            }
        }
        return definitions;
    }

    /**
     * Drops the primary key of the (empty, locked) table before a direct load and answers the
     * statement that adds it back, or null when it has none: one sorted build after the COPY instead
     * of a b-tree insertion per row. Only after {@link #takeEmptyTable} answered true; a rollback of
     * the load's transaction restores it.
     */
    public static String dropPrimaryKey(Connection connection, PanelSchema panel) throws SQLException {
        String name;
        String definition;
        try (PreparedStatement key = connection.prepareStatement("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
                + " WHERE conrelid = CAST(? AS regclass) AND contype = 'p'")) {
            key.setString(1, panel.qualifiedTable());
            try (ResultSet rows = key.executeQuery()) {
                if (!rows.next()) {
                    return null;
                }
                name = rows.getString(1);
                definition = rows.getString(2);
            }
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE " + panel.qualifiedTable() + " DROP CONSTRAINT " + quote(name));
        }
        return "ALTER TABLE " + panel.qualifiedTable() + " ADD CONSTRAINT " + quote(name) + " " + definition;
    }

    /** Builds indexes from their definitions (as {@link #dropSecondaryIndexes} and {@link #dropPrimaryKey} answered them). */
    public static void createIndexes(Connection connection, List<String> definitions) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String definition : definitions) {
                statement.execute(definition);
            }
        }
    }

    private void flush() throws SQLException {
        if (pending.isEmpty()) {
            return;
        }
        byte[] bytes = pending.toString().getBytes(StandardCharsets.UTF_8);
        long start = System.nanoTime();
        copy.writeToCopy(bytes, 0, bytes.length);
        copyWaitNanos += System.nanoTime() - start;
        pending.setLength(0);
    }

    /**
     * A checked value ({@link CellValue#sql()}) in COPY's text format: \N for NULL, backslash escapes
     * for tab, line breaks and backslash.
     */
    public static void encodeValue(StringBuilder out, Object value) {
        switch (value) {
            case null -> out.append("\\N");
            case BigDecimal number -> out.append(number.toPlainString());
            case Boolean bool -> out.append(bool ? 't' : 'f');
            case LocalDate date -> out.append(date);
            case OffsetDateTime instant -> out.append(instant);
            case String[] items -> {
                StringBuilder array = new StringBuilder("{");
                for (int i = 0; i < items.length; i++) {
                    array.append(i == 0 ? "" : ",").append('"')
                            .append(items[i].replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
                }
                escapeInto(out, array.append('}').toString());
            }
            default -> escapeInto(out, value.toString());
        }
    }

    private static void escapeInto(StringBuilder out, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
    }

    @Override
    public void close() throws SQLException {
        if (copy != null && copy.isActive()) {
            copy.cancelCopy();
        }
    }

    private static String quote(String identifier) {
        return SqlExpression.identifier(identifier);
    }
}
