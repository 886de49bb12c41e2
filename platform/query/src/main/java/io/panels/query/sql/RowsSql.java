package io.panels.query.sql;

import java.util.List;

/**
 * A compiled page of rows. The statement selects the requested columns under their keys, then each
 * sort key's value under its alias ({@code _k0}, ..., {@code _id}); read those of the last row
 * into {@link QueryCompiler#cursorAfter} for the next page.
 *
 * @param keys the complete order, the row id last
 */
public record RowsSql(SqlFragment statement, List<SortExpression> keys) {

    public RowsSql {
        keys = List.copyOf(keys);
    }
}
