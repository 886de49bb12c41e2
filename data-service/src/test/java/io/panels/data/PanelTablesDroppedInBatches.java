package io.panels.data;

import io.quarkus.flyway.FlywayConfigurationCustomizer;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * Before the test run's clean-at-start, drops the panel tables a shared database has gathered
 * (every earlier run of these tests, of e2e, of the benchmarks and of {@code dev/up}) a batch per
 * transaction. Flyway drops a schema's objects in one transaction, and a few thousand panel tables
 * with their indexes outgrow PostgreSQL's lock table ({@code max_locks_per_transaction}): "out of
 * shared memory", and the tests could not start.
 */
@Singleton
public class PanelTablesDroppedInBatches implements FlywayConfigurationCustomizer, Callback {

    private static final int TABLES_PER_TRANSACTION = 100;

    @Override
    public void customize(FluentConfiguration configuration) {
        configuration.callbacks(this);
    }

    @Override
    public boolean supports(Event event, Context context) {
        return event == Event.BEFORE_CLEAN;
    }

    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
        return false;
    }

    @Override
    public void handle(Event event, Context context) {
        Connection connection = context.getConnection();
        try {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(true);
            try (Statement statement = connection.createStatement()) {
                List<String> tables = panelTables(statement);
                for (int from = 0; from < tables.size(); from += TABLES_PER_TRANSACTION) {
                    List<String> batch = tables.subList(from, Math.min(tables.size(), from + TABLES_PER_TRANSACTION));
                    statement.execute("drop table if exists " + String.join(", ", batch) + " cascade");
                }
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new FlywayException("dropping the panel tables before the clean failed", e);
        }
    }

    /** Every panel table of the schema, quoted: {@code p_} and the panel id's 32 hex digits. */
    private static List<String> panelTables(Statement statement) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery("select format('%I.%I', schemaname, tablename) from pg_tables"
                + " where schemaname = current_schema() and tablename ~ '^p_[0-9a-f]{32}$'")) {
            while (rows.next()) {
                tables.add(rows.getString(1));
            }
        }
        return tables;
    }

    @Override
    public String getCallbackName() {
        return "panel tables dropped in batches";
    }
}
