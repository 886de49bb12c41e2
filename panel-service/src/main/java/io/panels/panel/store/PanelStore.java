package io.panels.panel.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.panels.common.tenant.TenantScope;
import io.panels.panel.domain.Column;
import io.panels.panel.domain.ColumnSettings;
import io.panels.panel.domain.ColumnType;
import io.panels.panel.domain.Panel;
import io.panels.panel.domain.PanelCursor;
import io.panels.panel.domain.PanelListQuery;
import io.panels.panel.domain.PanelListing;
import io.panels.panel.domain.PanelSchema;
import io.panels.panel.domain.PanelSort;
import io.panels.panel.domain.PanelStatus;
import io.panels.panel.domain.TenantPlan;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Function;

/**
 * The only place that reads and writes panels, columns and tenant plans. Every method runs on a
 * connection inside a transaction opened by {@link #inTenant}, which binds the tenant for
 * row-level security; queries also name the tenant, so RLS is the second wall, not the first.
 * JSON is bound as text and cast ({@code $1::text::jsonb}): bound straight to a jsonb parameter, the
 * client would store a Java string as a JSON string.
 */
@ApplicationScoped
public class PanelStore {

    private static final String PANEL_COLUMNS = "id, tenant_id, name, description, icon, colour, status, version, "
            + "duplicated_from, created_at, created_by, updated_at, updated_by";
    /** How many columns {@link #PANEL_COLUMNS} names: a page of the list adds name_key and column_count (kept by triggers, V2) after them. */
    private static final int PANEL_COLUMN_COUNT = PANEL_COLUMNS.split(",").length;
    private static final String COLUMN_COLUMNS = "id, key, name, type, position, required, unique_values, "
            + "default_value::text as default_value, settings::text as settings, created_at, updated_at";

    private final Pool pool;
    private final ObjectMapper json;

    public PanelStore(Pool pool, ObjectMapper json) {
        this.pool = pool;
        this.json = json;
    }

    /** Runs {@code work} in one transaction that sees only {@code tenantId}'s rows. */
    public <T> Uni<T> inTenant(UUID tenantId, Function<SqlConnection, Uni<T>> work) {
        return pool.withTransaction(connection -> TenantScope.bind(connection, tenantId).chain(() -> work.apply(connection)));
    }

    /** Runs one read statement in a read-only transaction that sees only {@code tenantId}'s rows, in one round trip. */
    public <T> Uni<T> readInTenant(UUID tenantId, Function<SqlConnection, Uni<T>> statement) {
        return TenantScope.readOnly(pool, tenantId, statement);
    }

    // ---- panels

    public Uni<Panel> find(SqlConnection connection, UUID tenantId, UUID panelId, boolean forUpdate) {
        return connection.preparedQuery("select " + PANEL_COLUMNS + " from panel where tenant_id = $1 and id = $2"
                        + (forUpdate ? " for update" : ""))
                .execute(Tuple.of(tenantId, panelId))
                .map(rows -> rows.size() == 0 ? null : panel(rows.iterator().next()));
    }

    public Uni<PanelSchema> schema(SqlConnection connection, UUID tenantId, UUID panelId, boolean forUpdate) {
        return find(connection, tenantId, panelId, forUpdate).chain(panel -> panel == null
                ? Uni.createFrom().nullItem()
                : columns(connection, tenantId, panelId).map(columns -> new PanelSchema(panel, columns)));
    }

    public Uni<Void> insert(SqlConnection connection, Panel panel) {
        return connection.preparedQuery("insert into panel (" + PANEL_COLUMNS + ") values "
                        + "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)")
                .execute(Tuple.from(new Object[]{panel.id(), panel.tenantId(), panel.name(), panel.description(),
                        panel.icon(), panel.colour(), panel.status().wireName(), panel.version(), panel.duplicatedFrom(),
                        panel.createdAt(), panel.createdBy(), panel.updatedAt(), panel.updatedBy()}))
                .replaceWithVoid();
    }

    /** Writes the panel's fields; callers hold its row lock (found {@code forUpdate}) and checked its version. */
    public Uni<Void> update(SqlConnection connection, Panel panel) {
        return connection.preparedQuery("update panel set name = $3, description = $4, icon = $5, colour = $6, status = $7, "
                        + "version = $8, updated_at = $9, updated_by = $10 where tenant_id = $1 and id = $2")
                .execute(Tuple.from(new Object[]{panel.tenantId(), panel.id(), panel.name(), panel.description(),
                        panel.icon(), panel.colour(), panel.status().wireName(), panel.version(), panel.updatedAt(),
                        panel.updatedBy()}))
                .replaceWithVoid();
    }

