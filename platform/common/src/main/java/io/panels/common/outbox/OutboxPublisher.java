package io.panels.common.outbox;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The outbox relay's Kafka producer and the one thread that uses it ({@code send} can block while
 * the producer fetches a topic's metadata, so never on an event loop). A batch is sent and then
 * flushed: it leaves at once instead of after {@code linger.ms}, and {@link #publish} completes
 * when the broker acknowledged every record (docs/adr/0059).
 */
final class OutboxPublisher implements AutoCloseable {

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final ExecutorService thread = Executors.newSingleThreadExecutor(runnable -> {
        Thread sender = new Thread(runnable, "outbox-relay-sender");
        sender.setDaemon(true);
        return sender;
    });
    private final KafkaProducer<String, byte[]> producer;

    /** @param shared the service's {@code kafka.*} settings (brokers, security); ordering and durability are set here */
    OutboxPublisher(Map<String, Object> shared) {
        Map<String, Object> config = new HashMap<>(shared);
        // Only what a producer knows (kafka.* may hold consumer settings such as group.id).
        config.keySet().retainAll(ProducerConfig.configNames());
        // Ordered and durable whatever the service configures: every replica of a broker has the
        // record before it counts as published, and retries neither duplicate nor reorder.
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        // Serializer instances, not class names: nothing for the native image to reflect on.
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    /** Sends the records in order; completes when every one is acknowledged, fails with the first failure. */
    Uni<Void> publish(List<ProducerRecord<String, byte[]>> records) {
        return Uni.createFrom().<Void>item(() -> {
            List<Future<RecordMetadata>> acks = new ArrayList<>(records.size());
            for (ProducerRecord<String, byte[]> record : records) {
                Future<RecordMetadata> ack = producer.send(record);
                if (ack.isDone()) {
                    // Failed at once (no metadata within max.block.ms, say): give up the batch
                    // rather than wait as long again for each record after it.
                    awaitAck(ack);
                }
                acks.add(ack);
            }
            producer.flush();
            for (Future<RecordMetadata> ack : acks) {
                awaitAck(ack);
            }
            return null;
        }).runSubscriptionOn(thread);
    }

    private static void awaitAck(Future<RecordMetadata> ack) {
        try {
            ack.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof KafkaException kafka ? kafka : new KafkaException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while waiting for the broker's acknowledgement", e);
        }
    }

    /**
     * Waits up to 5 s for a batch in flight; one not acknowledged by then fails its round and is
     * published again by the next one, here after a restart or on another replica.
     */
    @Override
    public void close() {
        thread.shutdown();
        producer.close(CLOSE_TIMEOUT);
    }
}
