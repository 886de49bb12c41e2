package io.panels.data.events;

import io.panels.common.inbox.IncomingEvents;
import io.panels.data.domain.SyncWorkers;
import io.panels.events.EventCatalog;
import io.panels.events.EventEnvelope;
import io.panels.events.EventJson;
import io.panels.events.sync.SyncRequested;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Consumes {@code sync.requested} from {@code panels.datasources} (group {@code data-service-sync},
 * shared by the replicas: each command goes to one of them) and hands it to the worker pool. The
 * run is already recorded as queued, so the message is acknowledged once handed over; a run whose
 * replica stops is failed by the scheduler's next pass. Other types on the topic are skipped.
 */
@ApplicationScoped
public class SyncCommands {

    private final SyncWorkers workers;

    public SyncCommands(SyncWorkers workers) {
        this.workers = workers;
    }

    @Incoming("panels-datasources")
    public CompletionStage<Void> onCommand(Message<byte[]> message) {
        try {
            EventEnvelope event = IncomingEvents.envelope(message);
            if (EventCatalog.SYNC_REQUESTED.name().equals(event.type())) {
                SyncRequested command = EventJson.read(event.data(), SyncRequested.class);
                workers.submit(event.tenantId(), command.runId(), command.sourceId(), command.trigger());
            }
            return message.ack();
        } catch (RuntimeException e) {
            return message.nack(e);
        }
    }
}
