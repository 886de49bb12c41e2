package io.panels.common.inbox;

import io.panels.events.EventEnvelope;
import io.panels.events.MalformedEventException;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Reads the CloudEvents envelope of a message received from Kafka. */
public final class IncomingEvents {

    private IncomingEvents() {
    }

    /** @throws MalformedEventException when the message is not a Panels event (dead-letter it) */
    public static EventEnvelope envelope(Message<byte[]> message) {
        IncomingKafkaRecordMetadata<?, ?> metadata = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .orElseThrow(() -> new MalformedEventException("not a Kafka record"));
        Map<String, String> headers = new HashMap<>();
        for (Header header : metadata.getHeaders()) {
            if (header.value() != null) {
                headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
            }
        }
        Object key = metadata.getKey();
        return EventEnvelope.fromHeaders(headers, key == null ? null : key.toString(), message.getPayload());
    }
}
