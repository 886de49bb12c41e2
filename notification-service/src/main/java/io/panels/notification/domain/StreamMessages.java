package io.panels.notification.domain;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.panels.events.EventEnvelope;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/** The server's messages on the stream (docs/stream.md), as JSON text. */
public final class StreamMessages {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory FACTORY = JSON.getFactory();

    private StreamMessages() {
    }

    /** {@code {"type":"event","id":...,"event":"row.updated","panelId":...,"subject":...,"time":...,"data":{...}}} */
    public static String event(EventEnvelope event, UUID panelId) {
        StringWriter out = new StringWriter(256 + event.data().length);
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("type", "event");
            json.writeStringField("id", event.id().toString());
            json.writeStringField("event", event.type());
            json.writeStringField("panelId", panelId.toString());
            if (event.subject() != null) {
                json.writeStringField("subject", event.subject());
            }
            json.writeStringField("time", event.time().toString());
            json.writeFieldName("data");
            // The payload is JSON already (validated by its producer's schema): no parse and re-write per event.
            json.writeRawValue(new String(event.data(), StandardCharsets.UTF_8));
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /**
     * {@code {"type":"batch","messages":[...]}}: several messages in one frame, in order, for clients
     * that asked for batches (docs/stream.md). The messages are JSON objects already.
     */
    public static String batch(List<String> messages) {
        int length = 32;
        for (String message : messages) {
            length += message.length() + 1;
        }
        StringBuilder frame = new StringBuilder(length).append("{\"type\":\"batch\",\"messages\":[");
        for (int i = 0; i < messages.size(); i++) {
            if (i > 0) {
                frame.append(',');
            }
            frame.append(messages.get(i));
        }
        return frame.append("]}").toString();
    }

    public static String ready(StreamIdentity identity) {
        return JSON.createObjectNode().put("type", "ready").put("userId", identity.subject())
                .put("tenantId", identity.tenantId().toString()).put("role", identity.role().claimValue())
                .put("expiresAt", identity.expiresAt().toString()).toString();
    }

    public static String subscribed(UUID panelId, UUID viewId, List<PresenceEntry> viewers) {
        ObjectNode node = JSON.createObjectNode().put("type", "subscribed").put("panelId", panelId.toString());
        if (viewId != null) {
            node.put("viewId", viewId.toString());
        }
        node.set("viewers", viewers(viewers));
        return node.toString();
    }

    public static String unsubscribed(UUID panelId, UUID viewId) {
        ObjectNode node = JSON.createObjectNode().put("type", "unsubscribed");
        if (panelId != null) {
            node.put("panelId", panelId.toString());
        }
        if (viewId != null) {
            node.put("viewId", viewId.toString());
        }
        return node.toString();
    }

    public static String presence(UUID panelId, List<PresenceEntry> viewers) {
        ObjectNode node = JSON.createObjectNode().put("type", "presence").put("panelId", panelId.toString());
        node.set("viewers", viewers(viewers));
        return node.toString();
    }

    public static String resumed(UUID after, int count) {
        return JSON.createObjectNode().put("type", "resumed").put("after", after.toString()).put("count", count).toString();
    }

    public static String resync(String reason) {
        return JSON.createObjectNode().put("type", "resync").put("reason", reason).toString();
    }

    public static String error(String code, String message) {
        return JSON.createObjectNode().put("type", "error").put("code", code).put("message", message).toString();
    }

    public static String pong() {
        return "{\"type\":\"pong\"}";
    }

    public static String notification(Notification notification) {
        ObjectNode node = JSON.createObjectNode().put("type", "notification");
        node.set("notification", JSON.createObjectNode()
                .put("id", notification.id().toString())
                .put("kind", notification.kind())
                .put("title", notification.title())
                .put("body", notification.body())
                .put("createdAt", notification.createdAt().toString())
                .set("data", notification.data()));
        return node.toString();
    }

    private static ArrayNode viewers(List<PresenceEntry> viewers) {
        ArrayNode array = JSON.createArrayNode();
        viewers.forEach(viewer -> array.addObject().put("userId", viewer.userId()).put("name", viewer.name()));
        return array;
    }

    /** One person viewing a panel. */
    public record PresenceEntry(String userId, String name) {
    }
}
