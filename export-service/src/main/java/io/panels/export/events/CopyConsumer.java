package io.panels.export.events;

import io.panels.common.inbox.IncomingEvents;
import io.panels.common.inbox.ProcessedEvents;
import io.panels.common.tenant.TenantScope;
import io.panels.events.EventCatalog;
import io.panels.events.EventEnvelope;
import io.panels.events.EventJson;
import io.panels.events.MalformedEventException;
import io.panels.events.panel.ColumnAdded;
import io.panels.events.panel.ColumnDefinition;
import io.panels.events.panel.ColumnDeleted;
import io.panels.events.panel.ColumnUpdated;
import io.panels.events.panel.ColumnsReordered;
import io.panels.events.panel.PanelArchived;
import io.panels.events.panel.PanelCreated;
import io.panels.events.panel.PanelDeleted;
import io.panels.events.panel.PanelRestored;
import io.panels.events.panel.PanelUpdated;
import io.panels.events.view.ViewDefinition;
import io.panels.events.view.ViewDeleted;
import io.panels.export.domain.PanelCopy;
import io.panels.export.domain.ViewCopy;
import io.panels.export.store.CopyStore;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Keeps export-service's copies of panels (panels.panels) and views (panels.views), so a request
 * is checked and planned without calling another service (docs/adr/0023). Each event is applied
 * once (processed_event) and only when it is newer than the copy (version), in order per panel
 * (the record key of both topics).
 */
@ApplicationScoped
public class CopyConsumer {

    private static final Logger LOG = Logger.getLogger(CopyConsumer.class);

    private final ProcessedEvents processed;
    private final CopyStore copies;

    public CopyConsumer(ProcessedEvents processed, CopyStore copies) {
        this.processed = processed;
        this.copies = copies;
    }

    @Incoming("panels-panels")
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public Uni<Void> onPanelEvent(Message<byte[]> message) {
        return consume(message, "export-service.panel-copies", this::applyPanelEvent);
    }

    @Incoming("panels-views")
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public Uni<Void> onViewEvent(Message<byte[]> message) {
        return consume(message, "export-service.view-copies", this::applyViewEvent);
    }

    /** Transient failures are retried with backoff; what still fails (or cannot be read) goes to the topic's .dlq. */
    private Uni<Void> consume(Message<byte[]> message, String consumer, Function<EventEnvelope, Function<SqlConnection, Uni<Void>>> apply) {
        return Uni.createFrom().item(() -> IncomingEvents.envelope(message))
                .chain(event -> {
                    Function<SqlConnection, Uni<Void>> work = apply.apply(event);
                    return work == null ? Uni.createFrom().voidItem()
                            : processed.once(consumer, event, tx -> TenantScope.bind(tx, event.tenantId()).chain(() -> work.apply(tx)))
                            .onFailure(failure -> !(failure instanceof MalformedEventException))
                            .retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(5)
                            .replaceWithVoid();
                })
                .onItemOrFailure().transformToUni((done, failure) -> {
                    if (failure == null) {
                        return Uni.createFrom().completionStage(message.ack());
                    }
                    LOG.errorf(failure, "An event could not be applied to export-service's copies; it goes to the dead-letter topic");
                    return Uni.createFrom().completionStage(message.nack(failure));
                });
    }

