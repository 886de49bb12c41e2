package io.panels.data.domain;

import com.fasterxml.jackson.databind.JsonNode;
import io.panels.common.problem.FieldError;
import io.panels.common.problem.ProblemException;
import io.panels.data.config.DataSettings;
import io.panels.data.store.JsonValues;
import io.panels.data.store.RowStore;
import io.panels.data.store.Statements;
import io.panels.query.InvalidQueryException;
import io.panels.query.cursor.Cursor;
import io.panels.query.cursor.CursorCodec;
import io.panels.query.cursor.InvalidCursorException;
import io.panels.query.model.Query;
import io.panels.query.schema.ColumnSchema;
import io.panels.query.schema.FormulaModel;
import io.panels.query.schema.TableSchema;
import io.panels.query.sql.AggregateSql;
import io.panels.query.sql.CountSql;
import io.panels.query.sql.QueryCompiler;
import io.panels.query.sql.QueryContext;
import io.panels.query.sql.RowsSql;
import io.panels.query.sql.SortExpression;
import io.panels.query.validate.CheckedQuery;
import io.panels.query.validate.QueryValidator;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a query of platform/query on a panel's table: a keyset page of rows, a count (estimated
 * unless asked, exact when the estimate is small), and group headers with summaries. The columns a
 * query may use are the panel's (formulas computed, or read from their stored column) and the
 * system fields {@code _created_at}, {@code _created_by}, {@code _updated_at}, {@code _updated_by},
 * {@code _version}.
 */
@ApplicationScoped
public class RowQueries {

    /** Below this many estimated rows an exact count is cheap enough to give instead. */
    static final long EXACT_BELOW = 10_000;
    private static final List<String> SYSTEM_KEYS = List.of(PanelSchema.SYSTEM_CREATED_AT, PanelSchema.SYSTEM_CREATED_BY,
            PanelSchema.SYSTEM_UPDATED_AT, PanelSchema.SYSTEM_UPDATED_BY, PanelSchema.SYSTEM_VERSION);

    public enum CountMode { ESTIMATED, EXACT, NONE }

    public record Request(Query query, List<String> columns, int limit, String cursor, CountMode count) {
    }

    public record Count(long value, boolean exact) {
    }

    public record Group(int level, List<JsonNode> values, long count, List<JsonNode> summaries) {
    }

    public record Result(List<RowData> rows, String nextCursor, Count count, List<Group> groups, List<JsonNode> summaries) {
    }

    private final CursorCodec cursors;
    private final int maxPage;

    private final PanelIndexes indexes;

    public RowQueries(DataSettings settings, PanelIndexes indexes) {
        this.indexes = indexes;
        this.cursors = new CursorCodec(settings.cursorSecret().getBytes(StandardCharsets.UTF_8));
        this.maxPage = QueryCompiler.MAX_PAGE_SIZE;
    }

    public Uni<Result> run(SqlClient tx, PanelSchema panel, Request request) {
        if (request.limit() < 1 || request.limit() > maxPage) {
            throw ProblemException.invalid("limit", "must be 1 to " + maxPage);
        }
        TableSchema schema = querySchema(panel);
        CheckedQuery checked;
        try {
            checked = QueryValidator.check(request.query(), schema);
        } catch (InvalidQueryException e) {
            throw invalid(e);
        }
        List<String> columns = columns(panel, schema, request.columns());
        indexes.record(panel.tenantId(), panel, checked);
        QueryCompiler compiler = new QueryCompiler(checked, new QueryContext(panel.zone(), Instant.now()));
        Cursor after;
        try {
            after = request.cursor() == null || request.cursor().isBlank() ? null : cursors.decode(request.cursor(), compiler.orderSignature());
        } catch (InvalidCursorException e) {
            throw ProblemException.invalid("cursor", e.getMessage());
        }
        List<String> selected = new ArrayList<>(columns);
        selected.addAll(SYSTEM_KEYS);
        RowsSql page = compiler.rows(selected, after, request.limit() + 1);
        return Statements.run(tx, page.statement()).chain(rows -> {
            List<RowData> found = new ArrayList<>();
            List<Object> lastKeys = null;
            int n = 0;
            for (Row row : rows) {
                if (n++ == request.limit()) {
                    break;
                }
                Map<String, JsonNode> values = new LinkedHashMap<>();
                for (String key : columns) {
                    values.put(key, JsonValues.of(row.getValue(key)));
                }
                found.add(RowStore.system(row, values));
                lastKeys = new ArrayList<>();
                for (SortExpression key : page.keys()) {
                    lastKeys.add(row.getValue(key.alias()));
                }
            }
            String next = rows.rowCount() > request.limit() && lastKeys != null
                    ? cursors.encode(compiler.cursorAfter(lastKeys), compiler.orderSignature()) : null;
            return count(tx, compiler, request.count())
                    .chain(count -> aggregates(tx, compiler, checked)
                            .map(groups -> result(found, next, count, groups)));
        });
    }

