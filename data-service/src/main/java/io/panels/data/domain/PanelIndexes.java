package io.panels.data.domain;

import io.panels.common.ids.Ids;
import io.panels.common.problem.ProblemException;
import io.panels.common.tenant.TenantScope;
import io.panels.data.config.DataSettings;
import io.panels.data.store.IndexStore;
import io.panels.data.store.PanelRegistry;
import io.panels.formula.sql.SqlExpression;
import io.panels.query.validate.CheckedFilter;
import io.panels.query.validate.CheckedQuery;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import io.vertx.pgclient.PgException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.jboss.logging.Logger;

/**
 * Indexes beyond the automatic rule (the primary field and unique columns, ADR 0041), ADR 0018: on
 * request by an admin, or from usage — each query counts the columns it filters (other than
 * case-insensitive text) or sorts on; counts are
 * summed per window in the database (so every replica's count) and a column used at least
 * {@code usage-threshold} times in a window, on a panel of at least {@code usage-min-rows} rows,
 * without an index that already starts with it, gets one. Indexes are built with CREATE INDEX
 * CONCURRENTLY in the background, so writes never wait for them.
 */
@ApplicationScoped
public class PanelIndexes {

    private static final Logger LOG = Logger.getLogger(PanelIndexes.class);
    /** Builds of one index, the first included, before a deadlock with other DDL of its table fails it. */
    private static final int BUILD_ATTEMPTS = 4;

    private final IndexStore store;
    private final PanelRegistry registry;
    private final Pool pool;
    private final Vertx vertx;
    private final DataSettings settings;
    /** Uses counted since the last flush: (tenant, panel, column key) to count. */
    private final Map<Use, LongAdder> uses = new ConcurrentHashMap<>();

    private record Use(UUID tenantId, UUID panelId, String column) {
    }

    public PanelIndexes(IndexStore store, PanelRegistry registry, Pool pool, Vertx vertx, DataSettings settings) {
        this.store = store;
        this.registry = registry;
        this.pool = pool;
        this.vertx = vertx;
        this.settings = settings;
    }

    void start(@Observes StartupEvent event) {
        vertx.setPeriodic(settings.indexes().flushInterval().toMillis(), id -> flush().subscribe().with(done -> {
        }, failure -> LOG.warn("Could not count column usage; counting again later", failure)));
    }

    public Uni<List<PanelIndex>> list(SqlClient tx, UUID panelId) {
        return store.list(tx, panelId);
    }

    /** Asks for an index of {@code columnKey}; 400 for a column an index cannot help, 409 when it has one. */
    public Uni<PanelIndex> request(SqlClient tx, UUID tenantId, String user, PanelSchema panel, String columnKey) {
        PanelColumn column = panel.column(columnKey)
                .orElseThrow(() -> ProblemException.invalid("column", "is not a column of this panel"));
        if (!indexable(column)) {
            throw ProblemException.invalid("column", "an index helps number, date, date-time, single select and text columns"
                    + " (and formulas stored with such results); this column cannot have one");
        }
        PanelIndex index = entry(panel, column, PanelIndex.REQUEST, user);
        // The automatic rule's index (primary field, unique column) serves already.
        return store.leadingIndexExists(tx, panel, column.sqlName())
                .chain(exists -> exists ? Uni.createFrom().item(false) : store.insert(tx, tenantId, index))
                .map(inserted -> {
                    if (!inserted) {
                        throw new ProblemException(409, "index-exists", "Index exists", "Column " + columnKey + " has an index already.");
                    }
                    return index;
                });
    }

