package io.panels.query.model;

/**
 * The size limits of a query: they keep the SQL small enough to plan quickly and a stored view
 * small enough to load with every render.
 *
 * @param maxDepth        nesting of groups; the root group is depth 1
 * @param maxConditions   conditions in the whole tree
 * @param maxSorts        sort keys
 * @param maxGroupBy      group-by levels
 * @param maxSummaries    summaries
 * @param maxListValues   values in one {@code in}, {@code is_any_of}, {@code has_all_of}... list
 * @param maxTextLength   characters of one text value
 * @param maxSearchLength characters of the search text
 * @param maxSearchWords  words of the search text
 * @param maxRelativeDays {@code n} of {@code last_n_days} / {@code next_n_days}
 */
public record QueryLimits(int maxDepth, int maxConditions, int maxSorts, int maxGroupBy, int maxSummaries,
                          int maxListValues, int maxTextLength, int maxSearchLength, int maxSearchWords,
                          int maxRelativeDays) {

    public static final QueryLimits DEFAULT = new QueryLimits(5, 100, 10, 3, 100, 100, 1_000, 200, 10, 3_660);
}
