package io.panels.query.sql;

import io.panels.formula.sql.SqlExpression;
import io.panels.query.cursor.Cursor;
import io.panels.query.cursor.InvalidCursorException;
import io.panels.query.schema.ColumnSchema;
import io.panels.query.schema.TableSchema;
import io.panels.query.validate.CheckedQuery;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * Compiles a checked query to PostgreSQL: the WHERE condition, the ORDER BY of the complete order,
 * whole statements for a page of rows (keyset pagination), the group headers and summaries, and
 * counts. One instance per query execution (it caches compiled formula columns).
 */
public final class QueryCompiler {

    /** The largest page, as the API caps it. */
    public static final int MAX_PAGE_SIZE = 1_000;

    private final CheckedQuery query;
    private final ColumnExpressions columns;
    private final SqlFragment where;
    private final List<SortExpression> keys;

    public QueryCompiler(CheckedQuery query, QueryContext context) {
        this.query = query;
        ZoneId zone = query.zone() != null ? query.zone() : context.zone();
        this.columns = new ColumnExpressions(query.table(), zone);
        this.where = new FilterCompiler(columns, zone, context.now()).where(query);
        this.keys = new SortCompiler(columns).keys(query.sorts());
    }

    /** The filter and search as one condition, without the WHERE keyword. */
    public SqlFragment where() {
        return where;
    }

    /** The complete order, without the ORDER BY keywords. */
    public SqlFragment orderBy() {
        return SortCompiler.orderBy(keys);
    }

    public List<SortExpression> sortKeys() {
        return keys;
    }

    /** What a cursor is valid for: the sort keys and their directions, the row id last. */
    public String orderSignature() {
        StringBuilder signature = new StringBuilder();
        for (CheckedQuery.SortKey sort : query.sorts()) {
            signature.append(sort.column().key()).append(':').append(sort.direction().name().toLowerCase())
                    .append(':').append(sort.nulls().name().toLowerCase()).append(',');
        }
        return signature.append("id").toString();
    }

    /**
     * A page of rows.
     *
     * @param columnKeys the columns to return, under their keys
     * @param after      where the previous page ended, or {@code null} for the first page
     * @param limit      1 to {@link #MAX_PAGE_SIZE}; ask for one more than shown to learn whether a next page exists
     */
    public RowsSql rows(List<String> columnKeys, Cursor after, int limit) {
        if (limit < 1 || limit > MAX_PAGE_SIZE + 1) {
            throw new IllegalArgumentException("a page has 1 to " + MAX_PAGE_SIZE + " rows");
        }
        List<SqlFragment> select = new ArrayList<>();
        for (String key : columnKeys) {
            ColumnSchema column = query.table().column(key)
                    .orElseThrow(() -> new IllegalArgumentException("no column " + key));
            select.add(columns.value(column).append(" AS " + SqlExpression.identifier(column.key())));
        }
        for (SortExpression key : keys) {
            select.add(key.expression().append(" AS " + key.alias()));
        }
        SqlFragment condition = where;
        TableSchema.Scope scope = query.table().scope();
        if (query.sorts().isEmpty() && scope != null) {
            // In id order, the primary key (scope column, id) serves the order only when the scope is named:
            // without it a first page of a large panel sorted all of its rows (the policy is not forced: ADR 0047).
            condition = SqlFragment.and(List.of(SqlFragment.of(SqlExpression.identifier(scope.column()) + " = ")
                    .append(SqlFragment.param(scope.value(), "uuid")), condition));
        }
        if (after != null) {
            if (after.values().size() != keys.size()) {
                throw new InvalidCursorException("the cursor belongs to another sort order; start again from the first page");
            }
            condition = SqlFragment.and(List.of(where, KeysetPredicate.after(keys, after.values())));
        }
        SqlFragment sql = SqlFragment.of("SELECT ").append(SqlFragment.join(", ", select, SqlFragment.TRUE))
                .append(" FROM " + columns.table() + " WHERE ").append(condition)
                .append(" ORDER BY ").append(orderBy()).append(" LIMIT " + limit);
        return new RowsSql(sql, keys);
    }

    /** The cursor after a row, from the values of its {@code _k0..}, {@code _id} columns as the driver returns them. */
    public Cursor cursorAfter(List<Object> keyValues) {
        if (keyValues.size() != keys.size()) {
            throw new IllegalArgumentException(keys.size() + " key values expected");
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            values.add(keys.get(i).type().canonical(keyValues.get(i)));
        }
        return new Cursor(values);
    }

    /** Group headers at every level and the summary row; with no group-by, the summary row alone. */
    public AggregateSql aggregates() {
        return new AggregateCompiler(columns).compile(query, where);
    }

    public CountSql exactCount() {
        return new CountSql(SqlFragment.of("SELECT count(*) FROM " + columns.table() + " WHERE ").append(where), CountSql.Kind.EXACT);
    }

    /**
     * An estimate: the table statistics when nothing is filtered, else the planner's estimate for the
     * filter. Estimates of selective filters can be far off; callers show them as approximate.
     */
    public CountSql estimatedCount() {
        if (where == SqlFragment.TRUE) {
            return new CountSql(SqlFragment.of("SELECT reltuples::bigint FROM pg_class WHERE oid = CAST(? AS regclass)",
                    columns.table()), CountSql.Kind.TABLE_ESTIMATE);
        }
        return new CountSql(SqlFragment.of("EXPLAIN (FORMAT JSON) SELECT 1 FROM " + columns.table() + " WHERE ").append(where),
                CountSql.Kind.PLAN_ESTIMATE);
    }
}
