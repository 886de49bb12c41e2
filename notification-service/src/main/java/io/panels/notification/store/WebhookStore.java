package io.panels.notification.store;

import io.panels.notification.domain.Webhook;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Webhooks. Callers bind the tenant first (row-level security); the secret is written here and never read back. */
@ApplicationScoped
public class WebhookStore {

    private static final String COLUMNS = "id, tenant_id, url, description, event_types, enabled, disabled_reason,"
            + " consecutive_failures, version, created_at, created_by, updated_at";

    public Uni<Webhook> insert(SqlClient tx, Webhook webhook, String secret) {
        return tx.preparedQuery("insert into webhook (id, tenant_id, url, description, event_types, secret, enabled,"
                        + " created_at, created_by, updated_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $8) returning " + COLUMNS)
                .execute(Tuple.from(Arrays.asList(webhook.id(), webhook.tenantId(), webhook.url(), webhook.description(),
                        webhook.eventTypes().toArray(String[]::new), secret, webhook.enabled(),
                        webhook.createdAt().atOffset(ZoneOffset.UTC), webhook.createdBy())))
                .map(rows -> of(rows.iterator().next()));
    }

    public Uni<List<Webhook>> page(SqlClient tx, UUID tenantId, UUID after, int limit) {
        Tuple args = Tuple.of(tenantId, limit);
        if (after != null) {
            args.addUUID(after);
        }
        return tx.preparedQuery("select " + COLUMNS + " from webhook where tenant_id = $1"
                        + (after != null ? " and id > $3" : "") + " order by id limit $2")
                .execute(args)
                .map(rows -> {
                    List<Webhook> page = new ArrayList<>();
                    rows.forEach(row -> page.add(of(row)));
                    return page;
                });
    }

    public Uni<Optional<Webhook>> find(SqlClient tx, UUID tenantId, UUID id, boolean lock) {
        return tx.preparedQuery("select " + COLUMNS + " from webhook where tenant_id = $1 and id = $2" + (lock ? " for update" : ""))
                .execute(Tuple.of(tenantId, id))
                .map(rows -> rows.rowCount() == 0 ? Optional.empty() : Optional.of(of(rows.iterator().next())));
    }

    /** Saves the editable fields and bumps the version; re-enabling clears the failure count. */
    public Uni<Webhook> update(SqlClient tx, Webhook webhook) {
        return tx.preparedQuery("update webhook set url = $3, description = $4, event_types = $5, enabled = $6,"
                        + " disabled_reason = case when $6 then null else disabled_reason end,"
                        + " consecutive_failures = case when $6 and not enabled then 0 else consecutive_failures end,"
                        + " version = version + 1, updated_at = now() where tenant_id = $1 and id = $2 returning " + COLUMNS)
                .execute(Tuple.of(webhook.tenantId(), webhook.id(), webhook.url(), webhook.description(),
                        webhook.eventTypes().toArray(String[]::new), webhook.enabled()))
                .map(rows -> of(rows.iterator().next()));
    }

    public Uni<Boolean> delete(SqlClient tx, UUID tenantId, UUID id) {
        return tx.preparedQuery("delete from webhook where tenant_id = $1 and id = $2")
                .execute(Tuple.of(tenantId, id))
                .map(rows -> rows.rowCount() > 0);
    }

    /** The tenant's enabled webhooks (for matching an event against their filters). */
    public Uni<List<Webhook>> enabled(SqlClient tx, UUID tenantId) {
        return tx.preparedQuery("select " + COLUMNS + " from webhook where tenant_id = $1 and enabled")
                .execute(Tuple.of(tenantId))
                .map(rows -> {
                    List<Webhook> webhooks = new ArrayList<>();
                    rows.forEach(row -> webhooks.add(of(row)));
                    return webhooks;
                });
    }

    private static Webhook of(Row row) {
        OffsetDateTime updated = row.getOffsetDateTime("updated_at");
        return new Webhook(row.getUUID("id"), row.getUUID("tenant_id"), row.getString("url"), row.getString("description"),
                Arrays.asList(row.getArrayOfStrings("event_types")), row.getBoolean("enabled"), row.getString("disabled_reason"),
                row.getInteger("consecutive_failures"), row.getLong("version"),
                row.getOffsetDateTime("created_at").toInstant(), row.getString("created_by"), updated.toInstant());
    }
}
