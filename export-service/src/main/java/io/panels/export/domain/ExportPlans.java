package io.panels.export.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.panels.common.problem.FieldError;
import io.panels.common.problem.ProblemException;
import io.panels.events.panel.ColumnDefinition;
import io.panels.events.panel.SelectOption;
import io.panels.events.view.ViewColumn;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a job exports, decided when it is requested: the title, the columns (names, kinds, option
 * names, widths) and the query data-service runs. A view contributes its visible columns in its
 * order, its widths and its query; its grouping becomes leading sort keys (a file has no group
 * headers) and its summaries are left out.
 */
public final class ExportPlans {

    /** The parts of an {@link ExportJob} that come from the panel, the view and the options. */
    public record Plan(String title, JsonNode query, List<ExportColumn> columns) {
    }

    private ExportPlans() {
    }

    public static Plan plan(PanelCopy panel, ViewCopy view, ExportOptions options) {
        Map<String, ColumnDefinition> byKey = new LinkedHashMap<>();
        panel.columns().forEach(column -> byKey.put(column.key(), column));
        Map<String, Integer> widths = new LinkedHashMap<>();
        List<String> keys = new ArrayList<>();
        if (view != null) {
            for (ViewColumn column : view.columns()) {
                if (column.width() != null) {
                    widths.put(column.key(), column.width());
                }
                if (column.visible() && byKey.containsKey(column.key())) {
                    keys.add(column.key());
                }
            }
        } else {
            keys.addAll(byKey.keySet());
        }
        if (options.columns() != null) {
            List<FieldError> errors = new ArrayList<>();
            for (int i = 0; i < options.columns().size(); i++) {
                if (!byKey.containsKey(options.columns().get(i))) {
                    errors.add(new FieldError("options.columns[" + i + "]", "is not a column of the panel"));
                }
            }
            if (!errors.isEmpty()) {
                throw ProblemException.invalid("The export names unknown columns.", errors);
            }
            keys = options.columns();
        }
        if (keys.isEmpty()) {
            throw ProblemException.invalid("options.columns", "there is no column to export");
        }
        List<ExportColumn> columns = keys.stream().map(key -> column(byKey.get(key), widths.get(key))).toList();
        String title = view == null ? panel.name() : panel.name() + " - " + view.name();
        return new Plan(title, view == null ? JsonNodeFactory.instance.objectNode() : rowQuery(view.query()), columns);
    }

    private static ExportColumn column(ColumnDefinition definition, Integer width) {
        Map<String, String> options = new LinkedHashMap<>();
        String resultType = null;
        if (definition.settings() != null) {
            resultType = definition.settings().resultType();
            if (definition.settings().options() != null) {
                for (SelectOption option : definition.settings().options()) {
                    options.put(option.id(), option.name());
                }
            }
        }
        return new ExportColumn(definition.key(), definition.name(), CellKind.of(definition.type(), resultType),
                options.isEmpty() ? null : options, width);
    }

    /** The view's query without summaries, its groups turned into the first sort keys. */
    static JsonNode rowQuery(JsonNode viewQuery) {
        ObjectNode query = viewQuery != null && viewQuery.isObject() ? ((ObjectNode) viewQuery).deepCopy()
                : JsonNodeFactory.instance.objectNode();
        query.remove("summaries");
        JsonNode groups = query.remove("groupBy");
        if (groups != null && groups.isArray() && !groups.isEmpty()) {
            ArrayNode sorts = JsonNodeFactory.instance.arrayNode();
            Set<String> grouped = new HashSet<>();
            for (JsonNode group : groups) {
                ObjectNode sort = sorts.addObject();
                sort.set("column", group.path("column"));
                if (group.hasNonNull("direction")) {
                    sort.set("direction", group.get("direction"));
                }
                grouped.add(group.path("column").asText());
            }
            for (JsonNode sort : query.path("sorts")) {
                if (!grouped.contains(sort.path("column").asText())) {
                    sorts.add(sort);
                }
            }
            query.set("sorts", sorts);
        }
        return query;
    }
}
