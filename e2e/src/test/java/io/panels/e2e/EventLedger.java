package io.panels.e2e;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * An idempotent consumer as docs/events asks integrators to write one: it reads a topic from the
 * beginning (through broker restarts), applies each CloudEvent once by its {@code ce_id}, and
 * counts what the topic delivered more than once. Its effect per event is "remember the subject":
 * for {@code row.created}, the row id.
 */
public final class EventLedger implements AutoCloseable {

    /** One applied event. */
    public record Applied(String id, String type, String subject) {
    }

    private final Map<String, Applied> applied = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
    private final AtomicLong records = new AtomicLong();
    private final Thread poller;
    private volatile boolean running = true;

    public EventLedger(String bootstrap, String topic) {
        poller = new Thread(() -> consume(bootstrap, topic), "event-ledger-" + topic);
        poller.setDaemon(true);
        poller.start();
    }

    private void consume(String bootstrap, String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "fault-ledger-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(250))) {
                    records.incrementAndGet();
                    String id = header(record, "ce_id");
                    if (id == null) {
                        continue;
                    }
                    if (deliveries.computeIfAbsent(id, key -> new AtomicInteger()).incrementAndGet() == 1) {
                        applied.put(id, new Applied(id, header(record, "ce_type"), header(record, "ce_subject")));
                    }
                }
            }
        } catch (org.apache.kafka.common.errors.InterruptException e) {
            // closing
        }
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Event ids applied for each subject of events of {@code type}. */
    public Map<String, Set<String>> idsBySubject(String type) {
        Map<String, Set<String>> bySubject = new ConcurrentHashMap<>();
        applied.values().stream().filter(event -> type.equals(event.type()))
                .forEach(event -> bySubject.computeIfAbsent(event.subject(), s -> ConcurrentHashMap.newKeySet()).add(event.id()));
        return bySubject;
    }

    /** How many times the topic delivered event {@code id}. */
    public int deliveries(String id) {
        AtomicInteger count = deliveries.get(id);
        return count == null ? 0 : count.get();
    }

    public long records() {
        return records.get();
    }

    @Override
    public void close() {
        running = false;
        try {
            poller.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
