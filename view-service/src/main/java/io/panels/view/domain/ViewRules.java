package io.panels.view.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.panels.common.problem.FieldError;
import io.panels.common.problem.ProblemException;
import io.panels.events.view.ViewColumn;
import io.panels.query.InvalidQueryException;
import io.panels.query.model.FilterGroup;
import io.panels.query.model.Query;
import io.panels.query.model.QueryJson;
import io.panels.query.schema.TableSchema;
import io.panels.query.validate.QueryValidator;
import io.panels.view.domain.View.ViewType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a view may hold: its columns are the panel's (by key, each once), its query is a valid
 * platform/query query on the panel, and its settings are the members documented for its type.
 * Every problem is reported at its path, ready for problem+json {@code errors[]}.
 */
public final class ViewRules {

    public static final int MAX_NAME = 200;
    public static final int MAX_COLOUR_RULES = 20;
    private static final Pattern COLOUR = Pattern.compile("^#[0-9a-fA-F]{6}$");
    private static final Set<String> SETTINGS = Set.of("pageSize", "kanbanColumn", "cardColumns", "coverColumn", "dateColumn",
            "colourRules");
    private static final Set<String> DATE_TYPES = Set.of("date", "datetime", "created_time", "last_modified_time");

    /** A view's content after the checks: columns completed with the panel's others (hidden), query and settings normalised. */
    public record Checked(List<ViewColumn> columns, JsonNode query, JsonNode settings) {
    }

    private final Panel panel;
    private final List<FieldError> errors = new ArrayList<>();

    private ViewRules(Panel panel) {
        this.panel = panel;
    }

    /**
     * @param columns  null for every column of the panel, visible, in panel order
     * @param query    null for every row
     * @param settings null for none
     * @throws ProblemException 400 {@code validation} with every error
     */
    public static Checked check(Panel panel, String name, ViewType type, List<ViewColumn> columns, JsonNode query, JsonNode settings) {
        ViewRules rules = new ViewRules(panel);
        rules.name(name);
        List<ViewColumn> checkedColumns = rules.columns(columns);
        JsonNode checkedQuery = rules.query(query);
        JsonNode checkedSettings = rules.settings(type, settings);
        if (!rules.errors.isEmpty()) {
            throw ProblemException.invalid("The view is not valid.", rules.errors);
        }
        return new Checked(checkedColumns, checkedQuery, checkedSettings);
    }

    /** Every panel column, visible, in panel order: the columns of a default grid view. */
    public static List<ViewColumn> allVisible(Panel panel) {
        return panel.columns().stream().map(c -> new ViewColumn(c.key(), true, null)).toList();
    }

    /** Whether a settings member that names one column ({@code kanbanColumn}...) may name this one. */
    public static boolean fits(String member, PanelColumn column) {
        return switch (member) {
            case "kanbanColumn" -> "single_select".equals(column.type());
            case "dateColumn" -> DATE_TYPES.contains(column.type()) || ("formula".equals(column.type()) && column.settings() != null
                    && ("date".equals(column.settings().resultType()) || "datetime".equals(column.settings().resultType())));
            default -> true;
        };
    }

    /** Reads the platform/query JSON strictly; 400 with the paths under {@code field}. */
    public static Query parse(JsonNode json, String field) {
        try {
            return QueryJson.parse(json.toString());
        } catch (InvalidQueryException e) {
            throw ProblemException.invalid("The query is not valid.", e.errors().stream()
                    .map(error -> new FieldError(path(field, error.field()), error.message())).toList());
        }
    }

    /** The errors of a query on a table schema, with their paths under {@code field}. */
    public static List<FieldError> errors(Query query, TableSchema schema, String field) {
        return QueryValidator.errors(query, schema).stream()
                .map(error -> new FieldError(path(field, error.field()), error.message())).toList();
    }

    private static String path(String field, String inner) {
        if (inner == null || inner.isEmpty()) {
            return field;
        }
        return field.isEmpty() ? inner : field + "." + inner;
    }

    private void name(String name) {
        if (name == null || name.isBlank()) {
            errors.add(new FieldError("name", "a name is required"));
        } else if (name.length() > MAX_NAME) {
            errors.add(new FieldError("name", "at most " + MAX_NAME + " characters"));
        }
    }

