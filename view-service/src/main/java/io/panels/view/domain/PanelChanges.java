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
import io.panels.events.panel.PanelDuplicated;
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
import java.util.concurrent.atomic.AtomicInteger;
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
            case "panel.duplicated" -> duplicated(tx, EventJson.read(event, EventCatalog.PANEL_DUPLICATED));
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
            View view = defaultView(panel, created.createdBy());
            return panels.insert(tx, panel)
                    .chain(() -> views.insert(tx, view))
                    .chain(() -> events.created(tx, view, created.createdBy()));
        });
    }

    private static View defaultView(Panel panel, String owner) {
        return new View(Ids.newId(), panel.tenantId(), panel.panelId(), DEFAULT_VIEW_NAME, View.ViewType.grid,
                View.Visibility.collaborative, owner, false, 0, ViewRules.allVisible(panel),
                QueryJson.mapper().createObjectNode(), QueryJson.mapper().createObjectNode(), 1, Views.now(), Views.now());
    }

    /**
     * With withViews, the copy of a panel gets the source's collaborative views (personal views stay
     * their owners' own, on the source), each once (copied_from), with new ids, and columns, query
     * and settings as they are: keys are the same in both panels. They replace the default grid
     * view that the copy's panel.created made, while that is untouched. Without withViews, or when
     * the source has no collaborative view, the copy keeps its default view.
     */
    private Uni<Void> duplicated(SqlClient tx, PanelDuplicated duplicated) {
        if (!duplicated.withViews()) {
            return Uni.createFrom().voidItem();
        }
        return panels.find(tx, duplicated.panelId()).chain(known -> {
            if (known.isEmpty() || known.get().deleted()) {
                LOG.warnf("panel %s is unknown or deleted here; its panel.duplicated is ignored", duplicated.panelId());
                return Uni.createFrom().voidItem();
            }
            Panel copy = known.get();
            return views.ofPanel(tx, duplicated.sourcePanelId(), false)
                    .map(all -> all.stream().filter(v -> !v.isPersonal() && v.tenantId().equals(copy.tenantId())).toList())
                    .chain(toCopy -> toCopy.isEmpty() ? Uni.createFrom().voidItem() : views.ofPanel(tx, copy.panelId(), true)
                            .chain(existing -> {
                                // Copies made now replace the default view; a replay makes none and deletes nothing
                                // (the views there then are the first run's copies).
                                AtomicInteger made = new AtomicInteger();
                                return sequentially(toCopy, source -> {
                                    View view = new View(Ids.newId(), copy.tenantId(), copy.panelId(), source.name(),
                                            source.type(), View.Visibility.collaborative, source.ownerId(), source.locked(),
                                            source.position(), columnsFor(copy, source.columns()), source.query(),
                                            source.settings(), 1, Views.now(), Views.now());
                                    return views.insertCopy(tx, view, source.id()).chain(inserted -> {
                                        if (!inserted) {
                                            return Uni.createFrom().voidItem();
                                        }
                                        made.incrementAndGet();
                                        return events.created(tx, view, ViewEvents.SYSTEM_ACTOR);
                                    });
                                }).chain(() -> made.get() == 0 ? Uni.createFrom().voidItem()
                                        : sequentially(existing.stream().filter(PanelChanges::untouchedDefault).toList(),
                                                view -> views.delete(tx, view.id())
                                                        .chain(() -> events.deleted(tx, view, ViewEvents.SYSTEM_ACTOR))));
                            }));
        });
    }

    /** The default grid view as panel.created made it, never changed since. */
    private static boolean untouchedDefault(View view) {
        return view.version() == 1 && view.position() == 0 && view.type() == View.ViewType.grid && !view.isPersonal()
                && !view.locked() && DEFAULT_VIEW_NAME.equals(view.name()) && view.query().isEmpty() && view.settings().isEmpty();
    }

    /** The source view's column entries that the copy has, in their order, then the copy's other columns hidden. */
    private static List<io.panels.events.view.ViewColumn> columnsFor(Panel copy, List<io.panels.events.view.ViewColumn> source) {
        List<io.panels.events.view.ViewColumn> result = new ArrayList<>(source.stream()
                .filter(c -> copy.column(c.key()).isPresent()).toList());
        for (PanelColumn column : copy.columns()) {
            if (result.stream().noneMatch(c -> c.key().equals(column.key()))) {
                result.add(new io.panels.events.view.ViewColumn(column.key(), false, null));
            }
        }
        return result;
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
