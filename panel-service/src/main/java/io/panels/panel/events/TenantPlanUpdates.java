package io.panels.panel.events;

import io.panels.common.inbox.ProcessedEvents;
import io.panels.common.tenant.TenantScope;
import io.panels.events.EventCatalog;
import io.panels.events.EventEnvelope;
import io.panels.events.EventJson;
import io.panels.events.MalformedEventException;
import io.panels.events.tenant.TenantCreated;
import io.panels.events.tenant.TenantUpdated;
import io.panels.panel.domain.Panel;
import io.panels.panel.domain.TenantPlan;
import io.panels.panel.store.PanelStore;
import io.panels.panel.store.SchemaCache;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.jboss.logging.Logger;

/** Applies one tenant.* event to the tenant's plan and panels, exactly once, retrying transient failures. */
@ApplicationScoped
public class TenantPlanUpdates {

    static final String CONSUMER = "panel-service.tenant-plans";
    private static final Logger LOG = Logger.getLogger(TenantPlanUpdates.class);

    private final ProcessedEvents processed;
    private final PanelStore store;
    private final PanelEvents events;
    private final SchemaCache cache;

    public TenantPlanUpdates(ProcessedEvents processed, PanelStore store, PanelEvents events, SchemaCache cache) {
        this.processed = processed;
        this.store = store;
        this.events = events;
        this.cache = cache;
    }

    @Retry(maxRetries = 5, delay = 200, abortOn = MalformedEventException.class)
    @ExponentialBackoff(maxDelay = 5, maxDelayUnit = ChronoUnit.SECONDS)
    public Uni<Void> apply(EventEnvelope event) {
        return processed.once(CONSUMER, event, tx -> TenantScope.bind(tx, event.tenantId()).chain(() -> apply(tx, event)))
                .replaceWithVoid();
    }

    private Uni<Void> apply(SqlConnection tx, EventEnvelope event) {
        return switch (event.type()) {
            case "tenant.created" -> {
                TenantCreated created = EventJson.read(event, EventCatalog.TENANT_CREATED);
                yield store.savePlan(tx, event.tenantId(), created.plan(), created.limits().maxPanels(), null);
            }
            case "tenant.updated" -> {
                TenantUpdated updated = EventJson.read(event, EventCatalog.TENANT_UPDATED);
                yield store.savePlan(tx, event.tenantId(), updated.plan(), updated.limits().maxPanels(), null);
            }
            case "tenant.suspended" -> store.saveStatus(tx, event.tenantId(), TenantPlan.SUSPENDED);
            case "tenant.reactivated" -> store.saveStatus(tx, event.tenantId(), TenantPlan.ACTIVE);
            case "tenant.deleted" -> store.saveStatus(tx, event.tenantId(), TenantPlan.DELETED)
                    .chain(() -> store.all(tx, event.tenantId()))
                    .chain(panels -> deleteAll(tx, panels));
            default -> {
                LOG.debugf("ignoring %s", event.type());
                yield Uni.createFrom().voidItem();
            }
        };
    }

    private Uni<Void> deleteAll(SqlConnection tx, List<Panel> panels) {
        return Multi.createFrom().iterable(panels)
                .onItem().transformToUniAndConcatenate(panel -> store.delete(tx, panel.tenantId(), panel.id())
                        .chain(() -> events.deleted(tx, panel, "tenant_deleted"))
                        .chain(() -> cache.evict(panel.tenantId(), panel.id())))
                .collect().last().replaceWithVoid();
    }
}
