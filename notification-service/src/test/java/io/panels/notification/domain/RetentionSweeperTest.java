package io.panels.notification.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.panels.common.ids.Ids;
import io.panels.common.tenant.TenantScope;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Retention against the real schema: finished deliveries and read notifications past their
 * retention go (in batches of 2 in the test profile), pending deliveries, unread and recently read
 * notifications stay, and another tenant's rows are swept the same way.
 */
@QuarkusTest
class RetentionSweeperTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Inject
    Pool pool;

    @Inject
    RetentionSweeper sweeper;

    @Test
    void oldFinishedDeliveriesAndOldReadNotificationsAreDeletedTheRestStays() {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        OffsetDateTime old = now.minusDays(120);
        UUID tenantA = Ids.newId();
        UUID tenantB = Ids.newId();

        UUID webhookA = webhook(tenantA);
        UUID webhookB = webhook(tenantB);
        delivery(tenantA, webhookA, "succeeded", old);
        delivery(tenantA, webhookA, "failed", old);
        UUID oldPending = delivery(tenantA, webhookA, "pending", old);
        UUID recentSucceeded = delivery(tenantA, webhookA, "succeeded", now.minusDays(1));
        delivery(tenantB, webhookB, "succeeded", old);

        notification(tenantA, old, old.plusDays(1));
        UUID oldUnread = notification(tenantA, old, null);
        UUID recentlyRead = notification(tenantA, old, now.minusDays(2));
        notification(tenantB, old, old.plusHours(1));

        RetentionSweeper.Swept swept = sweeper.sweep().await().atMost(TIMEOUT);
        assertTrue(swept.deliveries() >= 3, "deleted " + swept);
        assertTrue(swept.notifications() >= 2, "deleted " + swept);

        assertEquals(Set.of(oldPending, recentSucceeded), ids(tenantA, "webhook_delivery"));
        assertEquals(Set.of(), ids(tenantB, "webhook_delivery"));
        assertEquals(Set.of(oldUnread, recentlyRead), ids(tenantA, "notification"));
        assertEquals(Set.of(), ids(tenantB, "notification"));

        // A second sweep finds nothing more of these.
        sweeper.sweep().await().atMost(TIMEOUT);
        assertEquals(Set.of(oldPending, recentSucceeded), ids(tenantA, "webhook_delivery"));
    }

    /** Disabled, so the dispatcher leaves its pending delivery alone. */
    private UUID webhook(UUID tenantId) {
        UUID id = Ids.newId();
        inTenant(tenantId, "insert into webhook (id, tenant_id, url, event_types, secret, enabled, created_at, created_by, updated_at)"
                + " values ($1, $2, 'https://example.com/hook', '{*}', 'whsec_test', false, now(), 'test', now())", Tuple.of(id, tenantId));
        return id;
    }

    private UUID delivery(UUID tenantId, UUID webhookId, String status, OffsetDateTime createdAt) {
        UUID id = Ids.newId();
        inTenant(tenantId, "insert into webhook_delivery (id, tenant_id, webhook_id, event_id, event_type, payload, status,"
                        + " next_attempt_at, retry_until, created_at) values ($1, $2, $3, $4, 'row.created', '{}', $5, $6, $6, $6)",
                Tuple.from(List.of(id, tenantId, webhookId, Ids.newId(), status, createdAt)));
        return id;
    }

    private UUID notification(UUID tenantId, OffsetDateTime createdAt, OffsetDateTime readAt) {
        UUID id = Ids.newId();
        inTenant(tenantId, "insert into notification (id, tenant_id, recipient, kind, title, body, created_at, read_at)"
                        + " values ($1, $2, 'someone', 'test', 'Title', 'Body', $3, $4)",
                Tuple.from(java.util.Arrays.asList(id, tenantId, createdAt, readAt)));
        return id;
    }

    private Set<UUID> ids(UUID tenantId, String table) {
        Set<UUID> ids = new HashSet<>();
        pool.withTransaction(tx -> TenantScope.bind(tx, tenantId)
                        .chain(() -> tx.preparedQuery("select id from " + table + " where tenant_id = $1").execute(Tuple.of(tenantId))))
                .await().atMost(TIMEOUT)
                .forEach((Row row) -> ids.add(row.getUUID("id")));
        return ids;
    }

    private void inTenant(UUID tenantId, String sql, Tuple args) {
        pool.withTransaction(tx -> TenantScope.bind(tx, tenantId).chain(() -> tx.preparedQuery(sql).execute(args)))
                .await().atMost(TIMEOUT);
    }
}
