package io.panels.export.events;

import io.panels.common.inbox.IncomingEvents;
import io.panels.events.EventCatalog;
import io.panels.events.EventEnvelope;
import io.panels.events.EventJson;
import io.panels.events.export.ExportRequested;
import io.panels.export.domain.ExportRunner;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * The worker pool: export.requested commands from panels.exports (consumer group
 * export-service.workers, so the replicas share the topic's partitions), each run on the
 * {@code export-workers} pool (up to panels.export.workers jobs at once per replica). The message is
 * acknowledged when its job has ended; the job row, not the message, is what a worker claims, so
 * a redelivered command changes nothing.
 */
@ApplicationScoped
public class ExportWorker {

    private static final Logger LOG = Logger.getLogger(ExportWorker.class);

    private final ExportRunner runner;

    public ExportWorker(ExportRunner runner) {
        this.runner = runner;
    }

    @Incoming("export-requests")
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    @Blocking(value = "export-workers", ordered = false)
    public CompletionStage<Void> onExportEvent(Message<byte[]> message) {
        EventEnvelope event;
        try {
            event = IncomingEvents.envelope(message);
        } catch (RuntimeException e) {
            return message.nack(e);
        }
        if (!EventCatalog.EXPORT_REQUESTED.name().equals(event.type())) {
            return message.ack();
        }
        try {
            ExportRequested requested = EventJson.read(event, EventCatalog.EXPORT_REQUESTED);
            runner.run(event.tenantId(), requested.exportId());
            return message.ack();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return message.nack(e);
        } catch (RuntimeException e) {
            LOG.errorf(e, "export.requested %s could not be run; it goes to the dead-letter topic", event.id());
            return message.nack(e);
        }
    }
}
