package io.panels.data.store;

import io.panels.common.ids.Ids;
import io.panels.common.outbox.OutgoingEvent;
import io.panels.events.EventJson;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * Appends an event to the platform outbox (ADR 0002) from a JDBC transaction, for the import's
 * load, which runs on JDBC because COPY needs it. The same row as platform/common's
 * {@code Outbox} writes on the reactive client; the relay publishes it after the commit.
 */
public final class JdbcOutbox {

    private JdbcOutbox() {
    }

    public static <T> void append(Connection connection, String source, OutgoingEvent<T> event, String actor) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO outbox_event (id, topic, record_key, type, source,"
                + " subject, tenant_id, dataschema, occurred_at, payload, actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS json), ?)")) {
            insert.setObject(1, Ids.newId());
            insert.setString(2, event.type().topic());
            insert.setString(3, event.key());
            insert.setString(4, event.type().name());
            insert.setString(5, source);
            insert.setString(6, event.subject());
            insert.setObject(7, event.tenantId());
            insert.setString(8, event.type().dataschema().toString());
            insert.setTimestamp(9, Timestamp.from(Instant.now()));
            insert.setString(10, new String(EventJson.write(event.payload()), StandardCharsets.UTF_8));
            insert.setString(11, actor);
            insert.executeUpdate();
        }
        // One event per import or sync run: the commit's NOTIFY wakes the relays (ADR 0048; the
        // reactive writes of rows wake their relay in-process instead).
        try (PreparedStatement notify = connection.prepareStatement("SELECT 1 FROM pg_notify('panels_outbox', current_schema())")) {
            notify.execute();
        }
    }
}
