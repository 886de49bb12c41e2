package io.panels.notification.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.panels.notification.StreamClient;
import io.panels.notification.TestEvents;
import io.panels.notification.TestTenant;
import io.panels.events.EventEnvelope;
import io.panels.notification.store.PresenceStore;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The stream through a real WebSocket with real Keycloak tokens and events on the real broker. */
@QuarkusTest
class StreamTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String PRESENCE_KEY = "panels:notification:presence:";

    @Inject
    RedisDataSource redis;

    private static TestTenant acme;
    private static UUID acmePanel;

    @BeforeAll
    static void feedIsLive() {
        acme = TestTenant.create();
        acmePanel = TestEvents.newPanel(acme.id());
        try (StreamClient client = StreamClient.authenticated(acme.token("viewer"))) {
            TestEvents.subscribeWhenKnown(client, acmePanel);
            TestEvents.awaitFeedLive(client, acme.id(), acmePanel);
        }
    }

    @Test
    void aSubscriberReceivesTheRowsOfItsPanelWithTheirEventIds() {
        try (StreamClient client = StreamClient.authenticated(acme.token("viewer"))) {
            TestEvents.subscribeWhenKnown(client, acmePanel);
            EventEnvelope row = TestEvents.rowCreated(acme.id(), acmePanel, "hello");
            JsonNode event = client.awaitEvent(row.subject(), WAIT);
            assertEquals(row.id().toString(), event.path("id").asText());
            assertEquals("row.created", event.path("event").asText());
            assertEquals(acmePanel.toString(), event.path("panelId").asText());
            assertEquals("hello", event.path("data").path("values").path("name").asText());
        }
    }

    @Test
    void aClientThatAsksForBatchesReceivesEveryEventOnceAndInOrderLikeAClientThatDoesNot() {
        try (StreamClient batched = StreamClient.batched(acme.token("viewer"));
             StreamClient plain = StreamClient.authenticated(acme.token("editor"))) {
            TestEvents.subscribeWhenKnown(batched, acmePanel);
            TestEvents.subscribeWhenKnown(plain, acmePanel);
            List<EventEnvelope> rows = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                rows.add(TestEvents.rowCreatedUnflushed(acme.id(), acmePanel, "burst " + i));
            }
            TestEvents.producer().flush();
            batched.awaitEvent(rows.getLast().subject(), WAIT);
            plain.awaitEvent(rows.getLast().subject(), WAIT);
            List<String> expected = rows.stream().map(EventEnvelope::subject).toList();
            assertEquals(expected, burst(batched, expected), "batched client: every event once, in order");
            assertEquals(expected, burst(plain, expected), "plain client: every event once, in order");
            assertEquals(0, plain.batches(), "a client that did not ask for batches received one");
        }
    }

    /** The subjects of the client's events that belong to {@code burst}, in arrival order. */
    private static List<String> burst(StreamClient client, List<String> burst) {
        Set<String> wanted = new HashSet<>(burst);
        return client.events().stream().map(event -> event.path("subject").asText()).filter(wanted::contains).toList();
    }

    @Test
    void anotherTenantsPanelIsNotFoundAndItsEventsNeverArrive() {
        TestTenant other = TestTenant.create();
        try (StreamClient intruder = StreamClient.authenticated(other.token("owner"))) {
            JsonNode reply = intruder.subscribePanel(acmePanel);
            assertEquals("error", reply.path("type").asText());
            assertEquals("not-found", reply.path("code").asText());
            EventEnvelope row = TestEvents.rowCreated(acme.id(), acmePanel, "secret");
            try (StreamClient owner = StreamClient.authenticated(acme.token("viewer"))) {
                TestEvents.subscribeWhenKnown(owner, acmePanel);
                EventEnvelope after = TestEvents.rowCreated(acme.id(), acmePanel, "secret 2");
                owner.awaitEvent(after.subject(), WAIT);
            }
            assertTrue(intruder.events().isEmpty(), "another tenant's rows reached the intruder: " + intruder.events());
            assertFalse(intruder.received().toString().contains(row.subject()));
        }
    }

    @Test
    void twoTenantsWritingAtOnceEachSeeOnlyTheirOwn() throws Exception {
        TestTenant globex = TestTenant.create();
        UUID globexPanel = TestEvents.newPanel(globex.id());
        try (StreamClient a = StreamClient.authenticated(acme.token("viewer"));
             StreamClient b = StreamClient.authenticated(globex.token("viewer"))) {
            TestEvents.subscribeWhenKnown(a, acmePanel);
            TestEvents.subscribeWhenKnown(b, globexPanel);
            int perTenant = 50;
            List<EventEnvelope> acmeRows = new ArrayList<>();
            List<EventEnvelope> globexRows = new ArrayList<>();
            Thread writer = new Thread(() -> {
                for (int i = 0; i < perTenant; i++) {
                    globexRows.add(TestEvents.rowCreated(globex.id(), globexPanel, "globex " + i));
                }
            });
            writer.start();
            for (int i = 0; i < perTenant; i++) {
                acmeRows.add(TestEvents.rowCreated(acme.id(), acmePanel, "acme " + i));
            }
            writer.join();
            a.awaitEvent(acmeRows.getLast().subject(), WAIT);
            b.awaitEvent(globexRows.getLast().subject(), WAIT);
            org.awaitility.Awaitility.await().atMost(WAIT).until(() -> subjects(a).containsAll(subjects(acmeRows))
                    && subjects(b).containsAll(subjects(globexRows)));
            for (JsonNode event : a.events()) {
                assertEquals(acmePanel.toString(), event.path("panelId").asText(), "globex's event reached acme: " + event);
            }
            for (JsonNode event : b.events()) {
                assertEquals(globexPanel.toString(), event.path("panelId").asText(), "acme's event reached globex: " + event);
            }
        }
    }

    @Test
    void aPersonalViewIsItsOwnersOnlyAndAViewSubscriptionReceivesItsPanelsRows() {
        var owner = acme.newMember("editor");
        var colleague = acme.newMember("editor");
        UUID personal = TestEvents.newView(acme.id(), acmePanel, "personal", owner.id());
        UUID shared = TestEvents.newView(acme.id(), acmePanel, "collaborative", owner.id());
        try (StreamClient mine = StreamClient.authenticated(owner.token());
             StreamClient theirs = StreamClient.authenticated(colleague.token())) {
            TestEvents.subscribeViewWhenKnown(mine, personal);
            TestEvents.subscribeViewWhenKnown(theirs, shared);
            JsonNode refused = theirs.subscribeView(personal);
            assertEquals("not-found", refused.path("code").asText());

            EventEnvelope row = TestEvents.rowCreated(acme.id(), acmePanel, "through a view");
            mine.awaitEvent(row.subject(), WAIT);
            theirs.awaitEvent(row.subject(), WAIT);

            // Events about the personal view reach its owner only.
            UUID anotherPersonal = TestEvents.newView(acme.id(), acmePanel, "personal", owner.id());
            mine.awaitEvent(anotherPersonal, WAIT);
            EventEnvelope marker = TestEvents.rowCreated(acme.id(), acmePanel, "marker");
            theirs.awaitEvent(marker.subject(), WAIT);
            assertFalse(theirs.received().toString().contains(anotherPersonal.toString()));
        }
    }

    @Test
    void resumeSendsWhatWasMissedAndAnUnknownEventIdAsksForResync() {
        EventEnvelope seen;
        try (StreamClient client = StreamClient.authenticated(acme.token("viewer"))) {
            TestEvents.subscribeWhenKnown(client, acmePanel);
            seen = TestEvents.rowCreated(acme.id(), acmePanel, "seen");
            client.awaitEvent(seen.subject(), WAIT);
        }
        EventEnvelope missed1 = TestEvents.rowCreated(acme.id(), acmePanel, "missed 1");
        EventEnvelope missed2 = TestEvents.rowCreated(acme.id(), acmePanel, "missed 2");
        try (StreamClient watcher = StreamClient.authenticated(acme.token("viewer"))) {
            // A later event of the same panel arriving proves the missed ones reached the replica (one partition, in order).
            TestEvents.subscribeWhenKnown(watcher, acmePanel);
            EventEnvelope later = TestEvents.rowCreated(acme.id(), acmePanel, "after");
            watcher.awaitEvent(later.subject(), WAIT);
        }
        try (StreamClient back = StreamClient.authenticated(acme.token("viewer"))) {
            TestEvents.subscribeWhenKnown(back, acmePanel);
            back.send(StreamClient.message("resume").put("after", seen.id().toString()));
            back.await(m -> m.path("type").asText().equals("resumed"), WAIT);
            Set<String> ids = new HashSet<>();
            back.events().forEach(e -> ids.add(e.path("id").asText()));
            assertTrue(ids.contains(missed1.id().toString()) && ids.contains(missed2.id().toString()), "resumed: " + ids);
            assertFalse(ids.contains(seen.id().toString()), "the resume point itself is not sent again");

            back.send(StreamClient.message("resume").put("after", UUID.randomUUID().toString()));
            JsonNode resync = back.await(m -> m.path("type").asText().equals("resync"), WAIT);
            assertEquals("unknown-or-too-old", resync.path("reason").asText());
        }
    }

    @Test
    void presenceListsWhoElseIsViewingThePanel() {
        var first = acme.newMember("viewer");
        var second = acme.newMember("editor");
        UUID panel = TestEvents.newPanel(acme.id());
        try (StreamClient a = StreamClient.authenticated(first.token());
             StreamClient b = StreamClient.authenticated(second.token())) {
            TestEvents.subscribeWhenKnown(a, panel);
            TestEvents.subscribeWhenKnown(b, panel);
            // The answer to the request, or a push of the same list (joins are pushed too): both name both viewers.
            a.send(StreamClient.message("presence").put("panelId", panel.toString()));
            awaitPresence(a, panel, Set.of(first.id(), second.id()));

            b.close();
            org.awaitility.Awaitility.await().atMost(WAIT).until(() -> {
                a.received().removeIf(m -> m.path("type").asText().equals("presence"));
                a.send(StreamClient.message("presence").put("panelId", panel.toString()));
                JsonNode now = a.await(m -> m.path("type").asText().equals("presence"), WAIT);
                return now.path("viewers").size() == 1;
            });
        }
    }

    @Test
    void presenceChangesArePushedToEveryWatcherAcrossReplicas() {
        var first = acme.newMember("viewer");
        var second = acme.newMember("editor");
        UUID panel = TestEvents.newPanel(acme.id());
        try (StreamClient a = StreamClient.authenticated(first.token())) {
            TestEvents.subscribeWhenKnown(a, panel);
            try (StreamClient b = StreamClient.authenticated(second.token())) {
                TestEvents.subscribeWhenKnown(b, panel);
                // a did not ask: the join is pushed.
                awaitPresence(a, panel, Set.of(first.id(), second.id()));

                // Another replica's connection, seen only through Redis: its join is announced on the
                // channel, and when that replica stops refreshing it, its entry expires and that is pushed too.
                String ghost = "ghost-" + UUID.randomUUID();
                redis.sortedSet(String.class).zadd(PRESENCE_KEY + panel, System.currentTimeMillis() + 1500,
                        ghost + "\tGhost\tconnection-on-another-replica");
                redis.pubsub(String.class).publish(PresenceStore.CHANNEL, panel.toString());
                awaitPresence(a, panel, Set.of(first.id(), second.id(), ghost));
                awaitPresence(b, panel, Set.of(first.id(), second.id(), ghost));
                a.received().clear();
                awaitPresence(a, panel, Set.of(first.id(), second.id()));
                a.received().clear();
            }
            // b left: a hears it.
            awaitPresence(a, panel, Set.of(first.id()));
        }
    }

    private static void awaitPresence(StreamClient client, UUID panel, Set<String> expected) {
        client.await(m -> {
            if (!m.path("type").asText().equals("presence") || !m.path("panelId").asText().equals(panel.toString())) {
                return false;
            }
            Set<String> viewers = new HashSet<>();
            m.path("viewers").forEach(v -> viewers.add(v.path("userId").asText()));
            return viewers.equals(expected);
        }, WAIT);
    }

    @Test
    void theTokenMayComeAsASubprotocolValue() {
        try (StreamClient client = StreamClient.withSubprotocols("panels.v1", "bearer." + acme.token("viewer"))) {
            JsonNode ready = client.await(m -> m.path("type").asText().equals("ready"), WAIT);
            assertEquals(acme.id().toString(), ready.path("tenantId").asText());
        }
    }

    @Test
    void theTokenMayComeAsABearerHeaderOnTheUpgrade() {
        try (StreamClient client = StreamClient.withBearerHeader(acme.token("viewer"))) {
            JsonNode ready = client.await(m -> m.path("type").asText().equals("ready"), WAIT);
            assertEquals(acme.id().toString(), ready.path("tenantId").asText());
        }
    }

    @Test
    void aForgedTokenIsClosedWith4401AndSoIsSilence() {
        try (StreamClient forged = StreamClient.connect()) {
            forged.send(StreamClient.message("auth").put("token", acme.token("viewer") + "x"));
            assertEquals(4401, forged.awaitClose(WAIT));
        }
        try (StreamClient silent = StreamClient.connect()) {
            assertEquals(4401, silent.awaitClose(WAIT));
        }
    }

    @Test
    void messagesBeforeAuthenticationAndMalformedOnesAreAnsweredWithErrors() {
        try (StreamClient client = StreamClient.connect()) {
            client.send(StreamClient.message("subscribe").put("panelId", acmePanel.toString()));
            assertEquals("unauthorized", client.await(m -> m.path("type").asText().equals("error"), WAIT).path("code").asText());
        }
        try (StreamClient client = StreamClient.authenticated(acme.token("viewer"))) {
            client.send("not json");
            client.send(StreamClient.message("subscribe").put("panelId", "not-a-uuid"));
            client.await(m -> m.path("message").asText().contains("panelId is not a UUID"), WAIT);
            client.await(m -> m.path("code").asText().equals("invalid-message"), WAIT);
        }
    }

    private static Set<String> subjects(StreamClient client) {
        Set<String> subjects = new HashSet<>();
        client.events().forEach(e -> subjects.add(e.path("subject").asText()));
        return subjects;
    }

    private static Set<String> subjects(List<EventEnvelope> events) {
        Set<String> subjects = new HashSet<>();
        events.forEach(e -> subjects.add(e.subject()));
        return subjects;
    }
}
