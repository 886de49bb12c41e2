package io.panels.common.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.panels.common.TestDatabase;
import io.panels.common.ids.Ids;
import io.panels.common.inbox.ProcessedEvents;
import io.panels.common.testapp.NoteCreated;
import io.panels.common.testing.TestKafka;
import io.panels.events.EventEnvelope;
import io.panels.events.EventJson;
import io.panels.events.testing.EventSchemaAssert;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The transactional outbox against the real PostgreSQL and Kafka. */
@QuarkusTest
class OutboxRelayTest {

    private static final Duration ARRIVAL = Duration.ofSeconds(90);

    @Inject
    Outbox outbox;

    @Inject
    OutboxRelay relay;

    @Inject
    ProcessedEvents processedEvents;

    @Inject
    Pool pool;

    @AfterEach
    void relayRunsAgain() {
        relay.start();
    }

    @Test
    void committedEventsArriveInOrderAsCloudEventsThatMatchTheirSchema() {
        UUID tenant = Ids.newId();
        List<UUID> ids = appendNotes(tenant, 20);

        List<EventEnvelope> ours = readUntilAllArrived(tenant, ids);
        assertEquals(ids, ours.stream().map(EventEnvelope::id).toList(),
                "every event, once, in the order of its commit (one key, one partition)");
        EventEnvelope first = ours.get(0);
        assertEquals("note.created", first.type());
        assertEquals("/panels/common-test", first.source());
        assertEquals(tenant.toString(), first.key());
        EventSchemaAssert.assertValid(NoteCreated.TYPE, first);
        assertEquals(0, EventJson.read(first, NoteCreated.TYPE).priority());
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> unpublished(tenant) == 0);
    }

    @Test
    void aRolledBackChangeLeavesNoEvent() throws Exception {
        UUID tenant = Ids.newId();
        Uni<Void> doomed = pool.withTransaction(connection -> outbox.append(connection, note(tenant, 1))
                .chain(() -> Uni.createFrom().failure(new IllegalStateException("change failed after its event"))));

        assertThrows(IllegalStateException.class, () -> doomed.await().atMost(Duration.ofSeconds(10)));
        assertEquals(0, TestDatabase.count(null, "select count(*) from outbox_event where tenant_id = ?", tenant));
    }

    @Test
    void eventsWrittenWhileTheRelayIsDownAreAllPublishedWhenItComesBack() throws Exception {
        relay.stop();
        UUID tenant = Ids.newId();
        List<UUID> ids = appendNotes(tenant, 60);
        Awaitility.await("a stopped relay publishes nothing").during(Duration.ofMillis(600))
                .atMost(Duration.ofSeconds(3)).until(() -> unpublished(tenant) == 60);

        relay.start();

        assertEquals(new HashSet<>(ids), idsOf(readUntilAllArrived(tenant, ids), tenant));
    }

    /**
     * The relay's database connections are killed over and over while it drains 400 events: a
     * batch sent to Kafka whose "published" mark dies with its connection is sent again. Nothing
     * may be lost, and the idempotent consumer must apply every event exactly once.
     */
    @Test
    void killedConnectionsLoseNoEventAndTheConsumerAbsorbsRepeats() throws Exception {
        relay.stop();
        UUID tenant = Ids.newId();
        List<UUID> ids = appendNotes(tenant, 400);

        AtomicInteger kills = new AtomicInteger();
        ScheduledExecutorService killer = Executors.newSingleThreadScheduledExecutor();
        killer.scheduleWithFixedDelay(() -> kills.addAndGet(killRelayConnections()), 40, 120, TimeUnit.MILLISECONDS);
        List<EventEnvelope> ours;
        try {
            relay.start();
            ours = readUntilAllArrived(tenant, ids);
        } finally {
            killer.shutdownNow();
            killer.awaitTermination(5, TimeUnit.SECONDS);
        }

        assertEquals(new HashSet<>(ids), idsOf(ours, tenant), "every committed event arrived");

        int applied = 0;
        for (EventEnvelope event : ours) {
            boolean first = processedEvents.once("note-projection", event, connection -> connection
                    .preparedQuery("insert into note_effect (event_id, note_id) values ($1, $2)")
                    .execute(Tuple.of(event.id(), UUID.fromString(event.subject())))
                    .replaceWithVoid())
                    // A pooled connection killed by the last injected fault fails once, as a redelivery would.
                    .onFailure().retry().atMost(3)
                    .await().atMost(Duration.ofSeconds(10));
            applied += first ? 1 : 0;
        }
        assertEquals(400, applied);
        assertEquals(400, TestDatabase.count(null,
                "select count(*) from note_effect where event_id = any(?::uuid[])", postgresArray(ids)));
        System.out.printf("outbox under connection kills: %d connections killed, %d events, %d records received, %d repeats absorbed%n",
                kills.get(), ids.size(), ours.size(), ours.size() - ids.size());
        assertTrue(kills.get() > 0, "the fault was injected");
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> unpublished(tenant) == 0);
    }

    /**
     * While another replica holds the drain lock this one publishes nothing beside it (so a key's
     * events cannot interleave from two replicas), and it drains everything by itself once that
     * replica's connection is gone, as when its process dies.
     */
    @Test
    void aReplicaDrainsNothingWhileAnotherHoldsTheLockAndEverythingOnceItIsGone() throws Exception {
        relay.stop();
        UUID tenant = Ids.newId();
        List<UUID> ids;
        try (Connection otherReplica = TestDatabase.connect(); Statement statement = otherReplica.createStatement()) {
            var locked = statement.executeQuery("select pg_try_advisory_lock(hashtext(current_schema() || '.outbox_event'))");
            locked.next();
            assertTrue(locked.getBoolean(1), "the other replica holds the drain lock");
            relay.start();
            ids = appendNotes(tenant, 30);
            Awaitility.await("nothing published while another replica holds the lock").during(Duration.ofSeconds(1))
                    .atMost(Duration.ofSeconds(3)).until(() -> unpublished(tenant) == 30);
        }

        assertEquals(new HashSet<>(ids), idsOf(readUntilAllArrived(tenant, ids), tenant));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> unpublished(tenant) == 0);
    }

    /** Every record of {@code tenant} (repeats included) until each of {@code ids} has arrived. */
    private static List<EventEnvelope> readUntilAllArrived(UUID tenant, List<UUID> ids) {
        return TestKafka.read(NoteCreated.TYPE.topic(), e -> e.tenantId().equals(tenant),
                kept -> idsOf(kept, tenant).containsAll(ids), ARRIVAL);
    }

    private List<UUID> appendNotes(UUID tenant, int count) {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            OutgoingEvent<NoteCreated> event = note(tenant, i % 6);
            ids.add(pool.withTransaction(connection -> outbox.append(connection, event))
                    .await().atMost(Duration.ofSeconds(10)));
        }
        return ids;
    }

    private static OutgoingEvent<NoteCreated> note(UUID tenant, int priority) {
        UUID noteId = Ids.newId();
        return new OutgoingEvent<>(NoteCreated.TYPE, tenant, tenant.toString(), noteId.toString(),
                new NoteCreated(noteId, "note " + noteId, priority));
    }

    private static Set<UUID> idsOf(List<EventEnvelope> events, UUID tenant) {
        Set<UUID> ids = new HashSet<>();
        events.stream().filter(e -> e.tenantId().equals(tenant)).forEach(e -> ids.add(e.id()));
        return ids;
    }

    private static String postgresArray(List<UUID> ids) {
        return ids.stream().map(UUID::toString).collect(java.util.stream.Collectors.joining(",", "{", "}"));
    }

    private static long unpublished(UUID tenant) throws Exception {
        return TestDatabase.count(null,
                "select count(*) from outbox_event where tenant_id = ? and published_at is null", tenant);
    }

    /** Terminates this application's pooled connections (the relay's among them), as a database restart would. */
    private static int killRelayConnections() {
        try (Connection connection = TestDatabase.connect(); Statement statement = connection.createStatement()) {
            var rows = statement.executeQuery("select count(pg_terminate_backend(pid)) from pg_stat_activity"
                    + " where application_name = 'panels-common-test' and pid <> pg_backend_pid()");
            rows.next();
            return rows.getInt(1);
        } catch (Exception e) {
            return 0;
        }
    }
}
