package io.panels.notification.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The batch message of the stream and the sharing of its text between the sockets of one event loop. */
class StreamBatchTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aBatchIsOneJsonMessageWithTheMessagesInOrder() throws Exception {
        String first = "{\"type\":\"event\",\"id\":\"1\"}";
        String second = "{\"type\":\"presence\",\"panelId\":\"p\",\"viewers\":[]}";
        JsonNode batch = JSON.readTree(StreamMessages.batch(List.of(first, second)));
        assertEquals("batch", batch.path("type").asText());
        assertEquals(2, batch.path("messages").size());
        assertEquals(JSON.readTree(first), batch.path("messages").get(0));
        assertEquals(JSON.readTree(second), batch.path("messages").get(1));
    }

    @Test
    void aLoneMessageIsSentAsItIsAndTheSameBatchIsBuiltOncePerLane() {
        StreamLane lane = new StreamLane(null, StreamLane.Pacing.fixed(java.time.Duration.ZERO));
        String a = new String("{\"type\":\"event\",\"id\":\"a\"}");
        String b = new String("{\"type\":\"event\",\"id\":\"b\"}");
        assertSame(a, lane.frame(List.of(a)));

        String shared = lane.frame(new ArrayList<>(List.of(a, b)));
        assertSame(shared, lane.frame(new ArrayList<>(List.of(a, b))), "a second socket flushing the same events reuses the text");

        String other = lane.frame(List.of(b, a));
        assertNotSame(shared, other);
        assertEquals(StreamMessages.batch(List.of(b, a)), other);
        // Equal text of another event is another event: compared by identity, built anew.
        String c = new String(a);
        assertNotSame(lane.frame(List.of(c, b)), lane.frame(List.of(a, b)));
    }

    @Test
    void batchesAreOnlyForClientsThatAskOnTheUrl() {
        assertTrue(StreamProtocol.wantsBatches("batch=true"));
        assertTrue(StreamProtocol.wantsBatches("x=1&batch=1"));
        assertFalse(StreamProtocol.wantsBatches(null));
        assertFalse(StreamProtocol.wantsBatches(""));
        assertFalse(StreamProtocol.wantsBatches("batch=false"));
        assertFalse(StreamProtocol.wantsBatches("nobatch=true"));
    }
}
