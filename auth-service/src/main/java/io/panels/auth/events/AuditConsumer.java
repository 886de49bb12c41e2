package io.panels.auth.events;

import io.panels.auth.domain.AuditLog;
import io.panels.common.inbox.IncomingEvents;
import io.panels.events.EventEnvelope;
import io.panels.events.MalformedEventException;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Feeds the audit log from every panels.* topic (one channel per topic, each with its own
 * dead-letter topic). Transient failures are retried with backoff; a message that is not a Panels
 * event, or still fails, is parked in {@code <topic>.dlq}.
 */
@ApplicationScoped
public class AuditConsumer {

    private static final Logger LOG = Logger.getLogger(AuditConsumer.class);

    private final AuditLog auditLog;

    public AuditConsumer(AuditLog auditLog) {
        this.auditLog = auditLog;
    }

    @Incoming("audit-tenants")
    public Uni<Void> tenants(Message<byte[]> message) {
        return record(message);
    }

    @Incoming("audit-panels")
    public Uni<Void> panels(Message<byte[]> message) {
        return record(message);
    }

    @Incoming("audit-rows")
    public Uni<Void> rows(Message<byte[]> message) {
        return record(message);
    }

    @Incoming("audit-views")
    public Uni<Void> views(Message<byte[]> message) {
        return record(message);
    }

    @Incoming("audit-datasources")
    public Uni<Void> datasources(Message<byte[]> message) {
        return record(message);
    }

    @Incoming("audit-exports")
    public Uni<Void> exports(Message<byte[]> message) {
        return record(message);
    }

    @Incoming("audit-notifications")
    public Uni<Void> notifications(Message<byte[]> message) {
        return record(message);
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
