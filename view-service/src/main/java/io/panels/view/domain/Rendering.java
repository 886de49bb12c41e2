package io.panels.view.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.panels.common.problem.FieldError;
import io.panels.common.problem.ProblemException;
import io.panels.events.view.ViewColumn;
import io.panels.query.model.Condition;
import io.panels.query.model.Filter;
import io.panels.query.model.FilterGroup;
import io.panels.query.model.GroupBy;
import io.panels.query.model.Operator;
import io.panels.query.model.Query;
import io.panels.query.model.QueryJson;
import io.panels.query.model.QueryLimits;
import io.panels.query.model.Summary;
import io.panels.query.schema.ColumnSchema;
import io.panels.query.schema.TableSchema;
import io.panels.query.sql.QueryCompiler;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Turns a view and what a reader adds (a filter and a search ANDed with the view's, sorts instead
 * of the view's, a page) into data-service's query request, and its answer into a
 * {@link RenderedPage}.
 *
 * <p>A share link's visitor ({@link Audience#PUBLIC}) may only touch visible columns: an ad-hoc
 * filter or sort on any other column is refused as an unknown column; the search becomes, per
 * word, an OR of {@code contains} on the visible text columns (data-service's own search would
 * look into hidden columns too); group-by levels and summaries of the view on hidden columns are
 * left out. Only visible columns are ever asked of data-service.
 */
public final class Rendering {

    public enum Audience { MEMBER, PUBLIC }

    /** What a reader adds to the view; every member may be null. */
    public record Request(JsonNode filter, String search, JsonNode sorts, String cursor, Integer limit) {
    }

    private final View view;
    private final Panel panel;
    private final Audience audience;
    private final List<ViewColumn> visible;
    private final Query query;

    private Rendering(View view, Panel panel, Audience audience, List<ViewColumn> visible, Query query) {
        this.view = view;
        this.panel = panel;
        this.audience = audience;
        this.visible = visible;
        this.query = query;
    }

    /** @throws ProblemException 400 when what the reader adds is not valid for this view and audience */
    public static Rendering of(View view, Panel panel, Audience audience, Request request) {
        List<ViewColumn> visible = view.visibleColumns().stream().filter(c -> panel.column(c.key()).isPresent()).toList();
        Set<String> visibleKeys = visible.stream().map(ViewColumn::key).collect(Collectors.toSet());
        TableSchema allowed = audience == Audience.PUBLIC ? QuerySchemas.only(panel, visibleKeys) : QuerySchemas.of(panel);

        Query stored = ViewRules.parse(view.query(), "query");
        Query adhoc = adhoc(request);
        List<FieldError> errors = new ArrayList<>(ViewRules.errors(adhoc, allowed, ""));
        FilterGroup searchFilter = null;
        String search = adhoc.search();
        if (audience == Audience.PUBLIC && search != null && !search.isBlank()) {
            searchFilter = searchOver(allowed, search, errors);
            search = null;
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("The filter, search or sort is not valid for this view.", errors);
        }
        Query combined = stored.narrowedBy(and(adhoc.filter(), searchFilter), search);
        if (!adhoc.sorts().isEmpty()) {
            combined = combined.withSorts(adhoc.sorts());
        }
        if (view.type() == View.ViewType.kanban && combined.groupBy().isEmpty() && view.settings().hasNonNull("kanbanColumn")) {
            combined = combined.withGroupBy(List.of(GroupBy.of(view.settings().get("kanbanColumn").asText())));
        }
        if (audience == Audience.PUBLIC) {
            combined = combined
                    .withGroupBy(combined.groupBy().stream().filter(g -> visibleKeys.contains(g.column())).toList())
                    .withSummaries(combined.summaries().stream().filter(s -> visibleKeys.contains(s.column())).toList());
        }
        return new Rendering(view, panel, audience, visible, combined);
    }

    /** The body of data-service's {@code POST /api/v1/panels/{panelId}/query}. */
    public ObjectNode dataRequest(Request request, int defaultPageSize) {
        int limit = request.limit() != null ? request.limit()
                : view.settings().path("pageSize").asInt(defaultPageSize);
        if (limit < 1 || limit > QueryCompiler.MAX_PAGE_SIZE) {
            throw ProblemException.invalid("limit", "must be 1 to " + QueryCompiler.MAX_PAGE_SIZE);
        }
        ObjectNode body = QueryJson.mapper().createObjectNode();
        body.set("query", QueryJson.mapper().valueToTree(query));
        body.set("columns", QueryJson.mapper().valueToTree(visible.stream().map(ViewColumn::key).toList()));
        body.put("limit", limit);
        if (request.cursor() != null && !request.cursor().isBlank()) {
            body.put("cursor", request.cursor());
        }
        body.put("count", "estimated");
        return body;
    }

    /** data-service's answer as the view's page: visible columns only, in the view's order. */
    public RenderedPage page(JsonNode answer) {
        List<RenderedPage.Column> columns = visible.stream().map(c -> {
            PanelColumn column = panel.column(c.key()).orElseThrow();
            return new RenderedPage.Column(c.key(), column.name(), column.type(), c.width());
        }).toList();
        List<RenderedPage.Row> rows = new ArrayList<>();
        for (JsonNode row : answer.path("rows")) {
            Map<String, JsonNode> values = new LinkedHashMap<>();
            for (ViewColumn column : visible) {
                values.put(column.key(), row.path("values").get(column.key()));
            }
            rows.add(new RenderedPage.Row(UUID.fromString(row.path("id").asText()), values));
        }
        List<String> groupColumns = query.groupBy().stream().map(GroupBy::column).toList();
        List<RenderedPage.Group> groups = new ArrayList<>();
        for (JsonNode group : answer.path("groups")) {
            int level = group.path("level").asInt();
            List<JsonNode> values = new ArrayList<>();
            group.path("values").forEach(values::add);
            groups.add(new RenderedPage.Group(level, groupColumns.subList(0, Math.min(level, groupColumns.size())), values,
                    group.path("count").asLong(), summaries(group.path("summaries"))));
        }
        JsonNode count = answer.path("count");
        return new RenderedPage(
                new RenderedPage.ViewHeader(view.id(), view.panelId(), view.name(), view.type().name(),
                        audience == Audience.PUBLIC ? publicSettings() : view.settings()),
                columns, rows, answer.path("nextCursor").isTextual() ? answer.get("nextCursor").asText() : null,
                count.isObject() ? new RenderedPage.Count(count.path("value").asLong(), count.path("exact").asBoolean()) : null,
                groups, summaries(answer.path("summaries")));
    }

    public UUID panelId() {
        return view.panelId();
    }

    public UUID tenantId() {
        return view.tenantId();
    }

    private List<RenderedPage.SummaryValue> summaries(JsonNode values) {
        List<RenderedPage.SummaryValue> result = new ArrayList<>();
        List<Summary> asked = query.summaries();
        for (int i = 0; i < asked.size() && i < values.size(); i++) {
            result.add(new RenderedPage.SummaryValue(asked.get(i).column(), asked.get(i).function().jsonName(), values.get(i)));
        }
        return result;
    }

    /** Only settings that name visible columns (or none): the page size and the view's layout. */
    private JsonNode publicSettings() {
        ObjectNode settings = QueryJson.mapper().createObjectNode();
        Set<String> keys = visible.stream().map(ViewColumn::key).collect(Collectors.toSet());
        if (view.settings().has("pageSize")) {
            settings.set("pageSize", view.settings().get("pageSize"));
        }
        for (String member : List.of("kanbanColumn", "coverColumn", "dateColumn")) {
            if (keys.contains(view.settings().path(member).asText(""))) {
                settings.set(member, view.settings().get(member));
            }
        }
        return settings;
    }

    private static Query adhoc(Request request) {
        ObjectNode json = QueryJson.mapper().createObjectNode();
        if (request.filter() != null && !request.filter().isNull()) {
            json.set("filter", request.filter());
        }
        if (request.sorts() != null && !request.sorts().isNull()) {
            json.set("sorts", request.sorts());
        }
        if (request.search() != null && !request.search().isBlank()) {
            json.put("search", request.search());
        }
        return ViewRules.parse(json, "");
    }

    /** Every word in at least one of the allowed text columns: the search as a filter on those columns only. */
    private static FilterGroup searchOver(TableSchema allowed, String search, List<FieldError> errors) {
        List<ColumnSchema> text = allowed.columns().stream().filter(ColumnSchema::searchable).toList();
        List<String> words = Arrays.stream(search.strip().split("\\s+")).distinct().toList();
        if (search.length() > QueryLimits.DEFAULT.maxSearchLength() || words.size() > QueryLimits.DEFAULT.maxSearchWords()) {
            errors.add(new FieldError("search", "at most " + QueryLimits.DEFAULT.maxSearchLength() + " characters and "
                    + QueryLimits.DEFAULT.maxSearchWords() + " words"));
            return null;
        }
        if (text.isEmpty()) {
            errors.add(new FieldError("search", "this view shows no text column to search in"));
            return null;
        }
        List<Filter> perWord = new ArrayList<>();
        for (String word : words) {
            perWord.add(FilterGroup.or(text.stream().<Filter>map(c -> Condition.of(c.key(), Operator.CONTAINS, word)).toList()));
        }
        return FilterGroup.and(perWord);
    }

    private static FilterGroup and(FilterGroup a, FilterGroup b) {
        if (a == null) {
            return b;
        }
        return b == null ? a : FilterGroup.and(a, b);
    }
}
