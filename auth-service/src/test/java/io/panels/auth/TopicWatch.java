package io.panels.auth;

import io.panels.events.EventEnvelope;
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
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Reads a topic from the real broker as an integrator would (a plain consumer), starting at its
 * end when the watch opens, so a test sees the events its own calls cause.
 */
public final class TopicWatch implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<EventEnvelope> seen = new ArrayList<>();

    private TopicWatch(String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "auth-test-" + UUID.randomUUID());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
    }

    public static TopicWatch open(String topic) {
        return new TopicWatch(topic);
    }

    /** Events read so far plus those arriving until {@code done} holds for the list, or the deadline. */
    public List<EventEnvelope> until(Predicate<List<EventEnvelope>> done, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (!done.test(seen) && Instant.now().isBefore(deadline)) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                Map<String, String> headers = new HashMap<>();
                for (Header header : record.headers()) {
                    headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
                }
                try {
                    seen.add(EventEnvelope.fromHeaders(headers, record.key(), record.value()));
                } catch (MalformedEventException e) {
                    // Not a Panels event (a dead-lettering test put it there): an integrator passes over it too.
                }
            }
        }
        return List.copyOf(seen);
    }

    /** The events of one tenant and type seen within {@code timeout} once at least {@code count} arrived. */
    public List<EventEnvelope> await(UUID tenantId, String type, int count, Duration timeout) {
        Predicate<EventEnvelope> match = event -> event.tenantId().equals(tenantId) && event.type().equals(type);
        return until(events -> events.stream().filter(match).count() >= count, timeout).stream().filter(match).toList();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
