package io.panels.panel.domain;

import io.panels.common.ids.Ids;
import io.panels.common.problem.FieldError;
import io.panels.common.problem.ProblemException;
import io.panels.common.tenant.TenantAccess;
import io.panels.panel.config.PanelSettings;
import io.panels.panel.events.PanelEvents;
import io.panels.panel.store.PanelListCache;
import io.panels.panel.store.PanelStore;
import io.panels.panel.store.SchemaCache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * What may be done with panels and their columns, and how: the rules between a request and the
 * store. Writes run on the caller's transaction (so an idempotent reply commits with them) and
 * append their events to the outbox in it.
 */
@ApplicationScoped
public class Panels {

    private final PanelStore store;
    private final PanelEvents events;
    private final SchemaCache cache;
    private final PanelListCache lists;
    private final PanelSettings settings;
    private final FormulaColumns formulas;

    public Panels(PanelStore store, PanelEvents events, SchemaCache cache, PanelListCache lists, PanelSettings settings,
                  FormulaColumns formulas) {
        this.store = store;
        this.events = events;
        this.cache = cache;
        this.lists = lists;
        this.settings = settings;
        this.formulas = formulas;
    }

    // ---- reads

    /** A panel with its columns, from the cache when it holds it. */
    public Uni<PanelSchema> get(UUID tenantId, UUID panelId) {
        return cache.get(tenantId, panelId).chain(cached -> cached != null
                ? Uni.createFrom().item(cached)
                : store.inTenant(tenantId, tx -> store.schema(tx, tenantId, panelId, false))
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Panel", panelId))
                .call(cache::put));
    }

    public Uni<PanelPage> list(UUID tenantId, PanelListQuery query) {
        return store.readInTenant(tenantId, connection -> store.list(connection, tenantId, query)).map(rows -> {
            if (rows.size() <= query.limit()) {
                return new PanelPage(rows, null);
            }
            List<PanelListing> page = rows.subList(0, query.limit());
            return new PanelPage(List.copyOf(page),
                    PanelStore.cursorAfter(page.get(page.size() - 1), query.sort(), query.descending()));
        });
    }

    public Uni<PanelUsage> usage(UUID tenantId) {
        return store.inTenant(tenantId, tx -> store.plan(tx, tenantId)
                .chain(plan -> store.count(tx, tenantId)
                        .map(count -> new PanelUsage(count, maxPanels(plan), plan.plan(), plan.status()))));
    }

    /** After a write to a panel or its columns commits: its cached schema and its tenant's cached list pages go. */
    public Uni<Void> evict(UUID tenantId, UUID panelId) {
        return cache.evict(tenantId, panelId).chain(() -> lists.evict(tenantId));
    }

    /** After a panel was created: its tenant's cached list pages go. */
    public Uni<Void> evictList(UUID tenantId) {
        return lists.evict(tenantId);
    }

    // ---- panels

    public Uni<PanelSchema> create(SqlConnection tx, TenantAccess who, PanelDetails details, List<ColumnDraft> drafts) {
        UUID tenantId = who.tenantId();
        PanelDetails clean = details.normalized();
        if (drafts.size() > settings.maxColumnsPerPanel()) {
            throw ProblemException.invalid("columns", "at most " + settings.maxColumnsPerPanel() + " columns per panel");
        }
        OffsetDateTime now = now();
        List<Column> columns = new ArrayList<>();
        for (int i = 0; i < drafts.size(); i++) {
            columns.add(ColumnRules.define(drafts.get(i), "columns[" + i + "]", columns, null, i, now));
        }
        Set<UUID> fresh = new HashSet<>(columns.stream().map(Column::id).toList());
        List<Column> checked = formulas.check(columns, fresh, i -> "columns[" + i + "].settings.formula");
        Panel panel = new Panel(Ids.newId(), tenantId, clean.name(), clean.description(), clean.icon(), clean.colour(),
                PanelStatus.ACTIVE, 1, null, now, who.subject(), now, who.subject());
        PanelSchema schema = new PanelSchema(panel, checked);
        return reserveSlot(tx, tenantId)
                .chain(() -> store.insert(tx, panel))
                .chain(() -> store.insertColumns(tx, tenantId, panel.id(), checked))
                .chain(() -> events.created(tx, schema))
                .replaceWith(schema);
    }

    public Uni<PanelSchema> update(SqlConnection tx, TenantAccess who, UUID panelId, String ifMatch, PanelDetails details) {
        PanelDetails clean = details.normalized();
        return writable(tx, who.tenantId(), panelId).chain(schema -> {
            Preconditions.check(schema.panel(), ifMatch, true);
            requireActive(schema.panel());
            Panel changed = schema.panel().withMetadata(clean.name(), clean.description(), clean.icon(), clean.colour())
                    .touched(who.subject(), now());
            return store.update(tx, changed)
                    .chain(() -> events.updated(tx, changed))
                    .replaceWith(new PanelSchema(changed, schema.columns()));
        });
    }

