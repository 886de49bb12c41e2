package io.panels.common.testing;

import io.panels.common.ids.Ids;
import io.panels.events.EventEnvelope;
import io.panels.events.EventJson;
import io.panels.events.EventType;
import io.panels.events.MalformedEventException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The real broker as an integrator sees it, for every service's tests: plain Kafka clients that
 * publish events the way another service's outbox relay would (CloudEvents binary mode) and read
 * topics from the beginning.
 */
public final class TestKafka {

    /** A record as read: the event, and every header (the relay adds request and trace ids). */
    public record Received(EventEnvelope event, Map<String, String> headers) {
    }

    private TestKafka() {
    }

    /** An event as another service would publish it, keyed by {@code key} (also its subject). */
    public static <T> EventEnvelope envelope(EventType<T> type, UUID tenantId, String key, T payload) {
        return new EventEnvelope(Ids.newId(), "/panels/test", type.name(), key, Instant.now(), tenantId,
                type.dataschema(), key, EventJson.write(payload));
    }

    public static <T> EventEnvelope publish(EventType<T> type, UUID tenantId, String key, T payload) {
        EventEnvelope envelope = envelope(type, tenantId, key, payload);
        publish(type.topic(), envelope);
        return envelope;
    }

    /** An event whose payload is {@code data} as given, e.g. an unreadable one that must be dead-lettered. */
    public static EventEnvelope publishRaw(EventType<?> type, UUID tenantId, String key, byte[] data) {
        EventEnvelope envelope = new EventEnvelope(Ids.newId(), "/panels/test", type.name(), key, Instant.now(), tenantId,
                type.dataschema(), key, data);
        publish(type.topic(), envelope);
        return envelope;
    }

    /** The first record on {@code topic} with record key {@code key} (a dead-letter topic keeps the key). */
    public static Received first(String topic, String key, Duration timeout) {
        return readRecords(topic, record -> key.equals(record.event().key()), kept -> !kept.isEmpty(), timeout).get(0);
    }

    /** Publishes {@code envelope} as it is: publishing the same envelope twice is a redelivery. */
    public static void publish(String topic, EventEnvelope envelope) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap());
        try (KafkaProducer<String, byte[]> producer =
                     new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, envelope.key(), envelope.data());
            envelope.headers().forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
            producer.send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not publish " + envelope.type() + " to " + topic, e);
        }
    }

    /**
     * Reads {@code topic} from the beginning, keeping the events that match {@code filter}, until
     * {@code done} holds for those kept; fails at the deadline. Records that are not Panels events
     * are passed over.
     */
    public static List<EventEnvelope> read(String topic, Predicate<EventEnvelope> filter,
                                           Predicate<List<EventEnvelope>> done, Duration timeout) {
        return readRecords(topic, record -> filter.test(record.event()),
                kept -> done.test(kept.stream().map(Received::event).toList()), timeout)
                .stream().map(Received::event).toList();
    }

    /** The same with each record's headers. */
    public static List<Received> readRecords(String topic, Predicate<Received> filter,
                                             Predicate<List<Received>> done, Duration timeout) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<Received> kept = new ArrayList<>();
        Instant deadline = Instant.now().plus(timeout);
        try (KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            while (Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(250))) {
                    Map<String, String> headers = headers(record);
                    Received received;
                    try {
                        received = new Received(EventEnvelope.fromHeaders(headers, record.key(), record.value()), headers);
                    } catch (MalformedEventException e) {
                        // A shared topic may hold records that are no Panels events (tests of dead-lettering put them
                        // there): consumers park them, and a reader looking for events passes over them.
                        continue;
                    }
                    if (filter.test(received)) {
                        kept.add(received);
                    }
                }
                if (done.test(kept)) {
                    return kept;
                }
            }
        }
        throw new AssertionError("events on " + topic + " did not arrive within " + timeout + "; got "
                + kept.stream().map(r -> r.event().type()).toList());
    }

    private static Map<String, String> headers(ConsumerRecord<?, ?> record) {
        Map<String, String> headers = new HashMap<>();
        for (Header header : record.headers()) {
            if (header.value() != null) {
                headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
            }
        }
        return headers;
    }

    private static String bootstrap() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }
}