    public Uni<Void> delete(SqlConnection connection, UUID tenantId, UUID panelId) {
        return connection.preparedQuery("delete from panel where tenant_id = $1 and id = $2")
                .execute(Tuple.of(tenantId, panelId)).replaceWithVoid();
    }

    public Uni<Long> count(SqlConnection connection, UUID tenantId) {
        return connection.preparedQuery("select count(*) from panel where tenant_id = $1")
                .execute(Tuple.of(tenantId)).map(rows -> rows.iterator().next().getLong(0));
    }

    public Uni<List<Panel>> all(SqlConnection connection, UUID tenantId) {
        return connection.preparedQuery("select " + PANEL_COLUMNS + " from panel where tenant_id = $1 order by id")
                .execute(Tuple.of(tenantId)).map(rows -> map(rows, this::panel));
    }

    /** Serialises panel creation per tenant, so concurrent creates cannot overshoot the plan's limit. */
    public Uni<Void> lockPanelCreation(SqlConnection connection, UUID tenantId) {
        return connection.preparedQuery("select pg_advisory_xact_lock(hashtextextended($1, 0))")
                .execute(Tuple.of("panel-service.create:" + tenantId)).replaceWithVoid();
    }

    /** One page (one more row than asked for, so the caller knows whether there is a next page). */
    public Uni<List<PanelListing>> list(SqlConnection connection, UUID tenantId, PanelListQuery query) {
        List<Object> params = new ArrayList<>();
        params.add(tenantId);
        StringBuilder sql = new StringBuilder("select ").append(PANEL_COLUMNS)
                .append(", lower(name) as name_key, column_count")
                .append(" from panel p where tenant_id = $1");
        if (query.statuses() != null) {
            params.add(query.statuses().wireName());
            sql.append(" and status = $").append(params.size());
        }
        if (query.search() != null && !query.search().isBlank()) {
            params.add("%" + query.search().strip().toLowerCase(Locale.ROOT)
                    .replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
            sql.append(" and lower(name) like $").append(params.size());
        }
        String sortValue = switch (query.sort()) {
            case NAME -> "lower(name)";
            case CREATED -> "created_at";
            case UPDATED -> "updated_at";
        };
        String direction = query.descending() ? "desc" : "asc";
        if (query.after() != null) {
            params.add(query.sort() == PanelSort.NAME ? query.after().value() : OffsetDateTime.parse(query.after().value()));
            params.add(query.after().id());
            sql.append(" and (").append(sortValue).append(", id) ").append(query.descending() ? "<" : ">")
                    .append(" ($").append(params.size() - 1).append(", $").append(params.size()).append(")");
        }
        params.add(query.limit() + 1);
        sql.append(" order by ").append(sortValue).append(' ').append(direction).append(", id ").append(direction)
                .append(" limit $").append(params.size());
        return connection.preparedQuery(sql.toString()).execute(Tuple.from(params))
                .map(rows -> map(rows, row -> new PanelListing(panel(row), row.getInteger(PANEL_COLUMN_COUNT + 1),
                        row.getString(PANEL_COLUMN_COUNT))));
    }

    /** Where a page ending with {@code last} ends, in the values {@link #list} compares against. */
    public static PanelCursor cursorAfter(PanelListing last, PanelSort sort, boolean descending) {
        String value = switch (sort) {
            case NAME -> last.nameKey();
            case CREATED -> last.panel().createdAt().toString();
            case UPDATED -> last.panel().updatedAt().toString();
        };
        return new PanelCursor(sort, descending, value, last.panel().id());
    }

    // ---- columns

    public Uni<List<Column>> columns(SqlConnection connection, UUID tenantId, UUID panelId) {
        return connection.preparedQuery("select " + COLUMN_COLUMNS + " from panel_column where tenant_id = $1 and panel_id = $2 "
                        + "order by position, id")
                .execute(Tuple.of(tenantId, panelId)).map(rows -> map(rows, this::column));
    }

    public Uni<Void> insertColumns(SqlConnection connection, UUID tenantId, UUID panelId, List<Column> columns) {
        if (columns.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> batch = columns.stream().map(column -> Tuple.from(new Object[]{column.id(), tenantId, panelId,
                column.key(), column.name(), column.type().wireName(), column.position(), column.required(), column.unique(),
                text(column.defaultValue()), text(column.settings()), column.createdAt(), column.updatedAt()})).toList();
        return connection.preparedQuery("insert into panel_column (id, tenant_id, panel_id, key, name, type, position, required, "
                        + "unique_values, default_value, settings, created_at, updated_at) values "
                        + "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::text::jsonb, $11::text::jsonb, $12, $13)")
                .executeBatch(batch).replaceWithVoid();
    }

    public Uni<Void> updateColumns(SqlConnection connection, UUID tenantId, List<Column> columns) {
        if (columns.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> batch = columns.stream().map(column -> Tuple.from(new Object[]{tenantId, column.id(), column.name(),
                column.type().wireName(), column.position(), column.required(), column.unique(), text(column.defaultValue()),
                text(column.settings()), column.updatedAt()})).toList();
        return connection.preparedQuery("update panel_column set name = $3, type = $4, position = $5, required = $6, "
                        + "unique_values = $7, default_value = $8::text::jsonb, settings = $9::text::jsonb, updated_at = $10 "
                        + "where tenant_id = $1 and id = $2")
                .executeBatch(batch).replaceWithVoid();
    }

    public Uni<Void> deleteColumns(SqlConnection connection, UUID tenantId, List<UUID> columnIds) {
        if (columnIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return connection.preparedQuery("delete from panel_column where tenant_id = $1 and id = any($2)")
                .execute(Tuple.of(tenantId, columnIds.toArray(UUID[]::new))).replaceWithVoid();
    }

    // ---- tenant plans

    public Uni<TenantPlan> plan(SqlConnection connection, UUID tenantId) {
        return connection.preparedQuery("select plan, max_panels, status from tenant_plan where tenant_id = $1")
                .execute(Tuple.of(tenantId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return TenantPlan.unknown(tenantId);
                    }
                    Row row = rows.iterator().next();
                    return new TenantPlan(tenantId, row.getString("plan"), row.getInteger("max_panels"), row.getString("status"));
                });
    }

    /** Records a tenant's plan and limit; {@code status} null keeps the current one. */
    public Uni<Void> savePlan(SqlConnection connection, UUID tenantId, String plan, Integer maxPanels, String status) {
        return connection.preparedQuery("insert into tenant_plan (tenant_id, plan, max_panels, status, updated_at) "
                        + "values ($1, $2, $3, coalesce($4, 'active'), now()) on conflict (tenant_id) do update set "
                        + "plan = excluded.plan, max_panels = excluded.max_panels, "
                        + "status = coalesce($4, tenant_plan.status), updated_at = now()")
                .execute(Tuple.of(tenantId, plan, maxPanels, status)).replaceWithVoid();
    }

    public Uni<Void> saveStatus(SqlConnection connection, UUID tenantId, String status) {
        return connection.preparedQuery("insert into tenant_plan (tenant_id, status, updated_at) values ($1, $2, now()) "
                        + "on conflict (tenant_id) do update set status = excluded.status, updated_at = now()")
                .execute(Tuple.of(tenantId, status)).replaceWithVoid();
    }

    // ---- mapping

    /**
     * A panel from a row that starts with {@link #PANEL_COLUMNS}, in that order. Read by position: a
     * look-up by name scans the row's column names, and a page of panels did it 13 times a row.
     */
    private Panel panel(Row row) {
        return new Panel(row.getUUID(0), row.getUUID(1), row.getString(2), row.getString(3), row.getString(4), row.getString(5),
                PanelStatus.valueOf(row.getString(6).toUpperCase(Locale.ROOT)), row.getLong(7), row.getUUID(8),
                row.getOffsetDateTime(9), row.getString(10), row.getOffsetDateTime(11), row.getString(12));
    }

    private Column column(Row row) {
        try {
            String defaultValue = row.getString("default_value");
            return new Column(row.getUUID("id"), row.getString("key"), row.getString("name"),
                    ColumnType.fromWire(row.getString("type")).orElseThrow(), row.getInteger("position"),
                    row.getBoolean("required"), row.getBoolean("unique_values"),
                    defaultValue == null ? null : json.readTree(defaultValue),
                    json.readValue(row.getString("settings"), ColumnSettings.class),
                    row.getOffsetDateTime("created_at"), row.getOffsetDateTime("updated_at"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored column " + row.getUUID("id") + " is not readable", e);
        }
    }

    private String text(Object value) {
        if (value == null || value instanceof JsonNode node && node.isNull()) {
            return null;
        }
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    private static <T> List<T> map(RowSet<Row> rows, Function<Row, T> mapper) {
        List<T> result = new ArrayList<>(rows.size());
        for (Row row : rows) {
            result.add(mapper.apply(row));
        }
        return result;
    }
}
