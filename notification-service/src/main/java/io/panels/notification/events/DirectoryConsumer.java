package io.panels.notification.events;

import io.panels.common.inbox.IncomingEvents;
import io.panels.common.tenant.TenantScope;
import io.panels.events.EventEnvelope;
import io.panels.events.EventJson;
import io.panels.events.view.ViewCreated;
import io.panels.events.view.ViewDefinition;
import io.panels.events.view.ViewDeleted;
import io.panels.events.view.ViewUpdated;
import io.panels.notification.store.DirectoryStore;
import io.panels.notification.store.DirectoryStore.ViewEntry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Keeps the directory of panels and views (which tenant, which owner) from panel.* and view.*
 * events. Every write is an idempotent upsert, so a redelivered event needs no processed-event mark.
 */
@ApplicationScoped
public class DirectoryConsumer {

    private static final Logger LOG = Logger.getLogger(DirectoryConsumer.class);

    private final Pool pool;
    private final DirectoryStore directory;

    public DirectoryConsumer(Pool pool, DirectoryStore directory) {
        this.pool = pool;
        this.directory = directory;
    }

    @Incoming("directory")
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public Uni<Void> onEvent(Message<byte[]> message) {
        return Uni.createFrom().item(() -> IncomingEvents.envelope(message))
                .chain(event -> event.type().startsWith("panel.") || event.type().startsWith("view.")
                        ? pool.withTransaction(tx -> TenantScope.bind(tx, event.tenantId()).chain(() -> apply(tx, event)))
                        .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(5)
                        : Uni.createFrom().voidItem())
                .onItemOrFailure().transformToUni((done, failure) -> {
                    if (failure != null) {
                        LOG.errorf(failure, "a panel or view event could not be applied to the directory; skipped");
                    }
                    return Uni.createFrom().completionStage(message.ack());
                });
    }

    private Uni<Void> apply(SqlConnection tx, EventEnvelope event) {
        return switch (event.type()) {
            case "view.created" -> view(tx, event, EventJson.read(event.data(), ViewCreated.class).view(), false);
            case "view.updated" -> view(tx, event, EventJson.read(event.data(), ViewUpdated.class).view(), false);
            case "view.deleted" -> {
                ViewDeleted deleted = EventJson.read(event.data(), ViewDeleted.class);
                yield directory.viewSeen(tx, new ViewEntry(deleted.viewId(), deleted.panelId(), event.tenantId(), "collaborative", null),
                        deleted.version(), true);
            }
            // Every panel.* event is keyed and subjected by its panel id.
            default -> event.key() == null ? Uni.createFrom().voidItem()
                    : directory.panelSeen(tx, UUID.fromString(event.key()), event.tenantId(), event.type().equals("panel.deleted"));
        };
    }

    private Uni<Void> view(SqlConnection tx, EventEnvelope event, ViewDefinition view, boolean deleted) {
        return directory.viewSeen(tx, new ViewEntry(view.viewId(), view.panelId(), event.tenantId(), view.visibility(), view.ownerId()),
                view.version(), deleted);
    }
}
