package io.panels.notification.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.panels.common.ids.Ids;
import io.panels.common.testing.Keycloak;
import io.panels.events.EventCatalog;
import io.panels.events.EventEnvelope;
import io.panels.events.row.RowCreated;
import io.panels.notification.ShortLivedTokens;
import io.panels.notification.StreamClient;
import io.panels.notification.TestEvents;
import io.panels.notification.TestTenant;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The stream's limits: slow clients and expiring tokens. */
@QuarkusTest
class StreamLimitsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int BURST = 50;

    @Test
    void aSlowClientGetsResyncAndIsClosedWhileAFastOneReceivesEverything() {
        int rows = 800;
        TestTenant acme = TestTenant.create();
        UUID panel = TestEvents.newPanel(acme.id());
        try (StreamClient fast = StreamClient.authenticated(acme.token("viewer"));
             StreamClient slow = StreamClient.slow(acme.token("editor"))) {
            TestEvents.subscribeWhenKnown(fast, panel);
            TestEvents.awaitFeedLive(fast, acme.id(), panel);
            slow.send(StreamClient.message("subscribe").put("panelId", panel.toString()));
            sleep(1000);

            // 800 rows of 64 KiB (50 MiB): far more than the socket buffers and the queue of 200 hold,
            // so the slow client's queue fills. They go out in bursts of 50 (a quarter of the queue),
            // each read by the fast client before the next: a client that keeps up, however loaded the
            // machine running this test, is never more than a burst behind and is never cut off.
            String big = "x".repeat(64 * 1024);
            EventEnvelope last = null;
            for (int i = 0; i < rows; i++) {
                UUID rowId = Ids.newId();
                Map<String, JsonNode> values = Map.of("name", TextNode.valueOf(big));
                last = TestEvents.publish(EventCatalog.ROW_CREATED, acme.id(), panel.toString(), rowId.toString(),
                        new RowCreated(panel, rowId, 1, values, Instant.now(), "test"));
                if ((i + 1) % BURST == 0) {
                    fast.awaitEvent(last.subject(), WAIT);
                }
            }
            fast.awaitEvent(last.subject(), WAIT);
            assertTrue(fast.events().size() >= rows, "the fast client received " + fast.events().size());
            assertFalse(fast.isClosed());

            slow.readAll();
            assertEquals(4429, slow.awaitClose(WAIT));
            JsonNode lastMessage = slow.received().getLast();
            assertEquals("resync", lastMessage.path("type").asText());
            assertTrue(slow.events().size() < rows, "the slow client was not cut off: " + slow.events().size());
        }
    }

    @Test
    void anExpiredTokenClosesTheConnectionUnlessANewOneArrives() {
        TestTenant acme = TestTenant.create();
        Keycloak.TestUser user = acme.member("viewer");
        long started = System.nanoTime();
        try (StreamClient expiring = StreamClient.authenticated(ShortLivedTokens.token(user));
             StreamClient refreshed = StreamClient.authenticated(ShortLivedTokens.token(user))) {
            refreshed.send(StreamClient.message("auth").put("token", user.token()));
            refreshed.await(m -> m.path("type").asText().equals("ready") && refreshed.received().indexOf(m) > 0, WAIT);

            assertEquals(4401, expiring.awaitClose(WAIT));
            JsonNode reason = expiring.received().getLast();
            assertEquals("token-expired", reason.path("code").asText());
            assertTrue(Duration.ofNanos(System.nanoTime() - started).toSeconds() <= ShortLivedTokens.LIFESPAN_SECONDS + 10);

            sleep(1000);
            assertFalse(refreshed.isClosed(), "a connection that sent a new token was closed");
            refreshed.send(StreamClient.message("ping"));
            refreshed.await(m -> m.path("type").asText().equals("pong"), WAIT);
        }
    }

    @Test
    void aNewTokenOfAnotherUserIsRefused() {
        TestTenant acme = TestTenant.create();
        try (StreamClient client = StreamClient.authenticated(acme.token("viewer"))) {
            client.send(StreamClient.message("auth").put("token", acme.token("editor")));
            assertEquals(4401, client.awaitClose(WAIT));
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