    /** The change an event makes, or null for an event type this copy does not keep. */
    private Function<SqlConnection, Uni<Void>> applyPanelEvent(EventEnvelope event) {
        UUID tenant = event.tenantId();
        return switch (event.type()) {
            case "panel.created" -> {
                PanelCreated created = EventJson.read(event, EventCatalog.PANEL_CREATED);
                yield tx -> copies.savePanel(tx, new PanelCopy(created.panelId(), tenant, created.name(), created.version(),
                        "active", ordered(created.columns())));
            }
            case "panel.updated" -> {
                PanelUpdated updated = EventJson.read(event, EventCatalog.PANEL_UPDATED);
                yield change(updated.panelId(), updated.version(), panel -> withName(panel, updated.name()));
            }
            case "panel.archived" -> {
                PanelArchived archived = EventJson.read(event, EventCatalog.PANEL_ARCHIVED);
                yield change(archived.panelId(), archived.version(), panel -> withStatus(panel, "archived"));
            }
            case "panel.restored" -> {
                PanelRestored restored = EventJson.read(event, EventCatalog.PANEL_RESTORED);
                yield change(restored.panelId(), restored.version(), panel -> withStatus(panel, "active"));
            }
            case "panel.deleted" -> {
                PanelDeleted deleted = EventJson.read(event, EventCatalog.PANEL_DELETED);
                yield change(deleted.panelId(), deleted.version(), panel -> withStatus(panel, "deleted"));
            }
            case "column.added" -> {
                ColumnAdded added = EventJson.read(event, EventCatalog.COLUMN_ADDED);
                yield change(added.panelId(), added.version(), panel -> {
                    List<ColumnDefinition> columns = new ArrayList<>(panel.columns().stream()
                            .filter(c -> !c.key().equals(added.column().key())).toList());
                    columns.add(added.column());
                    return withColumns(panel, inOrder(columns, added.columnOrder()));
                });
            }
            case "column.updated" -> {
                ColumnUpdated updated = EventJson.read(event, EventCatalog.COLUMN_UPDATED);
                yield change(updated.panelId(), updated.version(), panel -> withColumns(panel, panel.columns().stream()
                        .map(c -> c.key().equals(updated.column().key()) ? updated.column() : c).toList()));
            }
            case "column.deleted" -> {
                ColumnDeleted deleted = EventJson.read(event, EventCatalog.COLUMN_DELETED);
                yield change(deleted.panelId(), deleted.version(), panel -> withColumns(panel, inOrder(panel.columns().stream()
                        .filter(c -> !c.key().equals(deleted.column().key())).toList(), deleted.columnOrder())));
            }
            case "column.reordered" -> {
                ColumnsReordered reordered = EventJson.read(event, EventCatalog.COLUMN_REORDERED);
                yield change(reordered.panelId(), reordered.version(), panel -> withColumns(panel, reordered.columns()));
            }
            default -> null;
        };
    }

    private Function<SqlConnection, Uni<Void>> applyViewEvent(EventEnvelope event) {
        UUID tenant = event.tenantId();
        return switch (event.type()) {
            case "view.created" -> saveView(tenant, EventJson.read(event, EventCatalog.VIEW_CREATED).view());
            case "view.updated" -> saveView(tenant, EventJson.read(event, EventCatalog.VIEW_UPDATED).view());
            case "view.deleted" -> {
                ViewDeleted deleted = EventJson.read(event, EventCatalog.VIEW_DELETED);
                yield tx -> copies.view(tx, deleted.viewId()).chain(found -> found.isEmpty() ? Uni.createFrom().voidItem()
                        : copies.saveView(tx, new ViewCopy(deleted.viewId(), tenant, deleted.panelId(), found.get().name(),
                        found.get().visibility(), found.get().ownerId(), found.get().columns(), found.get().query(),
                        Math.max(deleted.version(), found.get().version()), true)));
            }
            default -> null;
        };
    }

    private Function<SqlConnection, Uni<Void>> saveView(UUID tenant, ViewDefinition view) {
        return tx -> copies.saveView(tx, new ViewCopy(view.viewId(), tenant, view.panelId(), view.name(), view.visibility(),
                view.ownerId(), view.columns() == null ? List.of() : view.columns(), view.query(), view.version(), false));
    }

    /** Applies {@code change} to the copy when the event is newer; an event for an unknown panel is skipped. */
    private Function<SqlConnection, Uni<Void>> change(UUID panelId, long version, Function<PanelCopy, PanelCopy> change) {
        return tx -> copies.panel(tx, panelId).chain(found -> found.isEmpty() || found.get().version() >= version
                ? Uni.createFrom().voidItem()
                : copies.savePanel(tx, withVersion(change.apply(found.get()), version)));
    }

    private static List<ColumnDefinition> ordered(List<ColumnDefinition> columns) {
        return columns.stream().sorted(Comparator.comparingInt(ColumnDefinition::position)).toList();
    }

    private static List<ColumnDefinition> inOrder(List<ColumnDefinition> columns, List<String> order) {
        if (order == null) {
            return ordered(columns);
        }
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < order.size(); i++) {
            position.put(order.get(i), i);
        }
        return columns.stream().sorted(Comparator.comparingInt(c -> position.getOrDefault(c.key(), Integer.MAX_VALUE))).toList();
    }

    private static PanelCopy withName(PanelCopy p, String name) {
        return new PanelCopy(p.panelId(), p.tenantId(), name, p.version(), p.status(), p.columns());
    }

    private static PanelCopy withStatus(PanelCopy p, String status) {
        return new PanelCopy(p.panelId(), p.tenantId(), p.name(), p.version(), status, p.columns());
    }

    private static PanelCopy withColumns(PanelCopy p, List<ColumnDefinition> columns) {
        return new PanelCopy(p.panelId(), p.tenantId(), p.name(), p.version(), p.status(), columns);
    }

    private static PanelCopy withVersion(PanelCopy p, long version) {
        return new PanelCopy(p.panelId(), p.tenantId(), p.name(), version, p.status(), p.columns());
    }
}
