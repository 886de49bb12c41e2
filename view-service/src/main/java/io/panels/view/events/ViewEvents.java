package io.panels.view.events;

import io.panels.common.outbox.Outbox;
import io.panels.common.outbox.OutgoingEvent;
import io.panels.events.EventCatalog;
import io.panels.events.view.ViewCreated;
import io.panels.events.view.ViewDeleted;
import io.panels.events.view.ViewUpdated;
import io.panels.view.domain.View;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * view.* events through the outbox, in the transaction of the change: keyed by panel id (one
 * panel's view changes stay in order), the view id as subject.
 */
@ApplicationScoped
public class ViewEvents {

    /** The actor of changes no user made (a column deleted in panel-service, a panel deleted). */
    public static final String SYSTEM_ACTOR = "view-service";

    private final Outbox outbox;

    public ViewEvents(Outbox outbox) {
        this.outbox = outbox;
    }

    public Uni<Void> created(SqlClient tx, View view, String by) {
        return outbox.append(tx, new OutgoingEvent<>(EventCatalog.VIEW_CREATED, view.tenantId(), view.panelId().toString(),
                view.id().toString(), new ViewCreated(view.definition(), view.updatedAt(), by))).replaceWithVoid();
    }

    public Uni<Void> updated(SqlClient tx, View view, String by) {
        return outbox.append(tx, new OutgoingEvent<>(EventCatalog.VIEW_UPDATED, view.tenantId(), view.panelId().toString(),
                view.id().toString(), new ViewUpdated(view.definition(), view.updatedAt(), by))).replaceWithVoid();
    }

    public Uni<Void> deleted(SqlClient tx, View view, String by) {
        return outbox.append(tx, new OutgoingEvent<>(EventCatalog.VIEW_DELETED, view.tenantId(), view.panelId().toString(),
                view.id().toString(), new ViewDeleted(view.id(), view.panelId(), view.version(), Instant.now(), by))).replaceWithVoid();
    }
}
