package io.panels.data.events;

import io.panels.common.inbox.IncomingEvents;
import io.panels.common.inbox.ProcessedEvents;
import io.panels.common.tenant.TenantScope;
import io.panels.data.config.DataSettings;
import io.panels.data.domain.PanelColumn;
import io.panels.data.domain.PanelSchema;
import io.panels.data.domain.SchemaChange;
import io.panels.data.domain.StorageTypes;
import io.panels.data.store.IndexStore;
import io.panels.data.store.PanelRegistry;
import io.panels.data.store.Statements;
import io.panels.events.EventCatalog;
import io.panels.events.EventEnvelope;
import io.panels.events.EventJson;
import io.panels.events.MalformedEventException;
import io.panels.events.panel.ColumnAdded;
import io.panels.events.panel.ColumnConversion;
import io.panels.events.panel.ColumnDeleted;
import io.panels.events.panel.ColumnUpdated;
import io.panels.events.panel.ColumnsReordered;
import io.panels.events.panel.PanelArchived;
import io.panels.events.panel.PanelCreated;
import io.panels.events.panel.PanelDeleted;
import io.panels.events.panel.PanelRestored;
import io.panels.events.panel.PanelUpdated;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Builds and alters one PostgreSQL table per panel from panel-service's panel.* and column.*
 * events. Each event is applied once (processed_event, in the same transaction as the DDL and the
 * registry), in order per panel (record key = panel id, one message at a time), and an event whose
 * schema version is not newer than the one applied is a replay that changes nothing.
 */
@ApplicationScoped
public class PanelSchemaConsumer {

    static final String CONSUMER = "data-service.panel-tables";
    private static final Logger LOG = Logger.getLogger(PanelSchemaConsumer.class);

    private final ProcessedEvents processed;
    private final PanelRegistry registry;
    private final ZoneId defaultZone;

    private final IndexStore indexes;

    public PanelSchemaConsumer(ProcessedEvents processed, PanelRegistry registry, IndexStore indexes, DataSettings settings) {
        this.indexes = indexes;
        this.processed = processed;
        this.registry = registry;
        this.defaultZone = ZoneId.of(settings.defaultTimeZone());
    }

    /** Transient failures are retried with backoff; what still fails (or cannot be read) goes to panels.panels.dlq. */
    @Incoming("panels-panels")
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public Uni<Void> onPanelEvent(Message<byte[]> message) {
        return Uni.createFrom().item(() -> IncomingEvents.envelope(message))
                .chain(event -> event.type().startsWith("panel.") || event.type().startsWith("column.")
                        ? processed.once(CONSUMER, event, tx -> TenantScope.bind(tx, event.tenantId()).chain(() -> apply(tx, event)))
                        .onFailure(failure -> !(failure instanceof MalformedEventException))
                        .retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(5)
                        .replaceWithVoid()
                        : Uni.createFrom().voidItem())
                .onItemOrFailure().transformToUni((done, failure) -> {
                    if (failure == null) {
                        return Uni.createFrom().completionStage(message.ack());
                    }
                    LOG.errorf(failure, "A panel event could not be applied; it goes to the dead-letter topic");
                    return Uni.createFrom().completionStage(message.nack(failure));
                });
    }

    Uni<Void> apply(SqlConnection tx, EventEnvelope event) {
        return switch (event.type()) {
            case "panel.created" -> created(tx, event, EventJson.read(event, EventCatalog.PANEL_CREATED));
            case "panel.updated" -> {
                PanelUpdated updated = EventJson.read(event, EventCatalog.PANEL_UPDATED);
                yield change(tx, updated.panelId(), updated.version(), panel -> status(tx, panel, panel.status(), updated.version()));
            }
            case "panel.archived" -> {
                PanelArchived archived = EventJson.read(event, EventCatalog.PANEL_ARCHIVED);
                yield change(tx, archived.panelId(), archived.version(),
                        panel -> status(tx, panel, PanelSchema.Status.ARCHIVED, archived.version()));
            }
            case "panel.restored" -> {
                PanelRestored restored = EventJson.read(event, EventCatalog.PANEL_RESTORED);
                yield change(tx, restored.panelId(), restored.version(),
                        panel -> status(tx, panel, PanelSchema.Status.ACTIVE, restored.version()));
            }
            case "panel.deleted" -> deleted(tx, event, EventJson.read(event, EventCatalog.PANEL_DELETED));
            case "column.added" -> {
                ColumnAdded added = EventJson.read(event, EventCatalog.COLUMN_ADDED);
                yield change(tx, added.panelId(), added.version(), panel -> {
                    List<PanelColumn> columns = new ArrayList<>(panel.columns().stream()
                            .filter(c -> !c.key().equals(added.column().key())).toList());
                    columns.add(PanelColumn.of(added.column()));
                    return alter(tx, panel, ordered(columns, added.columnOrder()), Map.of(), added.version());
                });
            }
            case "column.updated" -> {
                ColumnUpdated updated = EventJson.read(event, EventCatalog.COLUMN_UPDATED);
                yield change(tx, updated.panelId(), updated.version(), panel -> {
                    List<PanelColumn> columns = panel.columns().stream()
                            .map(c -> c.key().equals(updated.column().key()) ? PanelColumn.of(updated.column()) : c)
                            .toList();
                    Map<String, ColumnConversion> conversions = new HashMap<>();
                    if (updated.conversion() != null) {
                        conversions.put(updated.column().key(), updated.conversion());
                    }
                    return alter(tx, panel, columns, conversions, updated.version());
                });
            }
            case "column.deleted" -> {
                ColumnDeleted deleted = EventJson.read(event, EventCatalog.COLUMN_DELETED);
                yield change(tx, deleted.panelId(), deleted.version(), panel -> alter(tx, panel,
                        ordered(panel.columns().stream().filter(c -> !c.key().equals(deleted.column().key())).toList(),
                                deleted.columnOrder()), Map.of(), deleted.version()));
            }
            case "column.reordered" -> {
                ColumnsReordered reordered = EventJson.read(event, EventCatalog.COLUMN_REORDERED);
                yield change(tx, reordered.panelId(), reordered.version(), panel -> alter(tx, panel,
                        reordered.columns().stream().map(PanelColumn::of).toList(), Map.of(), reordered.version()));
            }
            default -> {
                LOG.debugf("ignoring %s", event.type());
                yield Uni.createFrom().voidItem();
            }
        };
    }

