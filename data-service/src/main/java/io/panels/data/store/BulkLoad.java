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
import java.sql.Statement;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * One import's load, in one JDBC transaction: the checked rows are streamed with COPY into a
 * temporary staging table (COPY FROM cannot write a table under row-level security, and the
 * staging table lets duplicates of unique columns be found with set operations), then moved into
 * the panel's table with one INSERT ... SELECT, which row-level security checks. Blocking: run it
 * on a worker thread, never on the event loop.
 */
public final class BulkLoad implements AutoCloseable {

    private static final int FLUSH_BYTES = 256 * 1024;

    private final Connection connection;
    private final PanelSchema panel;
    private final List<PanelColumn> columns;
    private final StringBuilder pending = new StringBuilder(FLUSH_BYTES + 4096);
    private CopyIn copy;
    private long staged;

    private BulkLoad(Connection connection, PanelSchema panel) {
        this.connection = connection;
        this.panel = panel;
        this.columns = panel.columns().stream().filter(c -> !c.computed() && c.sqlName() != null).toList();
    }

    /** Opens the load's transaction on a connection of its own, bound to the tenant (row-level security). */
    public static Connection begin(AgroalDataSource dataSource, UUID tenantId) throws SQLException {
        Connection connection = dataSource.getConnection();
        try {
            connection.setAutoCommit(false);
            try (PreparedStatement bind = connection.prepareStatement("SELECT set_config('panels.tenant_id', ?, true)")) {
                bind.setString(1, tenantId.toString());
                bind.execute();
            }
            return connection;
        } catch (SQLException e) {
            connection.close();
            throw e;
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

    /** Creates the staging table for the panel's stored columns and starts the COPY into it. */
    public static BulkLoad start(Connection connection, PanelSchema panel) throws SQLException {
        BulkLoad load = new BulkLoad(connection, panel);
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
        pending.append(line).append('\t').append(id);
        for (CellValue value : values) {
            pending.append('\t');
            encode(value == null ? null : value.sql());
        }
        pending.append('\n');
        staged++;
        if (pending.length() >= FLUSH_BYTES) {
            flush();
        }
    }

    public long staged() {
        return staged;
    }

    /** Ends the COPY: every staged row is in the staging table. */
    public void endCopy() throws SQLException {
        flush();
        copy.endCopy();
        copy = null;
        try (Statement statement = connection.createStatement()) {
            statement.execute("ANALYZE import_rows");
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

    /** Moves the staged rows into the panel's table, in line order; answers how many. */
    public long insert(UUID tenantId, String user) throws SQLException {
        StringBuilder names = new StringBuilder();
        for (PanelColumn column : columns) {
            names.append(", ").append(quote(column.sqlName()));
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + panel.qualifiedTable()
                + " (id, tenant_id, created_by, updated_by" + names + ") SELECT id, CAST(? AS uuid), ?, ?" + names
                + " FROM import_rows ORDER BY line")) {
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
    public List<String> dropSecondaryIndexes() throws SQLException {
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

    /** Builds indexes from their definitions (as {@link #dropSecondaryIndexes} answered them). */
    public void createIndexes(List<String> definitions) throws SQLException {
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
        copy.writeToCopy(bytes, 0, bytes.length);
        pending.setLength(0);
    }

    /** A value in COPY's text format: \N for NULL, backslash escapes for tab, line breaks and backslash. */
    private void encode(Object value) {
        switch (value) {
            case null -> pending.append("\\N");
            case BigDecimal number -> pending.append(number.toPlainString());
            case Boolean bool -> pending.append(bool ? 't' : 'f');
            case LocalDate date -> pending.append(date);
            case OffsetDateTime instant -> pending.append(instant);
            case String[] items -> {
                StringBuilder array = new StringBuilder("{");
                for (int i = 0; i < items.length; i++) {
                    array.append(i == 0 ? "" : ",").append('"')
                            .append(items[i].replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
                }
                escape(array.append('}').toString());
            }
            default -> escape(value.toString());
        }
    }

    private void escape(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> pending.append("\\\\");
                case '\t' -> pending.append("\\t");
                case '\n' -> pending.append("\\n");
                case '\r' -> pending.append("\\r");
                default -> pending.append(c);
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
