package io.panels.view.domain;

import io.panels.common.ids.Ids;
import io.panels.events.EventCatalog;
import io.panels.events.EventEnvelope;
import io.panels.events.EventJson;
import io.panels.events.panel.ColumnAdded;
import io.panels.events.panel.ColumnDeleted;
import io.panels.events.panel.ColumnUpdated;
import io.panels.events.panel.ColumnsReordered;
import io.panels.events.panel.PanelCreated;
import io.panels.events.panel.PanelDeleted;
import io.panels.query.model.QueryJson;
import io.panels.view.events.ViewEvents;
import io.panels.view.store.PanelStore;
import io.panels.view.store.ViewStore;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Applies panel-service's panel.* and column.* events: keeps the copy of each panel's columns,
 * makes a new panel's default grid view, repairs every view of a panel whose column was added,
 * deleted or changed ({@link ViewRepair}), and deletes a deleted panel's views. Each view change
 * publishes its view.* event. An event whose version is not above the panel's is a replay.
 */
@ApplicationScoped
public class PanelChanges {

    static final String DEFAULT_VIEW_NAME = "Grid view";
    private static final Logger LOG = Logger.getLogger(PanelChanges.class);

    private final PanelStore panels;
    private final ViewStore views;
    private final ViewEvents events;

    public PanelChanges(PanelStore panels, ViewStore views, ViewEvents events) {
        this.panels = panels;
        this.views = views;
        this.events = events;
    }

    public Uni<Void> apply(SqlClient tx, EventEnvelope event) {
        return switch (event.type()) {
            case "panel.created" -> created(tx, event.tenantId(), EventJson.read(event, EventCatalog.PANEL_CREATED));
            case "panel.deleted" -> deleted(tx, EventJson.read(event, EventCatalog.PANEL_DELETED));
            case "column.added" -> {
                ColumnAdded added = EventJson.read(event, EventCatalog.COLUMN_ADDED);
                yield change(tx, added.panelId(), added.version(), panel -> {
                    List<PanelColumn> columns = new ArrayList<>(panel.columns().stream()
                            .filter(c -> !c.key().equals(added.column().key())).toList());
                    columns.add(PanelColumn.of(added.column()));
                    return repairViews(tx, panel.withColumns(ordered(columns, added.columnOrder()), added.version()),
                            added.column().key());
                });
            }
            case "column.updated" -> {
                ColumnUpdated updated = EventJson.read(event, EventCatalog.COLUMN_UPDATED);
                yield change(tx, updated.panelId(), updated.version(), panel -> repairViews(tx, panel.withColumns(
                        panel.columns().stream().map(c -> c.key().equals(updated.column().key())
                                ? PanelColumn.of(updated.column()).withPosition(c.position()) : c).toList(),
                        updated.version()), updated.column().key()));
            }
            case "column.deleted" -> {
                ColumnDeleted deleted = EventJson.read(event, EventCatalog.COLUMN_DELETED);
                yield change(tx, deleted.panelId(), deleted.version(), panel -> repairViews(tx, panel.withColumns(
                        ordered(panel.columns().stream().filter(c -> !c.key().equals(deleted.column().key())).toList(),
                                deleted.columnOrder()), deleted.version()), deleted.column().key()));
            }
            case "column.reordered" -> {
                ColumnsReordered reordered = EventJson.read(event, EventCatalog.COLUMN_REORDERED);
                // Views keep their own column order; only the copy of the panel changes.
                yield change(tx, reordered.panelId(), reordered.version(), panel -> panels.update(tx,
                        panel.withColumns(reordered.columns().stream().map(PanelColumn::of).toList(), reordered.version())));
            }
            default -> Uni.createFrom().voidItem();
        };
    }

    private Uni<Void> created(SqlClient tx, UUID tenantId, PanelCreated created) {
        return panels.find(tx, created.panelId()).chain(known -> {
            if (known.isPresent()) {
                LOG.debugf("panel %s is known already; panel.created is a replay", created.panelId());
                return Uni.createFrom().voidItem();
            }
            Panel panel = new Panel(created.panelId(), tenantId, created.version(), false,
                    created.columns().stream().map(PanelColumn::of).toList());
            View view = new View(Ids.newId(), tenantId, panel.panelId(), DEFAULT_VIEW_NAME, View.ViewType.grid,
                    View.Visibility.collaborative, created.createdBy(), false, 0, ViewRules.allVisible(panel),
                    QueryJson.mapper().createObjectNode(),
                    QueryJson.mapper().createObjectNode(), 1, Views.now(), Views.now());
            return panels.insert(tx, panel)
                    .chain(() -> views.insert(tx, view))
                    .chain(() -> events.created(tx, view, created.createdBy()));
        });
    }

    private Uni<Void> deleted(SqlClient tx, PanelDeleted deleted) {
        return panels.find(tx, deleted.panelId()).chain(known -> {
            if (known.isEmpty() || known.get().deleted()) {
                return Uni.createFrom().voidItem();
            }
            Panel panel = known.get();
            // The panel stays as a tombstone, so that a late copy of an older event cannot bring it back.
            return views.ofPanel(tx, panel.panelId(), true)
                    .chain(all -> sequentially(all, view -> views.delete(tx, view.id())
                            .chain(() -> events.deleted(tx, view, ViewEvents.SYSTEM_ACTOR))))
                    .chain(() -> panels.update(tx, new Panel(panel.panelId(), panel.tenantId(),
                            Math.max(panel.version(), deleted.version()), true, List.of())));
        });
    }

    private Uni<Void> repairViews(SqlClient tx, Panel panel, String changedKey) {
        return panels.update(tx, panel)
                .chain(() -> views.ofPanel(tx, panel.panelId(), true))
                .chain(all -> sequentially(all, view -> ViewRepair.afterColumnChange(view, panel, changedKey)
                        .map(repaired -> {
                            View changed = new View(view.id(), view.tenantId(), view.panelId(), view.name(), view.type(),
                                    view.visibility(), view.ownerId(), view.locked(), view.position(), repaired.columns(),
                                    repaired.query(), repaired.settings(), view.version() + 1, view.createdAt(), Views.now());
                            // Locked or not: a view must never name a column that is gone.
                            return views.update(tx, changed, view.version())
                                    .chain(() -> events.updated(tx, changed, ViewEvents.SYSTEM_ACTOR));
                        })
                        .orElseGet(() -> Uni.createFrom().voidItem())));
    }

    /** Applies {@code work} when the panel is known, alive and older than the event; otherwise the event is a replay. */
    private Uni<Void> change(SqlClient tx, UUID panelId, long version, Function<Panel, Uni<Void>> work) {
        return panels.find(tx, panelId).chain(known -> {
            if (known.isEmpty()) {
                LOG.warnf("panel %s is unknown here: its panel.created never arrived; event ignored", panelId);
                return Uni.createFrom().voidItem();
            }
            Panel panel = known.get();
            if (panel.deleted() || version <= panel.version()) {
                return Uni.createFrom().voidItem();
            }
            return work.apply(panel);
        });
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

    private static <T> Uni<Void> sequentially(List<T> items, Function<T, Uni<Void>> work) {
        Uni<Void> sequence = Uni.createFrom().voidItem();
        for (T item : items) {
            sequence = sequence.chain(() -> work.apply(item));
        }
        return sequence;
    }
}
