package io.panels.notification.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.panels.common.ids.Ids;
import io.panels.common.testing.Keycloak;
import io.panels.common.testing.ServiceProcess;
import io.panels.common.testing.TestKafka;
import io.panels.events.EventCatalog;
import io.panels.events.EventEnvelope;
import io.panels.events.panel.PanelCreated;
import io.panels.events.row.RowCreated;
import io.panels.notification.StreamClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Resuming on another replica, with notification-service's built fast-jar as two real processes
 * on the dev platform (failsafe, after package). A replica knows only what its feed received since
 * it got its partitions, so a client that saw its last event on replica A, was away while a row was
 * written, and comes back to replica B started after that row, must be told to resync: answering
 * {@code resumed} would lose the row silently (the notification-service {@code kill -9} finding of
 * docs/reliability.md). And a replica is ready only once its feed has its partitions: an event
 * written after it answers ready reaches its subscribers (docs/adr/0044).
 */
class StreamReplicaIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void aResumeOnAFreshReplicaFromBeforeItStartedIsAnsweredWithResync() throws Exception {
        Keycloak.TestTenant tenant = Keycloak.createTenant();
        String token = tenant.member("viewer").token();
        UUID panel = Ids.newId();
        EventEnvelope created = TestKafka.envelope(EventCatalog.PANEL_CREATED, tenant.id(), panel.toString(),
                new PanelCreated(panel, "Panel", null, null, null, 1, List.of(), Instant.now(), "test", null));

        try (ServiceProcess a = ServiceProcess.start("notification-service", replica())) {
            EventEnvelope lastSeenOnA;
            try (StreamClient onA = StreamClient.authenticated(a.url(), token)) {
                subscribeWhenKnown(onA, created);
                lastSeenOnA = row(tenant.id(), panel, "seen on A");
                onA.awaitEvent(lastSeenOnA.subject(), WAIT);
            }
            // The client is away; a row is written before replica B exists.
            row(tenant.id(), panel, "written while away");

            try (ServiceProcess b = ServiceProcess.start("notification-service", replica());
                 StreamClient onB = StreamClient.authenticated(b.url(), token)) {
                subscribeWhenKnown(onB, created);
                // B answered ready, so its feed has its partitions: what is written now reaches it.
                EventEnvelope live = row(tenant.id(), panel, "live on B");
                onB.awaitEvent(live.subject(), WAIT);

                onB.send(StreamClient.message("resume").put("after", lastSeenOnA.id().toString()));
                JsonNode answer = onB.await(m -> m.path("type").asText().matches("resumed|resync"), WAIT);
                assertEquals("resync", answer.path("type").asText(), "B never saw A's event: " + answer);
                assertEquals("unknown-or-too-old", answer.path("reason").asText());

                onB.received().clear();
                onB.send(StreamClient.message("resume").put("after", live.id().toString()));
                answer = onB.await(m -> m.path("type").asText().matches("resumed|resync"), WAIT);
                assertEquals("resumed", answer.path("type").asText(), "B has everything since its own event: " + answer);
            }
        }
    }

    /** A replica of its own: every consumer group but the shared-nothing stream feed made unique, so it takes nothing from others. */
    private static Map<String, String> replica() {
        String run = UUID.randomUUID().toString();
        return Map.of(
                "MP_MESSAGING_INCOMING_DIRECTORY_GROUP_ID", "notification-it-directory-" + run,
                "MP_MESSAGING_INCOMING_DIRECTORY_AUTO_OFFSET_RESET", "latest",
                "MP_MESSAGING_INCOMING_INBOX_GROUP_ID", "notification-it-inbox-" + run,
                "MP_MESSAGING_INCOMING_INBOX_AUTO_OFFSET_RESET", "latest",
                "MP_MESSAGING_INCOMING_WEBHOOK_FANOUT_GROUP_ID", "notification-it-webhooks-" + run);
    }

    private static EventEnvelope row(UUID tenant, UUID panel, String text) {
        UUID rowId = Ids.newId();
        EventEnvelope envelope = new EventEnvelope(Ids.newId(), "/panels/test", EventCatalog.ROW_CREATED.name(), rowId.toString(),
                Instant.now(), tenant, EventCatalog.ROW_CREATED.dataschema(), panel.toString(),
                io.panels.events.EventJson.write(new RowCreated(panel, rowId, 1, Map.of("name", TextNode.valueOf(text)), Instant.now(), "test")));
        TestKafka.publish(EventCatalog.ROW_CREATED.topic(), envelope);
        return envelope;
    }

    /**
     * Subscribes once the replica's directory knows the panel. Its directory starts at the latest
     * offset (reading the shared topic's whole history is slow on a loaded machine), so the same
     * panel.created is announced again until it is known (the directory's upsert is idempotent).
     */
    private static void subscribeWhenKnown(StreamClient client, EventEnvelope created) {
        Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> {
            TestKafka.publish(EventCatalog.PANEL_CREATED.topic(), created);
            JsonNode reply = client.subscribePanel(created.key());
            client.received().remove(reply);
            return reply.path("type").asText().equals("subscribed");
        });
    }
}
