package io.panels.query.validate;

import io.panels.query.model.Direction;
import io.panels.query.model.Nulls;
import io.panels.query.model.SummaryFunction;
import io.panels.query.schema.ColumnSchema;
import io.panels.query.schema.TableSchema;
import java.time.ZoneId;
import java.util.List;

/**
 * A query that fits its table: what the SQL compiler takes, so that nothing unchecked reaches SQL.
 * Made only by {@link QueryValidator}.
 *
 * @param zone the query's own time zone, or {@code null} for the caller's
 */
public record CheckedQuery(TableSchema table, CheckedFilter.Group filter, List<String> searchWords,
                           List<SortKey> sorts, List<GroupKey> groupBy, List<Aggregate> summaries, ZoneId zone) {

    public CheckedQuery {
        searchWords = List.copyOf(searchWords);
        sorts = List.copyOf(sorts);
        groupBy = List.copyOf(groupBy);
        summaries = List.copyOf(summaries);
    }

    public record SortKey(ColumnSchema column, Direction direction, Nulls nulls) {
    }

    public record GroupKey(ColumnSchema column, Direction direction) {
    }

    public record Aggregate(ColumnSchema column, SummaryFunction function) {
    }
}
