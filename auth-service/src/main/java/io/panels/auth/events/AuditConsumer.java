package io.panels.auth.events;

import io.panels.auth.domain.AuditEntry;
import io.panels.auth.domain.AuditLog;
import io.panels.common.inbox.IncomingEvents;
import io.panels.events.EventEnvelope;
import io.panels.events.MalformedEventException;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Feeds the audit log from every panels.* topic (one channel per topic, each with its own
 * dead-letter topic), a poll's records at a time. Transient failures are retried with backoff; a
 * message that is not a Panels event, or still fails, is parked in {@code <topic>.dlq}.
 */
@ApplicationScoped
public class AuditConsumer {

    private static final Logger LOG = Logger.getLogger(AuditConsumer.class);

    private final AuditLog auditLog;

    public AuditConsumer(AuditLog auditLog) {
        this.auditLog = auditLog;
    }

    @Incoming("audit-tenants")
    public Uni<Void> tenants(KafkaRecordBatch<String, byte[]> batch) {
        return record(batch);
    }

    @Incoming("audit-panels")
    public Uni<Void> panels(KafkaRecordBatch<String, byte[]> batch) {
        return record(batch);
    }

    @Incoming("audit-rows")
    public Uni<Void> rows(KafkaRecordBatch<String, byte[]> batch) {
        return record(batch);
    }

    @Incoming("audit-views")
    public Uni<Void> views(KafkaRecordBatch<String, byte[]> batch) {
        return record(batch);
    }

    @Incoming("audit-datasources")
    public Uni<Void> datasources(KafkaRecordBatch<String, byte[]> batch) {
        return record(batch);
    }

    @Incoming("audit-exports")
    public Uni<Void> exports(KafkaRecordBatch<String, byte[]> batch) {
        return record(batch);
    }

    @Incoming("audit-notifications")
    public Uni<Void> notifications(KafkaRecordBatch<String, byte[]> batch) {
        return record(batch);
    }

    /**
     * A poll's records in one transaction (docs/adr/0061): a record that is not a Panels event is
     * dead-lettered on its own; the others are recorded together, retried with backoff, and the
     * batch is acknowledged once they are committed. Should the batch still fail, each of its
     * records is recorded alone, so only a record that fails by itself reaches the dead-letter topic.
     */
    private Uni<Void> record(KafkaRecordBatch<String, byte[]> batch) {
        List<Message<byte[]>> events = new ArrayList<>();
        List<AuditEntry> entries = new ArrayList<>();
        List<Uni<Void>> deadLettered = new ArrayList<>();
        for (KafkaRecord<String, byte[]> record : batch) {
            try {
                entries.add(auditLog.entry(IncomingEvents.envelope(record), headers(record)));
                events.add(record);
            } catch (MalformedEventException e) {
                LOG.warnf("not a Panels event, dead-lettered: %s", e.getMessage());
                deadLettered.add(Uni.createFrom().completionStage(record.nack(e)));
            }
        }
        Uni<Void> parked = deadLettered.isEmpty() ? Uni.createFrom().voidItem()
                : Uni.join().all(deadLettered).andCollectFailures().replaceWithVoid();
        return parked
                .chain(() -> auditLog.recordAll(entries)
                        .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(5)
                        .onFailure().recoverWithUni(e -> {
                            LOG.warnf(e, "a batch of %d audit entries was not recorded; recording them one by one", entries.size());
                            return Uni.join().all(events.stream().map(this::record).toList()).andCollectFailures().replaceWithVoid();
                        }))
                .chain(() -> Uni.createFrom().completionStage(batch.ack()));
    }

    private Uni<Void> record(Message<byte[]> message) {
        EventEnvelope event;
        try {
            event = IncomingEvents.envelope(message);
        } catch (MalformedEventException e) {
            LOG.warnf("not a Panels event, dead-lettered: %s", e.getMessage());
            return Uni.createFrom().completionStage(message.nack(e));
        }
        return auditLog.record(event, headers(message))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(5)
                .chain(() -> Uni.createFrom().completionStage(message.ack()))
                .onFailure().recoverWithUni(e -> {
                    LOG.errorf(e, "audit entry for event %s not recorded, dead-lettered", event.id());
                    return Uni.createFrom().completionStage(message.nack(e));
                });
    }

    private static Map<String, String> headers(Message<byte[]> message) {
        Map<String, String> headers = new HashMap<>();
        message.getMetadata(IncomingKafkaRecordMetadata.class).ifPresent(metadata -> {
            for (Header header : metadata.getHeaders()) {
                if (header.value() != null) {
                    headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
                }
            }
        });
        return headers;
    }
}