    public Uni<PanelSchema> archive(SqlConnection tx, TenantAccess who, UUID panelId, String ifMatch) {
        return setStatus(tx, who, panelId, ifMatch, PanelStatus.ARCHIVED);
    }

    public Uni<PanelSchema> restore(SqlConnection tx, TenantAccess who, UUID panelId, String ifMatch) {
        return setStatus(tx, who, panelId, ifMatch, PanelStatus.ACTIVE);
    }

    private Uni<PanelSchema> setStatus(SqlConnection tx, TenantAccess who, UUID panelId, String ifMatch, PanelStatus status) {
        return writable(tx, who.tenantId(), panelId).chain(schema -> {
            Preconditions.check(schema.panel(), ifMatch, false);
            if (schema.panel().status() == status) {
                return Uni.createFrom().item(schema);
            }
            Panel changed = schema.panel().withStatus(status).touched(who.subject(), now());
            return store.update(tx, changed)
                    .chain(() -> status == PanelStatus.ARCHIVED ? events.archived(tx, changed) : events.restored(tx, changed))
                    .replaceWith(new PanelSchema(changed, schema.columns()));
        });
    }

    public Uni<Void> delete(SqlConnection tx, TenantAccess who, UUID panelId, String ifMatch) {
        return writable(tx, who.tenantId(), panelId).chain(schema -> {
            Preconditions.check(schema.panel(), ifMatch, false);
            return store.delete(tx, who.tenantId(), panelId)
                    .chain(() -> events.deleted(tx, schema.panel(), "deleted"));
        });
    }

    /** A new panel with the source's columns (same keys, new ids), never its rows; views follow through an event. */
    public Uni<PanelSchema> duplicate(SqlConnection tx, TenantAccess who, UUID panelId, String name, boolean withViews) {
        UUID tenantId = who.tenantId();
        return writable(tx, tenantId, panelId).chain(source -> {
            OffsetDateTime now = now();
            Panel from = source.panel();
            String copyName = name == null || name.isBlank() ? copyName(from.name()) : name.strip();
            Panel panel = new Panel(Ids.newId(), tenantId, copyName, from.description(), from.icon(), from.colour(),
                    PanelStatus.ACTIVE, 1, from.id(), now, who.subject(), now, who.subject());
            List<Column> columns = source.columns().stream()
                    .map(c -> new Column(Ids.newId(), c.key(), c.name(), c.type(), c.position(), c.required(), c.unique(),
                            c.defaultValue(), c.settings(), now, now))
                    .toList();
            PanelSchema copy = new PanelSchema(panel, columns);
            return reserveSlot(tx, tenantId)
                    .chain(() -> store.insert(tx, panel))
                    .chain(() -> store.insertColumns(tx, tenantId, panel.id(), columns))
                    .chain(() -> events.created(tx, copy))
                    .chain(() -> events.duplicated(tx, copy, source, withViews))
                    .replaceWith(copy);
        });
    }

    // ---- columns

    public Uni<ColumnChange> addColumn(SqlConnection tx, TenantAccess who, UUID panelId, String ifMatch, ColumnDraft draft,
                                       Integer position) {
        return writable(tx, who.tenantId(), panelId).chain(schema -> {
            Preconditions.check(schema.panel(), ifMatch, false);
            requireActive(schema.panel());
            if (schema.columns().size() >= settings.maxColumnsPerPanel()) {
                throw new ProblemException(409, "column-limit-reached", "Column limit reached",
                        "A panel has at most " + settings.maxColumnsPerPanel() + " columns.");
            }
            OffsetDateTime now = now();
            int at = position == null ? schema.columns().size() : Math.max(0, Math.min(position, schema.columns().size()));
            Column added = ColumnRules.define(draft, "", schema.columns(), null, at, now);
            List<Column> ordered = new ArrayList<>(schema.columns());
            ordered.add(at, added);
            List<Column> checked = formulas.check(renumber(ordered), Set.of(added.id()), i -> "settings.formula");
            Column column = checked.get(at);
            List<Column> moved = changedPositions(schema.columns(), checked);
            Panel panel = schema.panel().touched(who.subject(), now);
            PanelSchema after = new PanelSchema(panel, checked);
            return store.updateColumns(tx, who.tenantId(), moved)
                    .chain(() -> store.insertColumns(tx, who.tenantId(), panelId, List.of(column)))
                    .chain(() -> store.update(tx, panel))
                    .chain(() -> events.columnAdded(tx, after, column))
                    .replaceWith(new ColumnChange(after, column));
        });
    }

