package io.panels.view.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.panels.events.view.ViewColumn;
import io.panels.query.InvalidQueryException;
import io.panels.query.model.Condition;
import io.panels.query.model.Filter;
import io.panels.query.model.FilterGroup;
import io.panels.query.model.Query;
import io.panels.query.model.QueryJson;
import io.panels.query.schema.TableSchema;
import io.panels.query.validate.QueryValidator;
import io.panels.view.domain.View.ViewType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Keeps a view consistent with its panel after a column changed (column.deleted, column.updated,
 * column.added). Everything of the view that names the changed column is checked again against
 * the panel as it is now, one piece at a time, and what no longer holds is dropped:
 * a filter condition (an AND/OR group left empty goes too), a sort, a group-by level, a summary,
 * a colour rule's condition, a settings member. A deleted column leaves the column list; a new
 * one joins it at the end, visible in grid views and hidden in the others.
 */
public final class ViewRepair {

    private final String key;
    private final TableSchema schema;

    private ViewRepair(String key, TableSchema schema) {
        this.key = key;
        this.schema = schema;
    }

    /** The view repaired for the panel as it is after a change of column {@code key}; empty when nothing changed. */
    public static Optional<Repaired> afterColumnChange(View view, Panel panel, String key) {
        ViewRepair repair = new ViewRepair(key, QuerySchemas.of(panel));
        List<ViewColumn> columns = repair.columns(view, panel);
        JsonNode query = repair.query(view.query());
        JsonNode settings = repair.settings(view.settings(), panel);
        if (columns.equals(view.columns()) && query.equals(view.query()) && settings.equals(view.settings())) {
            return Optional.empty();
        }
        return Optional.of(new Repaired(columns, query, settings));
    }

    public record Repaired(List<ViewColumn> columns, JsonNode query, JsonNode settings) {
    }

    private List<ViewColumn> columns(View view, Panel panel) {
        List<ViewColumn> columns = new ArrayList<>(view.columns().stream()
                .filter(c -> panel.column(c.key()).isPresent()).toList());
        if (panel.column(key).isPresent() && columns.stream().noneMatch(c -> c.key().equals(key))) {
            columns.add(new ViewColumn(key, view.type() == ViewType.grid, null));
        }
        return columns;
    }

    private JsonNode query(JsonNode json) {
        Query query;
        try {
            query = QueryJson.parse(json.toString());
        } catch (InvalidQueryException e) {
            return json;
        }
        Query repaired = new Query(filter(query.filter()), query.search(),
                query.sorts().stream().filter(s -> !affects(s.column()) || valid(Query.all().withSorts(List.of(s)))).toList(),
                query.groupBy().stream().filter(g -> !affects(g.column()) || valid(Query.all().withGroupBy(List.of(g)))).toList(),
                query.summaries().stream().filter(s -> !affects(s.column()) || valid(Query.all().withSummaries(List.of(s)))).toList(),
                query.timeZone());
        return QueryJson.mapper().valueToTree(repaired);
    }

    /** The filter without its conditions on the column that no longer hold; null when nothing is left. */
    private FilterGroup filter(FilterGroup group) {
        if (group == null) {
            return null;
        }
        List<Filter> kept = new ArrayList<>();
        for (Filter member : group.conditions()) {
            switch (member) {
                case FilterGroup nested -> {
                    FilterGroup repaired = filter(nested);
                    if (repaired != null) {
                        kept.add(repaired);
                    }
                }
                case Condition condition -> {
                    if (!affects(condition.column()) || valid(Query.all().withFilter(FilterGroup.and(condition)))) {
                        kept.add(condition);
                    }
                }
            }
        }
        // A group the repair emptied goes; one that was empty before stays as it was.
        return kept.isEmpty() && !group.conditions().isEmpty() ? null : new FilterGroup(group.conjunction(), kept);
    }

    private JsonNode settings(JsonNode json, Panel panel) {
        ObjectNode settings = json.deepCopy();
        for (String member : List.of("kanbanColumn", "coverColumn", "dateColumn")) {
            if (settings.path(member).asText("").equals(key)
                    && panel.column(key).filter(column -> ViewRules.fits(member, column)).isEmpty()) {
                settings.remove(member);
            }
        }
        if (settings.path("cardColumns").isArray() && panel.column(key).isEmpty()) {
            ArrayNode kept = settings.arrayNode();
            settings.get("cardColumns").forEach(k -> {
                if (!k.asText().equals(key)) {
                    kept.add(k);
                }
            });
            settings.set("cardColumns", kept);
        }
        if (settings.path("colourRules").isArray()) {
            ArrayNode kept = settings.arrayNode();
            for (JsonNode rule : settings.get("colourRules")) {
                FilterGroup filter;
                try {
                    filter = QueryJson.parse("{\"filter\":" + rule.path("filter") + "}").filter();
                } catch (InvalidQueryException e) {
                    continue;
                }
                FilterGroup repaired = filter(filter);
                if (repaired != null) {
                    ObjectNode copy = rule.deepCopy();
                    copy.set("filter", QueryJson.mapper().valueToTree(repaired));
                    kept.add(copy);
                }
            }
            settings.set("colourRules", kept);
        }
        return settings;
    }

    private boolean affects(String column) {
        return key.equals(column);
    }

    private boolean valid(Query single) {
        return QueryValidator.errors(single, schema).isEmpty();
    }
}
