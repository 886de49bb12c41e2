package io.panels.data.domain;

import io.panels.events.panel.SelectOption;
import io.panels.query.schema.ColumnType;
import io.panels.query.sql.SqlFragment;
import java.time.ZoneId;
import java.util.List;

/**
 * The SQL that turns a column's existing values into values of its new definition, one rule per
 * conversion that panel-service declares in column.updated (docs/data-service.md lists them). A
 * value that cannot be converted becomes blank; nothing here can fail on a value.
 */
public final class ValueConversions {

    static final String EMAIL_PATTERN = "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$";
    static final String URL_PATTERN = "^https?://[^\\s/?#]+[^\\s]*$";
    static final String PHONE_PATTERN = "^\\+?[0-9 ().\\-]{3,40}$";

    private ValueConversions() {
    }

    /**
     * @param rule  the conversion rule ({@code materialize_then_} already removed), null for a plain cast
     * @param value the old values: a column, or the expression of a computed column
     * @param from  the type of the old values (a computed column's value type)
     */
    public static SqlFragment convert(String rule, SqlFragment value, ColumnType from, PanelColumn previous,
                                      PanelColumn next, List<String> removedOptions, ZoneId panelZone) {
        String target = StorageTypes.sqlType(next.type());
        SqlFragment converted = switch (rule == null ? "keep" : rule) {
            case "keep", "keep_number", "number_as_seconds", "materialize" -> same(value, from, next, previous, panelZone);
            case "format_text" -> text(value, from, previous, panelZone);
            case "to_json" -> SqlFragment.of("to_jsonb(").append(value).append(")");
            case "validate_email" -> matching(text(value, from, previous, panelZone), EMAIL_PATTERN);
            case "validate_url" -> matching(text(value, from, previous, panelZone), URL_PATTERN);
            case "validate_phone" -> matching(text(value, from, previous, panelZone), PHONE_PATTERN);
            case "match_option_names" -> optionsByName(text(value, from, previous, panelZone), next);
            case "round", "clamp_rating", "round_clamp_rating" -> numeric(value, next);
            case "nonzero_true" -> SqlFragment.of("(").append(value).append(" <> 0)");
            case "true_one_false_zero" -> SqlFragment.of("CASE WHEN ").append(value).append(" THEN 1 WHEN NOT ")
                    .append(value).append(" THEN 0 END");
            case "midnight_in_zone" -> SqlFragment.of("(CAST(").append(value).append(" AS timestamp) AT TIME ZONE ")
                    .append(SqlFragment.param(zone(next, panelZone), "text")).append(")");
            case "drop_time" -> SqlFragment.of("CAST((").append(value).append(" AT TIME ZONE ")
                    .append(SqlFragment.param(zone(previous, panelZone), "text")).append(") AS date)");
            case "wrap_in_list" -> SqlFragment.of("CASE WHEN ").append(value).append(" IS NULL OR ").append(value)
                    .append(" = ANY(").append(removed(removedOptions)).append(") THEN NULL ELSE ARRAY[").append(value).append("] END");
            case "keep_first" -> SqlFragment.of("CASE WHEN cardinality(").append(value).append(") > 0 AND NOT (")
                    .append(value).append("[1] = ANY(").append(removed(removedOptions)).append(")) THEN ")
                    .append(value).append("[1] END");
            case "clear_removed_options" -> next.type() == ColumnType.MULTI_SELECT
                    ? SqlFragment.of("(SELECT array_agg(v.id ORDER BY v.n) FROM unnest(").append(value)
                    .append(") WITH ORDINALITY AS v(id, n) WHERE v.id <> ALL(").append(removed(removedOptions)).append("))")
                    : SqlFragment.of("CASE WHEN ").append(value).append(" = ANY(").append(removed(removedOptions))
                    .append(") THEN NULL ELSE ").append(value).append(" END");
            default -> rule.startsWith("parse_") ? parse(text(value, from, previous, panelZone), next, panelZone) : SqlFragment.of("NULL");
        };
        return SqlFragment.of("CAST(").append(converted).append(" AS " + target + ")");
    }

    /** The type of the values a column shows: what a computed column materialises into. */
    public static ColumnType valueType(PanelColumn column) {
        return switch (column.type()) {
            case CREATED_TIME, LAST_MODIFIED_TIME -> ColumnType.DATETIME;
            case CREATED_BY, LAST_MODIFIED_BY -> ColumnType.TEXT;
            case AUTONUMBER -> ColumnType.NUMBER;
            case FORMULA -> switch (StorageTypes.formulaResultType(column.settings().resultType())) {
                case NUMBER -> ColumnType.NUMBER;
                case BOOLEAN -> ColumnType.BOOLEAN;
                case DATE -> ColumnType.DATE;
                case DATETIME -> ColumnType.DATETIME;
                case TEXT, BLANK -> ColumnType.TEXT;
            };
            default -> column.type();
        };
    }

    /** Same kind of value: numbers get the new precision or rating bound, the rest is kept. */
    private static SqlFragment same(SqlFragment value, ColumnType from, PanelColumn next, PanelColumn previous, ZoneId zone) {
        String fromSql = StorageTypes.sqlType(from);
        String toSql = StorageTypes.sqlType(next.type());
        if ("numeric".equals(toSql)) {
            return numeric(value, next);
        }
        if (fromSql != null && !fromSql.equals(toSql)) {
            return "text".equals(toSql) ? text(value, from, previous, zone) : SqlFragment.of("NULL");
        }
        return value;
    }

