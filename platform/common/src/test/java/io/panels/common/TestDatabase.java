package io.panels.common;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;

/** Direct JDBC reads for assertions: what is really in the database, not what the API says. */
public final class TestDatabase {

    private TestDatabase() {
    }

    public static Connection connect() throws SQLException {
        var config = ConfigProvider.getConfig();
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getValue("quarkus.datasource.password", String.class));
    }

    /** Counts with the tenant bound, as row-level security requires. */
    public static long count(UUID tenantId, String sql, Object... params) throws SQLException {
        try (Connection connection = connect()) {
            try (PreparedStatement bind = connection.prepareStatement("select set_config('panels.tenant_id', ?, false)")) {
                bind.setString(1, tenantId == null ? "" : tenantId.toString());
                bind.execute();
            }
            try (PreparedStatement query = connection.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) {
                    query.setObject(i + 1, params[i]);
                }
                try (ResultSet rows = query.executeQuery()) {
                    rows.next();
                    return rows.getLong(1);
                }
            }
        }
    }
}