    /**
     * Replaces a column's definition. A change that loses values needs {@code confirmLoss}; one that
     * changes the type of what formula columns read from it needs {@code cascade}, and then they are
     * checked again and re-typed (a formula it would break refuses the change).
     */
    public Uni<ColumnChange> updateColumn(SqlConnection tx, TenantAccess who, UUID panelId, UUID columnId, String ifMatch,
                                          ColumnDraft draft, boolean confirmLoss, boolean cascade) {
        return writable(tx, who.tenantId(), panelId).chain(schema -> {
            Preconditions.check(schema.panel(), ifMatch, true);
            requireActive(schema.panel());
            Column previous = schema.column(columnId).orElseThrow(() -> ProblemException.notFound("Column", columnId));
            OffsetDateTime now = now();
            List<Column> others = schema.columns().stream().filter(c -> !c.id().equals(columnId)).toList();
            Column replaced = ColumnRules.define(draft, "", others, previous, previous.position(), now);
            List<Column> proposed = schema.columns().stream().map(c -> c.id().equals(columnId) ? replaced : c).toList();
            if (replaced.type() != previous.type()) {
                refuseUncascaded(schema.columns(), previous, cascade);
            }
            List<Column> checked = formulas.check(proposed, Set.of(columnId), i -> "settings.formula");
            Column column = checked.get(previous.position());
            if (FormulaColumns.changesValueType(previous, column)) {
                refuseUncascaded(schema.columns(), previous, cascade);
            }
            ColumnConversion conversion = ColumnConversions.between(previous, column).orElse(null);
            if (conversion != null && conversion.lossy() && !confirmLoss) {
                throw lossUnconfirmed(conversion);
            }
            List<Column> retyped = new ArrayList<>();
            for (int i = 0; i < checked.size(); i++) {
                Column before = schema.columns().get(i);
                if (!before.id().equals(columnId) && !before.settings().equals(checked.get(i).settings())) {
                    retyped.add(checked.get(i).withSettings(checked.get(i).settings(), now));
                }
            }
            Panel panel = schema.panel().touched(who.subject(), now);
            PanelSchema after = new PanelSchema(panel, checked);
            List<Column> written = new ArrayList<>(retyped);
            written.add(0, column);
            Uni<Void> chain = store.updateColumns(tx, who.tenantId(), written)
                    .chain(() -> store.update(tx, panel))
                    .chain(() -> events.columnUpdated(tx, panel, column, previous, conversion, confirmLoss));
            for (Column dependant : retyped) {
                Column before = schema.column(dependant.id()).orElseThrow();
                chain = chain.chain(() -> events.columnUpdated(tx, panel, dependant, before, null, false));
            }
            return chain.replaceWith(new ColumnChange(after, column));
        });
    }

    private static void refuseUncascaded(List<Column> columns, Column changed, boolean cascade) {
        List<Column> dependants = FormulaColumns.dependantsOf(columns, Set.of(changed.key()));
        if (!dependants.isEmpty() && !cascade) {
            throw dependants("changes the type of what", changed, dependants);
        }
    }

    /** Deletes a column; formula columns that read it are refused, or deleted too with {@code cascade}. */
    public Uni<PanelSchema> deleteColumn(SqlConnection tx, TenantAccess who, UUID panelId, UUID columnId, String ifMatch,
                                         boolean cascade) {
        return writable(tx, who.tenantId(), panelId).chain(schema -> {
            Preconditions.check(schema.panel(), ifMatch, false);
            requireActive(schema.panel());
            Column column = schema.column(columnId).orElseThrow(() -> ProblemException.notFound("Column", columnId));
            List<Column> dependants = FormulaColumns.dependantsOf(schema.columns(), Set.of(column.key()));
            if (!dependants.isEmpty() && !cascade) {
                throw dependants("is read by", column, dependants);
            }
            Set<UUID> gone = new HashSet<>();
            gone.add(columnId);
            dependants.forEach(d -> gone.add(d.id()));
            List<Column> remaining = renumber(schema.columns().stream().filter(c -> !gone.contains(c.id())).toList());
            List<Column> moved = changedPositions(schema.columns(), remaining);
            Panel panel = schema.panel().touched(who.subject(), now());
            PanelSchema after = new PanelSchema(panel, remaining);
            List<Column> deleted = new ArrayList<>(dependants);
            deleted.add(column);
            Uni<Void> chain = store.deleteColumns(tx, who.tenantId(), List.copyOf(gone))
                    .chain(() -> store.updateColumns(tx, who.tenantId(), moved))
                    .chain(() -> store.update(tx, panel));
            for (Column each : deleted) {
                chain = chain.chain(() -> events.columnDeleted(tx, after, each));
            }
            return chain.replaceWith(after);
        });
    }

