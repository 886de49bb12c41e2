package io.panels.view.domain;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A page of a view as people see it: only its visible columns, in its order; group headers with
 * their counts and summaries; the summary row of the whole result.
 *
 * @param count  the number of rows of the whole result, estimated on large panels ({@code exact} says which)
 * @param groups in display order: each group, then its subgroups; {@code values} has one value per level
 */
@RegisterForReflection
public record RenderedPage(ViewHeader view, List<Column> columns, List<Row> rows, String nextCursor, Count count,
                           List<Group> groups, List<SummaryValue> summaries) {

    @RegisterForReflection
    public record ViewHeader(UUID id, UUID panelId, String name, String type, JsonNode settings) {
    }

    @RegisterForReflection
    public record Column(String key, String name, String type, Integer width) {
    }

    /** @param values by column key, the visible columns only, in display order */
    @RegisterForReflection
    public record Row(UUID id, Map<String, JsonNode> values) {
    }

    @RegisterForReflection
    public record Count(long value, boolean exact) {
    }

    @RegisterForReflection
    public record Group(int level, List<String> columns, List<JsonNode> values, long count, List<SummaryValue> summaries) {
    }

    @RegisterForReflection
    public record SummaryValue(String column, String function, JsonNode value) {
    }
}