    private static Result result(List<RowData> rows, String next, Count count, List<Group> groups) {
        List<JsonNode> summaries = List.of();
        List<Group> headers = new ArrayList<>();
        for (Group group : groups) {
            if (group.level() == 0) {
                summaries = group.summaries();
            } else {
                headers.add(group);
            }
        }
        return new Result(rows, next, count, headers, summaries);
    }

    private Uni<Count> count(SqlClient tx, QueryCompiler compiler, CountMode mode) {
        if (mode == CountMode.NONE) {
            return Uni.createFrom().nullItem();
        }
        if (mode == CountMode.EXACT) {
            return exact(tx, compiler);
        }
        CountSql estimate = compiler.estimatedCount();
        return Statements.run(tx, estimate.statement()).chain(rows -> {
            Object value = rows.iterator().next().getValue(0);
            long estimated = estimate.kind() == CountSql.Kind.PLAN_ESTIMATE
                    ? CountSql.planRows(value.toString())
                    : ((Number) value).longValue();
            return estimated < EXACT_BELOW ? exact(tx, compiler) : Uni.createFrom().item(new Count(estimated, false));
        });
    }

    private static Uni<Count> exact(SqlClient tx, QueryCompiler compiler) {
        return Statements.run(tx, compiler.exactCount().statement())
                .map(rows -> new Count(rows.iterator().next().getLong(0), true));
    }

    private static Uni<List<Group>> aggregates(SqlClient tx, QueryCompiler compiler, CheckedQuery checked) {
        if (checked.groupBy().isEmpty() && checked.summaries().isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        AggregateSql sql = compiler.aggregates();
        return Statements.run(tx, sql.statement()).map(rows -> {
            List<Group> groups = new ArrayList<>();
            for (Row row : rows) {
                int level = row.getInteger("_level");
                List<JsonNode> values = new ArrayList<>();
                for (int i = 0; i < level; i++) {
                    values.add(JsonValues.of(row.getValue(sql.groupAliases().get(i))));
                }
                List<JsonNode> summaries = new ArrayList<>();
                for (AggregateSql.SummaryColumn summary : sql.summaries()) {
                    summaries.add(JsonValues.of(row.getValue(summary.alias())));
                }
                groups.add(new Group(level, values, row.getLong("_count"), summaries));
            }
            return groups;
        });
    }

    /** The requested columns (all the panel's when none are named), each one the query schema knows; also the stream's. */
    static List<String> columns(PanelSchema panel, TableSchema schema, List<String> requested) {
        if (requested == null || requested.isEmpty()) {
            return panel.columns().stream().map(PanelColumn::key).filter(k -> schema.column(k).isPresent()).toList();
        }
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < requested.size(); i++) {
            String key = requested.get(i);
            if (key == null || schema.column(key).isEmpty() || SYSTEM_KEYS.contains(key)) {
                errors.add(new FieldError("columns[" + i + "]", "is not a column of this panel"));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("Unknown columns.", errors);
        }
        return List.copyOf(new java.util.LinkedHashSet<>(requested));
    }

    /**
     * The panel's columns for queries, without formulas that do not compile against it (a broken
     * reference): those are left out rather than failing every query of the panel.
     */
    static TableSchema querySchema(PanelSchema panel) {
        TableSchema schema = panel.tableSchema(false);
        FormulaModel model = new FormulaModel(schema, panel.zone());
        List<ColumnSchema> usable = new ArrayList<>();
        for (ColumnSchema column : schema.columns()) {
            if (column.isFormula() && column.sqlName() == null) {
                try {
                    model.compile(column);
                } catch (RuntimeException broken) {
                    continue;
                }
            }
            usable.add(column);
        }
        return usable.size() == schema.columns().size() ? schema
                : schema.withColumns(usable);
    }

    private static ProblemException invalid(InvalidQueryException e) {
        return ProblemException.invalid("The query is not valid.", e.errors().stream()
                .map(error -> new FieldError(error.field() == null || error.field().isEmpty() ? "query" : "query." + error.field(),
                        error.message()))
                .toList());
    }

}
