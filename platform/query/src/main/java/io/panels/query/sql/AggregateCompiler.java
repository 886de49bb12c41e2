package io.panels.query.sql;

import io.panels.query.model.Direction;
import io.panels.query.schema.ColumnSchema;
import io.panels.query.schema.SelectOption;
import io.panels.query.schema.ValueKind;
import io.panels.query.validate.CheckedQuery;
import java.util.ArrayList;
import java.util.List;

/**
 * Group headers and summaries in one statement: the filtered rows are read once in a subquery that
 * computes each group value and each summary's input (blanks made NULL), and the outer query
 * aggregates them with {@code GROUP BY ROLLUP}, which yields every level and the grand total at once.
 */
public final class AggregateCompiler {

    private final ColumnExpressions columns;

    public AggregateCompiler(ColumnExpressions columns) {
        this.columns = columns;
    }

    public AggregateSql compile(CheckedQuery query, SqlFragment where) {
        List<SqlFragment> inner = new ArrayList<>();
        List<String> groupAliases = new ArrayList<>();
        for (CheckedQuery.GroupKey group : query.groupBy()) {
            String alias = "_g" + groupAliases.size();
            groupAliases.add(alias);
            inner.add(groupValue(group.column()).append(" AS " + alias));
        }
        List<SqlFragment> outer = new ArrayList<>();
        for (String alias : groupAliases) {
            outer.add(SqlFragment.of(alias));
        }
        if (!groupAliases.isEmpty()) {
            outer.add(SqlFragment.of(groupAliases.size() + " - (" + String.join(" + ",
                    groupAliases.stream().map(a -> "GROUPING(" + a + ")").toList()) + ") AS _level"));
        } else {
            outer.add(SqlFragment.of("0 AS _level"));
        }
        outer.add(SqlFragment.of("count(*) AS _count"));
        List<AggregateSql.SummaryColumn> summaryColumns = new ArrayList<>();
        for (CheckedQuery.Aggregate aggregate : query.summaries()) {
            int i = summaryColumns.size();
            String input = "_a" + i;
            String alias = "_s" + i;
            inner.add(columns.normalised(aggregate.column()).append(" AS " + input));
            outer.add(SqlFragment.of(aggregate(aggregate, input) + " AS " + alias));
            summaryColumns.add(new AggregateSql.SummaryColumn(alias, aggregate.column().key(), aggregate.function()));
        }
        if (inner.isEmpty()) {
            inner.add(SqlFragment.of("1 AS _one"));
        }
        SqlFragment sql = SqlFragment.of("SELECT ").append(SqlFragment.join(", ", outer, SqlFragment.TRUE))
                .append(" FROM (SELECT ").append(SqlFragment.join(", ", inner, SqlFragment.TRUE))
                .append(" FROM " + columns.table() + " WHERE ").append(where).append(") AS _q");
        if (!groupAliases.isEmpty()) {
            sql = sql.append(" GROUP BY ROLLUP (" + String.join(", ", groupAliases) + ") ORDER BY ")
                    .append(groupOrder(query.groupBy(), groupAliases));
        }
        return new AggregateSql(sql, groupAliases, summaryColumns);
    }

    /** Blank values form one group; a checkbox groups into ticked and not ticked. */
    private SqlFragment groupValue(ColumnSchema column) {
        if (column.kind() == ValueKind.BOOLEAN) {
            return SqlFragment.of("(").append(columns.value(column)).append(" IS TRUE)");
        }
        return columns.normalised(column);
    }

    /** Each level's total before its groups, groups in their direction, the blank group last. */
    private static SqlFragment groupOrder(List<CheckedQuery.GroupKey> groups, List<String> aliases) {
        List<SqlFragment> order = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) {
            CheckedQuery.GroupKey group = groups.get(i);
            String alias = aliases.get(i);
            String direction = group.direction() == Direction.ASC ? " ASC NULLS LAST" : " DESC NULLS LAST";
            order.add(SqlFragment.of("GROUPING(" + alias + ") DESC"));
            if (group.column().kind() == ValueKind.SINGLE_SELECT) {
                String[] ids = group.column().options().stream().map(SelectOption::id).toArray(String[]::new);
                order.add(SqlFragment.of("array_position(").append(SqlFragment.param(ids, "text[]"))
                        .append(", " + alias + ")" + direction));
            }
            order.add(SqlFragment.of(alias + direction));
        }
        return SqlFragment.join(", ", order, SqlFragment.TRUE);
    }

    private static String aggregate(CheckedQuery.Aggregate aggregate, String input) {
        return switch (aggregate.function()) {
            case COUNT -> "count(*)";
            // As SUM in formulas: the sum of no values is 0.
            case SUM -> "COALESCE(sum(" + input + "), 0)";
            case AVG -> "avg(" + input + ")";
            case MIN -> "min(" + input + ")";
            case MAX -> "max(" + input + ")";
            case FILLED -> "count(" + input + ")";
            case EMPTY -> "(count(*) - count(" + input + "))";
            case UNIQUE -> "count(DISTINCT " + input + ")";
            case PERCENT_FILLED -> "round(100.0 * count(" + input + ") / NULLIF(count(*), 0), 2)";
        };
    }
}