    /** A number rounded to the column's precision, or for a rating rounded and kept within 0..max. */
    private static SqlFragment numeric(SqlFragment value, PanelColumn next) {
        if (next.type() == ColumnType.RATING) {
            int max = next.settings().max() == null ? 5 : next.settings().max();
            return SqlFragment.of("CASE WHEN round(").append(value).append(") BETWEEN 0 AND " + max + " THEN round(")
                    .append(value).append(") WHEN round(").append(value).append(") > " + max + " THEN " + max + " END");
        }
        Integer precision = next.settings().precision();
        return precision == null ? value : SqlFragment.of("round(").append(value).append(", " + precision + ")");
    }

    /** The values as people would read them, blank when empty. */
    static SqlFragment text(SqlFragment value, ColumnType from, PanelColumn previous, ZoneId zone) {
        SqlFragment text = switch (from) {
            case SINGLE_SELECT -> SqlFragment.of("(SELECT o.name FROM unnest(").append(optionIds(previous.options()))
                    .append(", ").append(optionNames(previous.options())).append(") AS o(id, name) WHERE o.id = ")
                    .append(value).append(")");
            case MULTI_SELECT -> SqlFragment.of("(SELECT string_agg(o.name, ', ' ORDER BY v.n) FROM unnest(").append(value)
                    .append(") WITH ORDINALITY AS v(id, n) JOIN unnest(").append(optionIds(previous.options())).append(", ")
                    .append(optionNames(previous.options())).append(") AS o(id, name) ON o.id = v.id)");
            case BOOLEAN -> SqlFragment.of("CASE WHEN ").append(value).append(" THEN 'true' WHEN NOT ").append(value)
                    .append(" THEN 'false' END");
            case DATE -> SqlFragment.of("to_char(").append(value).append(", 'YYYY-MM-DD')");
            case DATETIME, CREATED_TIME, LAST_MODIFIED_TIME -> SqlFragment.of("to_char(").append(value).append(" AT TIME ZONE ")
                    .append(SqlFragment.param(zone(previous, zone), "text")).append(", 'YYYY-MM-DD\"T\"HH24:MI:SS')");
            case JSON -> SqlFragment.of("CASE WHEN jsonb_typeof(").append(value).append(") = 'string' THEN ").append(value)
                    .append(" #>> '{}' ELSE CAST(").append(value).append(" AS text) END");
            default -> SqlFragment.of("CAST(").append(value).append(" AS text)");
        };
        return SqlFragment.of("NULLIF(").append(text).append(", '')");
    }

    private static SqlFragment matching(SqlFragment text, String pattern) {
        return SqlFragment.of("CASE WHEN ").append(text).append(" ~ ").append(SqlFragment.param(pattern, "text"))
                .append(" THEN ").append(text).append(" END");
    }

    private static SqlFragment optionsByName(SqlFragment text, PanelColumn next) {
        SqlFragment options = SqlFragment.of("unnest(").append(optionIds(next.options())).append(", ")
                .append(optionNames(next.options())).append(") AS o(id, name)");
        if (next.type() == ColumnType.MULTI_SELECT) {
            return SqlFragment.of("(SELECT array_agg(o.id ORDER BY p.n) FROM unnest(string_to_array(").append(text)
                    .append(", ',')) WITH ORDINALITY AS p(part, n) JOIN ").append(options)
                    .append(" ON lower(o.name) = lower(btrim(p.part)))");
        }
        return SqlFragment.of("(SELECT o.id FROM ").append(options).append(" WHERE lower(o.name) = lower(btrim(")
                .append(text).append(")) LIMIT 1)");
    }

    private static SqlFragment parse(SqlFragment text, PanelColumn next, ZoneId zone) {
        return switch (next.type()) {
            case NUMBER, CURRENCY, PERCENT, DURATION, RATING ->
                    numeric(SqlFragment.of("panels_try_numeric(").append(text).append(")"), next);
            case BOOLEAN -> SqlFragment.of("CASE WHEN lower(btrim(").append(text)
                    .append(")) IN ('true', 't', 'yes', 'y', '1', 'on', 'x', 'checked') THEN TRUE WHEN lower(btrim(")
                    .append(text).append(")) IN ('false', 'f', 'no', 'n', '0', 'off', 'unchecked') THEN FALSE END");
            case DATE -> SqlFragment.of("panels_try_date(").append(text).append(")");
            case DATETIME -> SqlFragment.of("panels_try_timestamptz(").append(text).append(", ")
                    .append(SqlFragment.param(zone(next, zone), "text")).append(")");
            default -> SqlFragment.of("NULL");
        };
    }

    static String zone(PanelColumn column, ZoneId panelZone) {
        String zone = column == null ? null : column.settings().timeZone();
        return zone == null ? panelZone.getId() : zone;
    }

    private static SqlFragment removed(List<String> removedOptions) {
        return SqlFragment.param((removedOptions == null ? List.<String>of() : removedOptions).toArray(String[]::new), "text[]");
    }

    private static SqlFragment optionIds(List<SelectOption> options) {
        return SqlFragment.param(options.stream().map(SelectOption::id).toArray(String[]::new), "text[]");
    }

    private static SqlFragment optionNames(List<SelectOption> options) {
        return SqlFragment.param(options.stream().map(SelectOption::name).toArray(String[]::new), "text[]");
    }

}
