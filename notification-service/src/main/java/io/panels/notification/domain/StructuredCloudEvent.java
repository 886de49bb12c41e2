package io.panels.notification.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.panels.events.EventEnvelope;
import java.io.IOException;
import java.io.UncheckedIOException;

/** An event in CloudEvents 1.0 structured JSON mode: the body of a webhook delivery. */
public final class StructuredCloudEvent {

    private static final ObjectMapper JSON = new ObjectMapper();

    private StructuredCloudEvent() {
    }

    public static String of(EventEnvelope event) {
        ObjectNode body = JSON.createObjectNode()
                .put("specversion", "1.0")
                .put("id", event.id().toString())
                .put("source", event.source())
                .put("type", event.type());
        if (event.subject() != null) {
            body.put("subject", event.subject());
        }
        body.put("time", event.time().toString())
                .put("datacontenttype", "application/json");
        if (event.dataschema() != null) {
            body.put("dataschema", event.dataschema().toString());
        }
        body.put("tenantid", event.tenantId().toString());
        body.set("data", data(event));
        return body.toString();
    }

    static JsonNode data(EventEnvelope event) {
        try {
            return JSON.readTree(event.data());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
