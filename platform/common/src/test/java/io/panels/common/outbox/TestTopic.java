package io.panels.common.outbox;

import io.panels.events.EventEnvelope;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;

/** Reads a topic from the real broker the way an integrator would: a plain Kafka consumer. */
final class TestTopic {

    private TestTopic() {
    }

    /** A record as read: the event, and every header (the relay adds request and trace ids). */
    record Received(EventEnvelope event, Map<String, String> headers) {
    }

    static List<EventEnvelope> readUntil(String topic, Collection<UUID> expected, Duration timeout) {
        return readRecordsUntil(topic, expected, timeout).stream().map(Received::event).toList();
    }

    /** Every record until all {@code expected} event ids have arrived (repeats included), or the deadline. */
    static List<Received> readRecordsUntil(String topic, Collection<UUID> expected, Duration timeout) {
        Set<UUID> missing = new HashSet<>(expected);
        return read(topic, record -> {
            missing.remove(record.event().id());
            return missing.isEmpty();
        }, timeout);
    }

    /** The first record that matches, or an AssertionError at the deadline. */
    static Received first(String topic, Predicate<Received> match, Duration timeout) {
        List<Received> read = read(topic, match, timeout);
        if (read.isEmpty() || !match.test(read.get(read.size() - 1))) {
            throw new AssertionError("no matching record on " + topic + " within " + timeout);
        }
        return read.get(read.size() - 1);
    }

    /** Reads from the beginning until {@code done} says so for a record, or the deadline. */
    private static List<Received> read(String topic, Predicate<Received> done, Duration timeout) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<Received> received = new ArrayList<>();
        Instant deadline = Instant.now().plus(timeout);
        try (KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            while (Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(250))) {
                    Map<String, String> headers = headers(record);
                    Received one = new Received(EventEnvelope.fromHeaders(headers, record.key(), record.value()), headers);
                    received.add(one);
                    if (done.test(one)) {
                        return received;
                    }
                }
            }
        }
        return received;
    }

    static Map<String, String> headers(ConsumerRecord<?, ?> record) {
        Map<String, String> headers = new HashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
        }
        return headers;
    }
}
