package io.panels.query.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * What to read from a panel: the filter tree, a free-text search, the sort order, the group-by
 * levels and the summaries. View-service stores it as JSON, data-service executes it; the JSON form
 * is documented in docs/query.md and is the public API of views.
 *
 * @param filter    the filter tree, or {@code null} for every row
 * @param search    free text that every word of must appear in some text-like column, or {@code null}
 * @param sorts     the sort order, first key first (the row id always breaks ties)
 * @param groupBy   up to three group-by levels, outermost first
 * @param summaries aggregates per column, for the whole result and for each group
 * @param timeZone  the IANA time zone for calendar-day comparisons and relative date ranges; when
 *                  {@code null} the caller's zone (the panel's) applies
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"filter", "search", "sorts", "groupBy", "summaries", "timeZone"})
public record Query(FilterGroup filter, String search, List<Sort> sorts, List<GroupBy> groupBy,
                    List<Summary> summaries, String timeZone) {

    public Query {
        sorts = sorts == null ? List.of() : List.copyOf(sorts);
        groupBy = groupBy == null ? List.of() : List.copyOf(groupBy);
        summaries = summaries == null ? List.of() : List.copyOf(summaries);
    }

    /** Every row, in id order. */
    public static Query all() {
        return new Query(null, null, List.of(), List.of(), List.of(), null);
    }

    public Query withFilter(FilterGroup filter) {
        return new Query(filter, search, sorts, groupBy, summaries, timeZone);
    }

    public Query withSearch(String search) {
        return new Query(filter, search, sorts, groupBy, summaries, timeZone);
    }

    public Query withSorts(List<Sort> sorts) {
        return new Query(filter, search, sorts, groupBy, summaries, timeZone);
    }

    public Query withGroupBy(List<GroupBy> groupBy) {
        return new Query(filter, search, sorts, groupBy, summaries, timeZone);
    }

    public Query withSummaries(List<Summary> summaries) {
        return new Query(filter, search, sorts, groupBy, summaries, timeZone);
    }

    public Query withTimeZone(String timeZone) {
        return new Query(filter, search, sorts, groupBy, summaries, timeZone);
    }

    /**
     * This query narrowed by another one's filter and search, as a view narrowed by an ad-hoc
     * filter: both filters must hold, both searches must match; sorts and groups stay this query's.
     */
    public Query narrowedBy(FilterGroup extraFilter, String extraSearch) {
        FilterGroup combined = filter == null ? extraFilter
                : extraFilter == null ? filter
                : FilterGroup.and(List.of(filter, extraFilter));
        String combinedSearch = blank(search) ? extraSearch : blank(extraSearch) ? search : search + " " + extraSearch;
        return new Query(combined, combinedSearch, sorts, groupBy, summaries, timeZone);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