    private Uni<Void> created(SqlConnection tx, EventEnvelope event, PanelCreated created) {
        return registry.find(tx, created.panelId(), true).chain(known -> {
            if (known.isPresent()) {
                return change(known.get(), created.version(), panel -> alter(tx, panel,
                        created.columns().stream().map(PanelColumn::of).toList(), Map.of(), created.version()));
            }
            PanelSchema empty = new PanelSchema(created.panelId(), event.tenantId(), StorageTypes.tableName(created.panelId()),
                    created.version(), PanelSchema.Status.ACTIVE, defaultZone, List.of());
            SchemaChange change = SchemaChange.plan(empty, created.columns().stream().map(PanelColumn::of).toList(), Map.of());
            return Statements.runAll(tx, SchemaChange.createTable(empty))
                    .chain(() -> Statements.runAll(tx, change.statements()))
                    .chain(() -> registry.insert(tx, empty.withColumns(change.columns(), created.version())));
        });
    }

    private Uni<Void> deleted(SqlConnection tx, EventEnvelope event, PanelDeleted deleted) {
        return registry.find(tx, deleted.panelId(), true).chain(known -> {
            PanelSchema panel = known.orElseGet(() -> new PanelSchema(deleted.panelId(), event.tenantId(),
                    StorageTypes.tableName(deleted.panelId()), deleted.version(), PanelSchema.Status.DELETED, defaultZone, List.of()));
            PanelSchema tombstone = panel.withColumns(List.of(), Math.max(panel.version(), deleted.version()))
                    .withStatus(PanelSchema.Status.DELETED, Math.max(panel.version(), deleted.version()));
            // The registry keeps a tombstone, so that a late copy of an older event cannot bring the table back.
            return Statements.runAll(tx, SchemaChange.dropTable(panel))
                    .chain(() -> indexes.forgetPanel(tx, panel.panelId()))
                    .chain(() -> known.isPresent() ? registry.update(tx, tombstone) : registry.insert(tx, tombstone));
        });
    }

    /** Applies {@code work} when the panel is known, alive and older than the event; otherwise the event is a replay. */
    private Uni<Void> change(SqlConnection tx, UUID panelId, long version, java.util.function.Function<PanelSchema, Uni<Void>> work) {
        return registry.find(tx, panelId, true).chain(known -> {
            if (known.isEmpty()) {
                LOG.warnf("panel %s is unknown here: its panel.created never arrived; event ignored", panelId);
                return Uni.createFrom().voidItem();
            }
            return change(known.get(), version, work);
        });
    }

    private Uni<Void> change(PanelSchema panel, long version, java.util.function.Function<PanelSchema, Uni<Void>> work) {
        if (panel.status() == PanelSchema.Status.DELETED || version <= panel.version()) {
            LOG.debugf("panel %s is at version %d; event version %d changes nothing", panel.panelId(), panel.version(), version);
            return Uni.createFrom().voidItem();
        }
        return work.apply(panel);
    }

    private Uni<Void> status(SqlConnection tx, PanelSchema panel, PanelSchema.Status status, long version) {
        return registry.update(tx, panel.withStatus(status, version));
    }

    private Uni<Void> alter(SqlConnection tx, PanelSchema panel, List<PanelColumn> columns,
                            Map<String, ColumnConversion> conversions, long version) {
        SchemaChange change = SchemaChange.plan(panel, columns, conversions);
        return Statements.runAll(tx, change.statements())
                // An index asked for or made from usage goes with its column (deleted, or rebuilt by a type change).
                .chain(() -> indexes.forgetMissing(tx, panel.panelId()))
                .chain(() -> registry.update(tx, panel.withColumns(change.columns(), version)));
    }

    /** Positions follow the event's column order; columns it does not name keep theirs, after it. */
    private static List<PanelColumn> ordered(List<PanelColumn> columns, List<String> order) {
        if (order == null) {
            return columns;
        }
        List<PanelColumn> result = new ArrayList<>();
        for (PanelColumn column : columns) {
            int index = order.indexOf(column.key());
            result.add(column.withPosition(index >= 0 ? index : order.size() + column.position()));
        }
        return result;
    }

}
