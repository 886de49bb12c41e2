package io.panels.query.sql;

import io.panels.query.model.SummaryFunction;
import java.util.List;

/**
 * A compiled group or summary query and how to read its rows.
 *
 * <p>Grouped: one row per group at every level and one for the whole result, in display order
 * (the whole result first, then each group followed by its subgroups). Column {@code _level} says
 * how many group-by levels the row is a group of (0 for the whole result), {@code _g0..} hold the
 * group values (NULL for the blank group and for the levels the row is not a group of),
 * {@code _count} the rows, and one column per summary.
 *
 * @param groupAliases the group value columns, outermost first
 * @param summaries    the summary columns, in the order of the query's summaries
 */
public record AggregateSql(SqlFragment statement, List<String> groupAliases, List<SummaryColumn> summaries) {

    public AggregateSql {
        groupAliases = List.copyOf(groupAliases);
        summaries = List.copyOf(summaries);
    }

    /** @param alias the output column of the summary of {@code column} by {@code function} */
    public record SummaryColumn(String alias, String column, SummaryFunction function) {
    }
}
