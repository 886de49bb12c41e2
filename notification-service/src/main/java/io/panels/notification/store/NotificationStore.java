package io.panels.notification.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.panels.notification.domain.Notification;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The inbox table. Callers bind the tenant first (row-level security). */
@ApplicationScoped
public class NotificationStore {

    private static final String COLUMNS = "id, tenant_id, recipient, kind, title, body, data::text as data, created_at, read_at";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Stores a notification once: a redelivered event finds its id taken and changes nothing. */
    public Uni<Void> insert(SqlClient tx, Notification n) {
        return tx.preparedQuery("insert into notification (id, tenant_id, recipient, kind, title, body, data, created_at)"
                        + " values ($1, $2, $3, $4, $5, $6, $7::text::jsonb, $8) on conflict (id) do nothing")
                .execute(Tuple.from(Arrays.asList(n.id(), n.tenantId(), n.recipient(), n.kind(), n.title(), n.body(),
                        n.data().toString(), n.createdAt().atOffset(ZoneOffset.UTC))))
                .replaceWithVoid();
    }

    /** Newest first, after the cursor (an id) when given; {@code limit + 1} rows tell whether there is more. */
    public Uni<List<Notification>> page(SqlClient tx, UUID tenantId, String recipient, UUID before, boolean unreadOnly, int limit) {
        String sql = "select " + COLUMNS + " from notification where tenant_id = $1 and recipient = $2"
                + (before != null ? " and id < $4" : "")
                + (unreadOnly ? " and read_at is null" : "")
                + " order by id desc limit $3";
        Tuple args = Tuple.of(tenantId, recipient, limit);
        if (before != null) {
            args.addUUID(before);
        }
        return tx.preparedQuery(sql).execute(args).map(rows -> {
            List<Notification> page = new ArrayList<>();
            rows.forEach(row -> page.add(of(row)));
            return page;
        });
    }

    public Uni<Long> unreadCount(SqlClient tx, UUID tenantId, String recipient) {
        return tx.preparedQuery("select count(*) as n from notification where tenant_id = $1 and recipient = $2 and read_at is null")
                .execute(Tuple.of(tenantId, recipient))
                .map(rows -> rows.iterator().next().getLong("n"));
    }

    /** Marks one read (keeping the first read time); empty when the recipient has no such notification. */
    public Uni<Optional<Notification>> markRead(SqlClient tx, UUID tenantId, String recipient, UUID id) {
        return tx.preparedQuery("update notification set read_at = coalesce(read_at, now())"
                        + " where tenant_id = $1 and recipient = $2 and id = $3 returning " + COLUMNS)
                .execute(Tuple.of(tenantId, recipient, id))
                .map(rows -> rows.rowCount() == 0 ? Optional.empty() : Optional.of(of(rows.iterator().next())));
    }

    public Uni<Integer> markAllRead(SqlClient tx, UUID tenantId, String recipient) {
        return tx.preparedQuery("update notification set read_at = now() where tenant_id = $1 and recipient = $2 and read_at is null")
                .execute(Tuple.of(tenantId, recipient))
                .map(rows -> rows.rowCount());
    }

    /** Deletes up to {@code limit} notifications read before {@code before}; answers how many. */
    public Uni<Integer> purgeRead(SqlClient tx, java.time.Instant before, int limit) {
        return tx.preparedQuery("delete from notification where id in (select id from notification"
                        + " where read_at < $1 limit $2 for update skip locked)")
                .execute(Tuple.of(before.atOffset(ZoneOffset.UTC), limit))
                .map(rows -> rows.rowCount());
    }

    private static Notification of(Row row) {
        OffsetDateTime readAt = row.getOffsetDateTime("read_at");
        return new Notification(row.getUUID("id"), row.getUUID("tenant_id"), row.getString("recipient"), row.getString("kind"),
                row.getString("title"), row.getString("body"), json(row.getString("data")),
                row.getOffsetDateTime("created_at").toInstant(), readAt == null ? null : readAt.toInstant());
    }

    private static ObjectNode json(String text) {
        try {
            return (ObjectNode) JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