    /**
     * Starts building an index entry's index, after its transaction committed. A build that loses a
     * deadlock to other DDL of the table (a column change) leaves an invalid index: it is dropped and
     * the build tried again, up to {@link #BUILD_ATTEMPTS} times.
     */
    public void build(UUID tenantId, PanelSchema panel, PanelIndex index) {
        PanelColumn column = panel.column(index.column()).orElseThrow();
        String c = quote(column.sqlName());
        List<String> statements = new ArrayList<>();
        statements.add("CREATE INDEX CONCURRENTLY IF NOT EXISTS " + quote(index.indexName()) + " ON " + panel.qualifiedTable()
                + " (" + c + ", id)");
        if (ranged(column)) {
            statements.add("CREATE INDEX CONCURRENTLY IF NOT EXISTS " + quote(descending(index.indexName())) + " ON "
                    + panel.qualifiedTable() + " (" + c + " DESC NULLS LAST, id)");
        }
        store.ddl(panel.panelId().toString(), settings.indexes().buildPatience(), ddl -> run(ddl, statements)
                        .onFailure().call(failure -> drop(ddl, index).onFailure().recoverWithNull()))
                .onFailure(PanelIndexes::deadlock).retry().withBackOff(Duration.ofMillis(200)).atMost(BUILD_ATTEMPTS - 1)
                .chain(() -> store.finished(tenantId, index.id(), null))
                .onFailure().call(failure -> store.finished(tenantId, index.id(), "The index could not be built: " + failure.getMessage()))
                .subscribe().with(done -> LOG.infof("index %s of panel %s ready", index.indexName(), panel.panelId()),
                        failure -> LOG.warnf(failure, "index %s of panel %s failed", index.indexName(), panel.panelId()));
    }

    private static boolean deadlock(Throwable failure) {
        return failure instanceof PgException pg && "40P01".equals(pg.getSqlState());
    }

