package io.panels.common.outbox;

import io.panels.events.EventType;
import java.util.Objects;
import java.util.UUID;

/**
 * An event to publish with a change.
 *
 * @param key     the Kafka record key, the aggregate that orders the stream (the panel id for
 *                panel, column, row and view events)
 * @param subject the aggregate the event is about (CloudEvents {@code subject}), e.g. the row id
 */
public record OutgoingEvent<T>(EventType<T> type, UUID tenantId, String key, String subject, T payload) {

    public OutgoingEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(payload, "payload");
    }
}
