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

/**
 * Webhooks. Callers bind the tenant first (row-level security). Secrets are written sealed
 * (WebhookSecrets) and read back only by the dispatcher and the sealing migration.
 */
@ApplicationScoped
public class WebhookStore {

    private static final String COLUMNS = "id, tenant_id, url, description, event_types, enabled, disabled_reason,"
            + " consecutive_failures, version, created_at, created_by, updated_at";

    /** A webhook's stored secrets (sealed, or plain before the migration). */
    public record StoredSecrets(UUID id, String secret, String previousSecret) {
        @Override
        public String toString() {
            return "StoredSecrets[id=" + id + "]";
        }
    }

    public Uni<Webhook> insert(SqlClient tx, Webhook webhook, String sealedSecret) {
        return tx.preparedQuery("insert into webhook (id, tenant_id, url, description, event_types, secret, enabled,"
                        + " created_at, created_by, updated_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $8) returning " + COLUMNS)
                .execute(Tuple.from(Arrays.asList(webhook.id(), webhook.tenantId(), webhook.url(), webhook.description(),
                        webhook.eventTypes().toArray(String[]::new), sealedSecret, webhook.enabled(),
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

    /**
     * A new secret; the one it replaces keeps signing beside it until {@code previousUntil}. Bumps the
     * version. Empty when the tenant has no such webhook.
     */
    public Uni<Optional<Webhook>> rotateSecret(SqlClient tx, UUID tenantId, UUID id, String sealedSecret, OffsetDateTime previousUntil) {
        return tx.preparedQuery("update webhook set previous_secret = secret, previous_secret_until = $4, secret = $3,"
                        + " version = version + 1, updated_at = now() where tenant_id = $1 and id = $2 returning " + COLUMNS)
                .execute(Tuple.of(tenantId, id, sealedSecret, previousUntil))
                .map(rows -> rows.rowCount() == 0 ? Optional.empty() : Optional.of(of(rows.iterator().next())));
    }

    /** Every tenant's webhooks' stored secrets by id (the dispatcher's policy; for the sealing migration). */
    public Uni<List<StoredSecrets>> secretsPage(SqlClient tx, UUID after, int limit) {
        return tx.preparedQuery("select id, secret, previous_secret from webhook" + (after == null ? "" : " where id > $2")
                        + " order by id limit $1")
                .execute(after == null ? Tuple.of(limit) : Tuple.of(limit, after))
                .map(rows -> {
                    List<StoredSecrets> page = new ArrayList<>();
                    rows.forEach(row -> page.add(new StoredSecrets(row.getUUID("id"), row.getString("secret"),
                            row.getString("previous_secret"))));
                    return page;
                });
    }

    /** Replaces a stored secret ({@code secret} or {@code previous_secret}) if it is still {@code expected}. */
    public Uni<Boolean> replaceSecret(SqlClient tx, UUID id, String column, String expected, String sealed) {
        if (!column.equals("secret") && !column.equals("previous_secret")) {
            throw new IllegalArgumentException(column);
        }
        return tx.preparedQuery("update webhook set " + column + " = $3 where id = $1 and " + column + " = $2")
                .execute(Tuple.of(id, expected, sealed))
                .map(rows -> rows.rowCount() == 1);
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
