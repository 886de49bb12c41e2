package io.panels.events;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A domain event as it travels on Kafka: the CloudEvents attributes and the JSON payload bytes.
 * {@link #headers()} and {@link #fromHeaders} are the two directions of the binary-mode binding.
 *
 * @param id        unique event id (UUIDv7); consumers remember it to process each event once
 * @param source    the producing service, e.g. {@code /panels/data-service}
 * @param type      {@code entity.action}, see {@link EventType}
 * @param subject   the aggregate the event is about (for example the row id)
 * @param tenantId  the tenant the event belongs to
 * @param key       the Kafka record key: the aggregate that orders the stream (the panel id for rows)
 * @param data      the JSON payload
 */
public record EventEnvelope(
        UUID id,
        String source,
        String type,
        String subject,
        Instant time,
        UUID tenantId,
        URI dataschema,
        String key,
        byte[] data) {

    public EventEnvelope {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(data, "data");
    }

    /** The {@code ce_*} headers of this event, in a stable order. */
    public Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_1_0);
        headers.put(CloudEventHeaders.ID, id.toString());
        headers.put(CloudEventHeaders.SOURCE, source);
        headers.put(CloudEventHeaders.TYPE, type);
        if (subject != null) {
            headers.put(CloudEventHeaders.SUBJECT, subject);
        }
        headers.put(CloudEventHeaders.TIME, time.toString());
        if (dataschema != null) {
            headers.put(CloudEventHeaders.DATA_SCHEMA, dataschema.toString());
        }
        headers.put(CloudEventHeaders.TENANT_ID, tenantId.toString());
        headers.put(CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
        return headers;
    }

    public String dataAsString() {
        return new String(data, StandardCharsets.UTF_8);
    }

    /**
     * Reads an event from Kafka headers and value.
     *
     * @throws MalformedEventException when a required attribute is missing or unreadable: such a
     *                                 message can never be processed and belongs in the dead-letter topic
     */
    public static EventEnvelope fromHeaders(Map<String, String> headers, String key, byte[] value) {
        String specVersion = headers.get(CloudEventHeaders.SPEC_VERSION);
        if (!CloudEventHeaders.SPEC_VERSION_1_0.equals(specVersion)) {
            throw new MalformedEventException("not a CloudEvents 1.0 message (ce_specversion=" + specVersion + ")");
        }
        if (value == null) {
            throw new MalformedEventException("event has no data");
        }
        String dataschema = headers.get(CloudEventHeaders.DATA_SCHEMA);
        return new EventEnvelope(
                uuid(headers, CloudEventHeaders.ID),
                required(headers, CloudEventHeaders.SOURCE),
                required(headers, CloudEventHeaders.TYPE),
                headers.get(CloudEventHeaders.SUBJECT),
                instant(headers),
                uuid(headers, CloudEventHeaders.TENANT_ID),
                dataschema == null ? null : URI.create(dataschema),
                key,
                value);
    }

    private static String required(Map<String, String> headers, String name) {
        String value = headers.get(name);
        if (value == null || value.isBlank()) {
            throw new MalformedEventException("missing header " + name);
        }
        return value;
    }

    private static UUID uuid(Map<String, String> headers, String name) {
        try {
            return UUID.fromString(required(headers, name));
        } catch (IllegalArgumentException e) {
            throw new MalformedEventException("header " + name + " is not a UUID");
        }
    }

    private static Instant instant(Map<String, String> headers) {
        try {
            return Instant.parse(required(headers, CloudEventHeaders.TIME));
        } catch (DateTimeParseException e) {
            throw new MalformedEventException("header " + CloudEventHeaders.TIME + " is not an RFC 3339 time");
        }
    }
}