    private static Uni<Void> run(IndexStore.Ddl ddl, List<String> statements) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (String statement : statements) {
            chain = chain.chain(() -> ddl.run(statement));
        }
        return chain;
    }

    /** Removes an index entry (404 when there is none) and then its index. */
    public Uni<PanelIndex> delete(SqlClient tx, UUID panelId, UUID id) {
        return store.find(tx, panelId, id)
                .map(found -> found.orElseThrow(() -> ProblemException.notFound("Index", id)))
                .call(index -> store.delete(tx, id));
    }

    /** Drops an entry's index (and its descending twin), after the entry's removal committed. */
    public Uni<Void> dropIndexes(PanelIndex index) {
        return store.ddl(index.panelId().toString(), settings.indexes().buildPatience(), ddl -> drop(ddl, index));
    }

    private static Uni<Void> drop(IndexStore.Ddl ddl, PanelIndex index) {
        return ddl.run("DROP INDEX CONCURRENTLY IF EXISTS " + quote(PanelSchema.SCHEMA) + "." + quote(index.indexName()))
                .chain(() -> ddl.run("DROP INDEX CONCURRENTLY IF EXISTS " + quote(PanelSchema.SCHEMA) + "."
                        + quote(descending(index.indexName()))));
    }

    /** Counts the columns a query filters (except case-insensitive text tests) or sorts on. Never blocks. */
    public void record(UUID tenantId, PanelSchema panel, CheckedQuery query) {
        List<String> columns = new ArrayList<>();
        filtered(query.filter(), panel, columns);
        query.sorts().forEach(sort -> columns.add(sort.column().key()));
        for (String key : columns.stream().distinct().toList()) {
            panel.column(key).filter(PanelIndexes::indexable).ifPresent(column ->
                    uses.computeIfAbsent(new Use(tenantId, panel.panelId(), key), u -> new LongAdder()).increment());
        }
    }

    private static void filtered(CheckedFilter filter, PanelSchema panel, List<String> columns) {
        switch (filter) {
            case CheckedFilter.Group group -> group.members().forEach(member -> filtered(member, panel, columns));
            case CheckedFilter.Test test -> panel.column(test.column().key())
                    // Text tests ignore case (lower(), ILIKE): a plain index cannot serve them.
                    .filter(column -> !"text".equals(StorageTypes.sqlType(ValueConversions.valueType(column))))
                    .ifPresent(column -> columns.add(column.key()));
        }
    }

    /** Writes the counted uses and makes the indexes they call for. */
    public Uni<Void> flush() {
        if (uses.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Map.Entry<Use, Long>> counted = new ArrayList<>();
        for (Use use : List.copyOf(uses.keySet())) {
            LongAdder adder = uses.remove(use);
            if (adder != null) {
                counted.add(Map.entry(use, adder.sum()));
            }
        }
        long window = settings.indexes().usageWindow().toMillis();
        OffsetDateTime start = OffsetDateTime.ofInstant(Instant.ofEpochMilli(System.currentTimeMillis() / window * window),
                ZoneOffset.UTC);
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Map.Entry<Use, Long> entry : counted) {
            Use use = entry.getKey();
            chain = chain.chain(() -> pool.withTransaction(tx -> TenantScope.bind(tx, use.tenantId())
                            .chain(() -> store.forgetUsesBefore(tx, use.panelId(), start))
                            .chain(() -> store.addUses(tx, use.tenantId(), use.panelId(), use.column(), start, entry.getValue()))
                            .chain(total -> total >= settings.indexes().usageThreshold()
                                    ? fromUsage(tx, use) : Uni.createFrom().item(Optional.<Made>empty())))
                    .invoke(made -> made.ifPresent(m -> build(use.tenantId(), m.panel(), m.index())))
                    .replaceWithVoid());
        }
        return chain;
    }

    private record Made(PanelSchema panel, PanelIndex index) {
    }

    private Uni<Optional<Made>> fromUsage(SqlClient tx, Use use) {
        return registry.find(tx, use.panelId()).chain(found -> {
            Optional<PanelColumn> column = found.filter(p -> p.status() != PanelSchema.Status.DELETED)
                    .flatMap(p -> p.column(use.column())).filter(PanelIndexes::indexable);
            if (column.isEmpty()) {
                return Uni.createFrom().item(Optional.empty());
            }
            PanelSchema panel = found.get();
            return store.estimatedRows(tx, panel).chain(rows -> rows < settings.indexes().usageMinRows()
                    ? Uni.createFrom().item(Optional.<Made>empty())
                    : store.leadingIndexExists(tx, panel, column.get().sqlName()).chain(exists -> {
                        if (exists) {
                            return Uni.createFrom().item(Optional.<Made>empty());
                        }
                        PanelIndex index = entry(panel, column.get(), PanelIndex.USAGE, "data-service");
                        return store.insert(tx, panel.tenantId(), index)
                                .map(inserted -> inserted ? Optional.of(new Made(panel, index)) : Optional.<Made>empty());
                    }));
        });
    }

    /**
     * Number, date, date-time, single select and text columns with a column of their own (stored
     * formulas with such results too): what a (column, id) btree serves.
     */
    static boolean indexable(PanelColumn column) {
        if (column.sqlName() == null || StorageTypes.systemColumn(column.type()) != null) {
            return false;
        }
        String type = column.isFormula() ? StorageTypes.formulaResultType(column.settings().resultType()).sqlType()
                : StorageTypes.sqlType(column.type());
        return "numeric".equals(type) || "date".equals(type) || "timestamptz".equals(type) || "text".equals(type)
                && column.type() != io.panels.query.schema.ColumnType.LONG_TEXT;
    }

    private static boolean ranged(PanelColumn column) {
        String type = column.isFormula() ? StorageTypes.formulaResultType(column.settings().resultType()).sqlType()
                : StorageTypes.sqlType(column.type());
        return "numeric".equals(type) || "date".equals(type) || "timestamptz".equals(type);
    }

    private static PanelIndex entry(PanelSchema panel, PanelColumn column, String origin, String user) {
        return new PanelIndex(Ids.newId(), panel.panelId(), column.key(), PanelIndex.SORT, origin, PanelIndex.BUILDING,
                StorageTypes.indexName(panel.tableName(), column.columnId(), "xs"), null, Instant.now(), user, null);
    }

    private static String descending(String indexName) {
        return indexName.substring(0, indexName.length() - 2) + "xd";
    }

    private static String quote(String identifier) {
        return SqlExpression.identifier(identifier);
    }
}
