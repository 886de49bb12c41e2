package io.panels.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;

/**
 * The one JSON mapping of event payloads, the same in producers and consumers: ISO-8601 times,
 * unknown fields ignored (a consumer keeps working when a producer adds a field).
 */
public final class EventJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private EventJson() {
    }

    public static byte[] write(Object payload) {
        try {
            return MAPPER.writeValueAsBytes(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event payload cannot be written as JSON: " + payload.getClass(), e);
        }
    }

    /** Reads a payload; an unreadable one is a {@link MalformedEventException} (dead-letter material). */
    public static <T> T read(byte[] data, Class<T> type) {
        try {
            return MAPPER.readValue(data, type);
        } catch (JsonProcessingException e) {
            throw new MalformedEventException("payload is not a valid " + type.getSimpleName() + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new MalformedEventException("payload is not readable: " + e.getMessage());
        }
    }

    public static <T> T read(EventEnvelope envelope, EventType<T> type) {
        if (!type.name().equals(envelope.type())) {
            throw new IllegalArgumentException("envelope is " + envelope.type() + ", not " + type.name());
        }
        return read(envelope.data(), type.payloadType());
    }
}
