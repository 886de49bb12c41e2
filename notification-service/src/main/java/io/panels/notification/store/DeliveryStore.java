package io.panels.notification.store;

import io.panels.notification.domain.Delivery;
import io.panels.notification.domain.DueDelivery;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Webhook deliveries: the persisted queue the dispatcher works through, and the delivery log.
 * API calls bind the tenant; the dispatcher declares itself ({@link #actAsDispatcher}) and sees
 * every tenant's due deliveries.
 */
@ApplicationScoped
public class DeliveryStore {

    private static final String COLUMNS = "id, webhook_id, event_id, event_type, status, attempts, next_attempt_at, retry_until,"
            + " last_attempt_at, last_status_code, last_error, succeeded_at, created_at";

    public Uni<Void> actAsDispatcher(SqlClient tx) {
        return tx.query("select set_config('panels.worker', 'webhook-dispatcher', true)").execute().replaceWithVoid();
    }

    /** Queues one event for one webhook; a redelivered event finds it queued already. */
    public Uni<Void> insert(SqlClient tx, UUID id, UUID tenantId, UUID webhookId, UUID eventId, String eventType,
                            String payload, Duration retryFor) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return tx.preparedQuery("insert into webhook_delivery (id, tenant_id, webhook_id, event_id, event_type, payload, status,"
                        + " next_attempt_at, retry_until, created_at) values ($1, $2, $3, $4, $5, $6, 'pending', $7, $8, $7)"
                        + " on conflict (webhook_id, event_id) do nothing")
                .execute(Tuple.from(Arrays.asList(id, tenantId, webhookId, eventId, eventType, payload, now, now.plus(retryFor))))
                .replaceWithVoid();
    }

    public Uni<List<Delivery>> page(SqlClient tx, UUID tenantId, UUID webhookId, UUID before, int limit) {
        Tuple args = Tuple.of(tenantId, webhookId, limit);
        if (before != null) {
            args.addUUID(before);
        }
        return tx.preparedQuery("select " + COLUMNS + " from webhook_delivery where tenant_id = $1 and webhook_id = $2"
                        + (before != null ? " and id < $4" : "") + " order by id desc limit $3")
                .execute(args)
                .map(rows -> {
                    List<Delivery> page = new ArrayList<>();
                    rows.forEach(row -> page.add(of(row)));
                    return page;
                });
    }

    /** Queues a delivery again now, with a fresh retry period (a manual redelivery). */
    public Uni<Optional<Delivery>> redeliver(SqlClient tx, UUID tenantId, UUID webhookId, UUID id, Duration retryFor) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return tx.preparedQuery("update webhook_delivery set status = 'pending', next_attempt_at = $4, retry_until = $5,"
                        + " lease_until = null where tenant_id = $1 and webhook_id = $2 and id = $3 returning " + COLUMNS)
                .execute(Tuple.of(tenantId, webhookId, id, now, now.plus(retryFor)))
                .map(rows -> rows.rowCount() == 0 ? Optional.empty() : Optional.of(of(rows.iterator().next())));
    }

    /**
     * Takes up to {@code limit} due deliveries of enabled webhooks (or ones whose dispatcher died
     * mid-attempt) for one attempt each; concurrent dispatchers skip each other's.
     */
    public Uni<List<DueDelivery>> claimDue(SqlClient tx, int limit, Duration lease) {
        return tx.preparedQuery("update webhook_delivery d set status = 'sending', attempts = d.attempts + 1,"
                        + " last_attempt_at = now(), lease_until = $2 from webhook w"
                        + " where w.id = d.webhook_id and d.id in (select c.id from webhook_delivery c join webhook cw on cw.id = c.webhook_id"
                        + "   where cw.enabled and ((c.status = 'pending' and c.next_attempt_at <= now())"
                        + "     or (c.status = 'sending' and c.lease_until < now()))"
                        + "   order by c.next_attempt_at limit $1 for update of c skip locked)"
                        + " returning d.id, d.tenant_id, d.webhook_id, w.url, w.secret,"
                        + " case when w.previous_secret_until > now() then w.previous_secret end as previous_secret,"
                        + " d.payload, d.attempts, d.retry_until")
                .execute(Tuple.of(limit, OffsetDateTime.now(ZoneOffset.UTC).plus(lease)))
                .map(rows -> {
                    List<DueDelivery> due = new ArrayList<>();
                    for (Row row : rows) {
                        due.add(new DueDelivery(row.getUUID("id"), row.getUUID("tenant_id"), row.getUUID("webhook_id"),
                                row.getString("url"), row.getString("secret"), row.getString("previous_secret"), row.getString("payload"),
                                row.getInteger("attempts"), row.getOffsetDateTime("retry_until").toInstant()));
                    }
                    return due;
                });
    }

    public Uni<Void> succeeded(SqlClient tx, UUID id, UUID webhookId, int statusCode) {
        return tx.preparedQuery("update webhook_delivery set status = 'succeeded', last_status_code = $2, last_error = null,"
                        + " succeeded_at = now(), lease_until = null where id = $1")
                .execute(Tuple.of(id, statusCode))
                .chain(() -> tx.preparedQuery("update webhook set consecutive_failures = 0 where id = $1").execute(Tuple.of(webhookId)))
                .replaceWithVoid();
    }

    /**
     * Records a failed attempt: tried again at {@code nextAttempt}, or given up when that is null.
     * Counts the failure on the webhook and disables it at {@code maxConsecutiveFailures}.
     */
    public Uni<Void> failed(SqlClient tx, UUID id, UUID webhookId, Integer statusCode, String error, Instant nextAttempt,
                            int maxConsecutiveFailures) {
        String status = nextAttempt == null ? "failed" : "pending";
        OffsetDateTime next = (nextAttempt == null ? Instant.now() : nextAttempt).atOffset(ZoneOffset.UTC);
        return tx.preparedQuery("update webhook_delivery set status = $2, last_status_code = $3, last_error = $4,"
                        + " next_attempt_at = $5, lease_until = null where id = $1")
                .execute(Tuple.of(id, status, statusCode, error, next))
                .chain(() -> tx.preparedQuery("update webhook set consecutive_failures = consecutive_failures + 1,"
                                + " enabled = enabled and consecutive_failures + 1 < $2::int,"
                                + " disabled_reason = case when enabled and consecutive_failures + 1 >= $2::int"
                                + "   then 'disabled after ' || $2::int || ' failed attempts in a row' else disabled_reason end"
                                + " where id = $1")
                        .execute(Tuple.of(webhookId, maxConsecutiveFailures)))
                .replaceWithVoid();
    }

    /** Deletes up to {@code limit} succeeded or failed deliveries made before {@code before}; answers how many. */
    public Uni<Integer> purgeFinished(SqlClient tx, Instant before, int limit) {
        return tx.preparedQuery("delete from webhook_delivery where id in (select id from webhook_delivery"
                        + " where status in ('succeeded', 'failed') and created_at < $1 limit $2 for update skip locked)")
                .execute(Tuple.of(before.atOffset(ZoneOffset.UTC), limit))
                .map(rows -> rows.rowCount());
    }

    private static Delivery of(Row row) {
        return new Delivery(row.getUUID("id"), row.getUUID("webhook_id"), row.getUUID("event_id"), row.getString("event_type"),
                row.getString("status"), row.getInteger("attempts"), instant(row, "next_attempt_at"), instant(row, "retry_until"),
                instant(row, "last_attempt_at"), row.getInteger("last_status_code"), row.getString("last_error"),
                instant(row, "succeeded_at"), instant(row, "created_at"));
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }
}