    private List<ViewColumn> columns(List<ViewColumn> columns) {
        if (columns == null) {
            return allVisible(panel);
        }
        List<ViewColumn> result = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < columns.size(); i++) {
            ViewColumn column = columns.get(i);
            String path = "columns[" + i + "]";
            if (column == null || column.key() == null) {
                errors.add(new FieldError(path + ".key", "a column key is required"));
            } else if (panel.column(column.key()).isEmpty()) {
                errors.add(new FieldError(path + ".key", "no column with the key '" + column.key() + "' in this panel"));
            } else if (!seen.add(column.key())) {
                errors.add(new FieldError(path + ".key", "column '" + column.key() + "' is listed twice"));
            } else if (column.width() != null && (column.width() < 20 || column.width() > 2000)) {
                errors.add(new FieldError(path + ".width", "must be 20 to 2000 pixels"));
            } else {
                result.add(column);
            }
        }
        // Columns the caller did not list keep their panel order after the listed ones, hidden.
        for (PanelColumn column : panel.columns()) {
            if (!seen.contains(column.key())) {
                result.add(new ViewColumn(column.key(), false, null));
            }
        }
        return result;
    }

    private JsonNode query(JsonNode json) {
        if (json == null || json.isNull()) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!json.isObject()) {
            errors.add(new FieldError("query", "a query is a JSON object (docs/query.md)"));
            return null;
        }
        Query query;
        try {
            query = QueryJson.parse(json.toString());
        } catch (InvalidQueryException e) {
            e.errors().forEach(error -> errors.add(new FieldError(path("query", error.field()), error.message())));
            return null;
        }
        errors.addAll(errors(query, QuerySchemas.of(panel), "query"));
        return QueryJson.mapper().valueToTree(query);
    }

    private JsonNode settings(ViewType type, JsonNode json) {
        ObjectNode settings = JsonNodeFactory.instance.objectNode();
        if (json != null && !json.isNull() && !json.isObject()) {
            errors.add(new FieldError("settings", "settings are a JSON object"));
            return settings;
        }
        if (json != null && json.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> member = it.next();
                if (!SETTINGS.contains(member.getKey())) {
                    errors.add(new FieldError("settings." + member.getKey(), "unknown setting; use one of " + String.join(", ",
                            SETTINGS.stream().sorted().toList())));
                } else if (!member.getValue().isNull()) {
                    setting(settings, member.getKey(), member.getValue());
                }
            }
        }
        if (type == ViewType.kanban && !settings.has("kanbanColumn")) {
            errors.add(new FieldError("settings.kanbanColumn", "a kanban view needs a single select column to group its cards by"));
        }
        if (type == ViewType.calendar && !settings.has("dateColumn")) {
            errors.add(new FieldError("settings.dateColumn", "a calendar view needs a date or date-time column"));
        }
        return settings;
    }

    private void setting(ObjectNode settings, String member, JsonNode value) {
        String path = "settings." + member;
        switch (member) {
            case "pageSize" -> {
                if (!value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() < 1 || value.asInt() > 1000) {
                    errors.add(new FieldError(path, "must be a whole number from 1 to 1000"));
                } else {
                    settings.put(member, value.asInt());
                }
            }
            case "kanbanColumn", "coverColumn", "dateColumn" -> {
                if (columnKey(value, member, path)) {
                    settings.put(member, value.asText());
                }
            }
            case "cardColumns" -> {
                if (!value.isArray()) {
                    errors.add(new FieldError(path, "a list of column keys"));
                    return;
                }
                ArrayNode keys = settings.putArray(member);
                for (int i = 0; i < value.size(); i++) {
                    if (columnKey(value.get(i), member, path + "[" + i + "]")) {
                        keys.add(value.get(i).asText());
                    }
                }
            }
            case "colourRules" -> colourRules(settings, value, path);
            default -> throw new IllegalStateException(member);
        }
    }

    private boolean columnKey(JsonNode value, String member, String path) {
        if (!value.isTextual()) {
            errors.add(new FieldError(path, "a column key"));
            return false;
        }
        PanelColumn column = panel.column(value.asText()).orElse(null);
        if (column == null) {
            errors.add(new FieldError(path, "no column with the key '" + value.asText() + "' in this panel"));
            return false;
        }
        if (!fits(member, column)) {
            errors.add(new FieldError(path, "column '" + column.name() + "' (" + column.type() + ") cannot be the "
                    + ("kanbanColumn".equals(member) ? "kanban column: use a single select" : "date column: use a date or date-time")));
            return false;
        }
        return true;
    }

    private void colourRules(ObjectNode settings, JsonNode value, String path) {
        if (!value.isArray() || value.size() > MAX_COLOUR_RULES) {
            errors.add(new FieldError(path, "a list of at most " + MAX_COLOUR_RULES + " rules {\"filter\", \"colour\"}"));
            return;
        }
        ArrayNode rules = settings.putArray("colourRules");
        TableSchema schema = QuerySchemas.of(panel);
        for (int i = 0; i < value.size(); i++) {
            JsonNode rule = value.get(i);
            String rulePath = path + "[" + i + "]";
            if (!rule.isObject() || !rule.path("colour").isTextual() || !COLOUR.matcher(rule.path("colour").asText()).matches()) {
                errors.add(new FieldError(rulePath + ".colour", "a colour #RRGGBB"));
                continue;
            }
            if (!rule.path("filter").isObject() || rule.size() != 2) {
                errors.add(new FieldError(rulePath + ".filter", "a filter group of docs/query.md, and nothing else beside the colour"));
                continue;
            }
            ObjectNode wrapper = JsonNodeFactory.instance.objectNode();
            wrapper.set("filter", rule.get("filter"));
            Query query;
            try {
                query = QueryJson.parse(wrapper.toString());
            } catch (InvalidQueryException e) {
                e.errors().forEach(error -> errors.add(new FieldError(path(rulePath, error.field()), error.message())));
                continue;
            }
            List<FieldError> problems = errors(query, schema, rulePath);
            if (!problems.isEmpty()) {
                errors.addAll(problems);
                continue;
            }
            ObjectNode checked = rules.addObject();
            checked.set("filter", QueryJson.mapper().valueToTree(query.filter() == null ? FilterGroup.and() : query.filter()));
            checked.put("colour", rule.get("colour").asText());
        }
    }
}