    /** Puts the columns in the given order, which must name every column once. */
    public Uni<PanelSchema> reorder(SqlConnection tx, TenantAccess who, UUID panelId, String ifMatch, List<UUID> order) {
        return writable(tx, who.tenantId(), panelId).chain(schema -> {
            Preconditions.check(schema.panel(), ifMatch, true);
            requireActive(schema.panel());
            Set<UUID> named = new HashSet<>(order);
            Set<UUID> existing = new HashSet<>(schema.columns().stream().map(Column::id).toList());
            if (named.size() != order.size() || !named.equals(existing)) {
                throw ProblemException.invalid("columnIds", "must name every column of the panel exactly once");
            }
            List<Column> ordered = new ArrayList<>();
            for (UUID id : order) {
                ordered.add(schema.column(id).orElseThrow());
            }
            List<Column> renumbered = renumber(ordered);
            List<Column> moved = changedPositions(schema.columns(), renumbered);
            Panel panel = schema.panel().touched(who.subject(), now());
            PanelSchema after = new PanelSchema(panel, renumbered);
            return store.updateColumns(tx, who.tenantId(), moved)
                    .chain(() -> store.update(tx, panel))
                    .chain(() -> events.columnsReordered(tx, after))
                    .replaceWith(after);
        });
    }

    // ---- rules shared by the writes

    /** The panel locked for this transaction, once we know its tenant may change things. */
    private Uni<PanelSchema> writable(SqlConnection tx, UUID tenantId, UUID panelId) {
        return store.plan(tx, tenantId)
                .invoke(Panels::requireTenantActive)
                .chain(() -> store.schema(tx, tenantId, panelId, true))
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Panel", panelId));
    }

    /** Takes one of the tenant's panel slots, or refuses when its plan's limit is reached. */
    private Uni<Void> reserveSlot(SqlConnection tx, UUID tenantId) {
        return store.lockPanelCreation(tx, tenantId)
                .chain(() -> store.plan(tx, tenantId))
                .invoke(Panels::requireTenantActive)
                .chain(plan -> store.count(tx, tenantId).invoke(count -> {
                    int max = maxPanels(plan);
                    if (count >= max) {
                        throw new ProblemException(409, "panel-limit-reached", "Panel limit reached",
                                "Your plan allows " + max + " panels and you have " + count + ".");
                    }
                }))
                .replaceWithVoid();
    }

    private int maxPanels(TenantPlan plan) {
        return plan.maxPanels() != null ? plan.maxPanels() : settings.defaultMaxPanels();
    }

    private static void requireTenantActive(TenantPlan plan) {
        if (!TenantPlan.ACTIVE.equals(plan.status())) {
            throw ProblemException.forbidden("tenant-" + plan.status(), "Tenant " + plan.status(),
                    "Your organisation is " + plan.status() + ": its panels cannot be changed.");
        }
    }

    private static void requireActive(Panel panel) {
        if (panel.status() == PanelStatus.ARCHIVED) {
            throw new ProblemException(409, "panel-archived", "Panel archived",
                    "Panel " + panel.id() + " is archived: restore it before changing it.");
        }
    }

    private static ProblemException lossUnconfirmed(ColumnConversion conversion) {
        return new ProblemException(409, "lossy-change-unconfirmed", "Change would lose values",
                conversion.description() + " Send confirmLoss: true to make the change.",
                List.of(new FieldError("confirmLoss", "rule " + conversion.rule() + " from " + conversion.from().wireName()
                        + " to " + conversion.to().wireName() + " is lossy")));
    }

    private static ProblemException dependants(String how, Column column, List<Column> dependants) {
        List<FieldError> errors = dependants.stream()
                .map(d -> new FieldError("dependants", d.name() + " (" + d.key() + ", " + d.id() + ")"))
                .toList();
        return new ProblemException(409, "column-has-dependants", "Formula columns depend on this column",
                "This " + how + " formula columns read from " + column.name() + ": "
                        + String.join(", ", dependants.stream().map(Column::name).toList())
                        + ". Send cascade=true to apply it to them too.", errors);
    }

    private static List<Column> renumber(List<Column> columns) {
        List<Column> result = new ArrayList<>(columns.size());
        for (int i = 0; i < columns.size(); i++) {
            result.add(columns.get(i).position() == i ? columns.get(i) : columns.get(i).withPosition(i));
        }
        return result;
    }

    /** The columns of {@code after} that existed before at another position. */
    private static List<Column> changedPositions(List<Column> before, List<Column> after) {
        List<Column> moved = new ArrayList<>();
        for (Column column : after) {
            before.stream().filter(b -> b.id().equals(column.id()) && b.position() != column.position())
                    .findFirst().ifPresent(b -> moved.add(column));
        }
        return moved;
    }

    private static String copyName(String name) {
        String suffix = " (copy)";
        return (name.length() + suffix.length() <= ColumnRules.MAX_NAME ? name : name.substring(0, ColumnRules.MAX_NAME - suffix.length()))
                + suffix;
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }
}
