package io.panels.formula;

import io.panels.formula.sql.SqlExpression;
import io.panels.formula.types.Type;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

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

    static void bind(PreparedStatement statement, SqlExpression expression, int offset) throws SQLException {
        for (int i = 0; i < expression.parameters().size(); i++) {
            Object value = expression.parameters().get(i);
            if (value instanceof BigDecimal n) {
                statement.setBigDecimal(offset + i + 1, n);
            } else {
                statement.setString(offset + i + 1, (String) value);
            }
        }
    }

    /** Reads column 1 as the formula type; null for SQL NULL. */
    static Object read(ResultSet rs, Type type) throws SQLException {
        Object value = switch (type) {
            case NUMBER -> rs.getBigDecimal(1);
            case TEXT, BLANK -> rs.getString(1);
            case BOOLEAN -> rs.getBoolean(1);
            case DATE -> rs.getObject(1, LocalDate.class);
            case DATETIME -> {
                OffsetDateTime t = rs.getObject(1, OffsetDateTime.class);
                yield t == null ? null : t.toInstant();
            }
        };
        return rs.wasNull() ? null : value;
    }

    static Object sqlValue(Object value) {
        return value instanceof Instant i ? OffsetDateTime.ofInstant(i, ZoneOffset.UTC) : value;
    }
}
