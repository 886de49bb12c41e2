package io.panels.query;

import io.panels.query.sql.SqlFragment;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The real PostgreSQL of the local platform ({@code dev/platform up}), in the database the services
 * use (PANELS_PG_DATABASE, default panels); PANELS_PG_URL, PANELS_PG_USER and PANELS_PG_PASSWORD (or
 * the system properties panels.pg.url, .database, .user, .password) point elsewhere.
 */
final class PgTestDatabase {

    private PgTestDatabase() {}

    static Connection connect() throws SQLException {
        String database = setting("panels.pg.database", "PANELS_PG_DATABASE", "panels");
        String url = setting("panels.pg.url", "PANELS_PG_URL", "jdbc:postgresql://127.0.0.1:5432/" + database);
        String user = setting("panels.pg.user", "PANELS_PG_USER", "platform");
        String password = setting("panels.pg.password", "PANELS_PG_PASSWORD", "platform");
        return DriverManager.getConnection(url, user, password);
    }

    private static String setting(String property, String env, String fallback) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(env);
        }
        return value == null || value.isBlank() ? fallback : value;
    }

    /** A statement with the fragment's parameters bound as the library documents them. */
    static PreparedStatement prepare(Connection connection, SqlFragment fragment) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(fragment.sql());
        for (int i = 0; i < fragment.parameters().size(); i++) {
            Object value = fragment.parameters().get(i);
            switch (value) {
                case String s -> statement.setString(i + 1, s);
                case BigDecimal n -> statement.setBigDecimal(i + 1, n);
                case String[] array -> statement.setArray(i + 1, connection.createArrayOf("text", array));
                default -> statement.setObject(i + 1, value);
            }
        }
        return statement;
    }
}
