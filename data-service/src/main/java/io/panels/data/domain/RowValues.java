package io.panels.data.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import io.panels.common.problem.FieldError;
import io.panels.query.schema.ColumnType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks the values a caller gives against the panel's columns: the type of each value, select
 * options, email / url / phone formats, required columns, and what cannot be set (computed columns,
 * unknown keys). Every problem is collected with its path ({@code rows[3].values.price}), so one
 * reply lists all of them.
 */
public final class RowValues {

    public static final int MAX_TEXT = 100_000;
    public static final int MAX_JSON = 100_000;
    private static final int MAX_NUMBER_DIGITS = 100;
    private static final Pattern EMAIL = Pattern.compile(ValueConversions.EMAIL_PATTERN);
    private static final Pattern URL = Pattern.compile(ValueConversions.URL_PATTERN);
    private static final Pattern PHONE = Pattern.compile(ValueConversions.PHONE_PATTERN);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private RowValues() {
    }

    /**
     * The checked values of a new row: every writable column, the given value, else the column's
     * default, else blank.
     */
    public static Map<String, CellValue> forCreate(PanelSchema panel, Map<String, JsonNode> given, String path,
                                                   List<FieldError> errors) {
        Map<String, JsonNode> values = given == null ? Map.of() : given;
        unknownOrComputed(panel, values, path, errors);
        Map<String, CellValue> checked = new LinkedHashMap<>();
        for (PanelColumn column : panel.columns()) {
            if (column.computed()) {
                continue;
            }
            CellValue value;
            if (values.containsKey(column.key())) {
                value = check(column, values.get(column.key()), panel.zone(), path + "values." + column.key(), errors);
            } else if (column.defaultValue() != null) {
                List<FieldError> ignored = new ArrayList<>();
                value = check(column, column.defaultValue(), panel.zone(), "", ignored);
                if (!ignored.isEmpty()) {
                    value = blank(column);
                }
            } else {
                value = blank(column);
            }
            if (value == null) {
                continue;
            }
            if (value.blank() && column.required()) {
                errors.add(new FieldError(path + "values." + column.key(), "is required"));
            }
            checked.put(column.key(), value);
        }
        return checked;
    }

    /** The checked values of a partial update: only the given columns. */
    public static Map<String, CellValue> forUpdate(PanelSchema panel, Map<String, JsonNode> given, String path,
                                                   List<FieldError> errors) {
        Map<String, JsonNode> values = given == null ? Map.of() : given;
        unknownOrComputed(panel, values, path, errors);
        Map<String, CellValue> checked = new LinkedHashMap<>();
        for (PanelColumn column : panel.columns()) {
            if (column.computed() || !values.containsKey(column.key())) {
                continue;
            }
            CellValue value = check(column, values.get(column.key()), panel.zone(), path + "values." + column.key(), errors);
            if (value == null) {
                continue;
            }
            if (value.blank() && column.required()) {
                errors.add(new FieldError(path + "values." + column.key(), "is required"));
            }
            checked.put(column.key(), value);
        }
        return checked;
    }

    private static void unknownOrComputed(PanelSchema panel, Map<String, JsonNode> values, String path, List<FieldError> errors) {
        for (String key : values.keySet()) {
            var column = panel.column(key);
            if (column.isEmpty()) {
                errors.add(new FieldError(path + "values." + key, "is not a column of this panel"));
            } else if (column.get().computed()) {
                errors.add(new FieldError(path + "values." + key, "is computed and cannot be set"));
            }
        }
    }

    private static CellValue blank(PanelColumn column) {
        return new CellValue(column, null, NullNode.getInstance());
    }

    /** One value; null (with an error recorded) when it does not fit the column. */
    static CellValue check(PanelColumn column, JsonNode value, ZoneId panelZone, String field, List<FieldError> errors) {
        if (value == null || value.isNull()) {
            return blank(column);
        }
        ColumnType type = column.type();
        return switch (type) {
            case TEXT, LONG_TEXT, EMAIL, URL, PHONE -> {
                if (!value.isTextual()) {
                    yield invalid(errors, field, "must be a text");
                }
                String text = type == ColumnType.TEXT || type == ColumnType.LONG_TEXT ? value.textValue() : value.textValue().strip();
                if (text.isEmpty()) {
                    yield blank(column);
                }
                if (text.length() > MAX_TEXT) {
                    yield invalid(errors, field, "must be at most " + MAX_TEXT + " characters");
                }
                if (text.indexOf('\0') >= 0) {
                    yield invalid(errors, field, "must not contain NUL characters");
                }
                Pattern format = switch (type) {
                    case EMAIL -> EMAIL;
                    case URL -> URL;
                    case PHONE -> PHONE;
                    default -> null;
                };
                if (format != null && !format.matcher(text).matches()) {
                    yield invalid(errors, field, "must be a valid " + PanelColumn.wireName(type)
                            + (type == ColumnType.URL ? " (http or https)" : ""));
                }
                yield new CellValue(column, text, JSON.textNode(text));
            }
            case NUMBER, CURRENCY, PERCENT, DURATION, RATING -> {
                if (!value.isNumber()) {
                    yield invalid(errors, field, "must be a number");
                }
                BigDecimal number = value.decimalValue();
                if (number.precision() > MAX_NUMBER_DIGITS) {
                    yield invalid(errors, field, "has too many digits");
                }
                if (type == ColumnType.RATING) {
                    int max = column.settings().max() == null ? 5 : column.settings().max();
                    if (number.stripTrailingZeros().scale() > 0 || number.compareTo(BigDecimal.ZERO) < 0
                            || number.compareTo(BigDecimal.valueOf(max)) > 0) {
                        yield invalid(errors, field, "must be a whole number from 0 to " + max);
                    }
                    number = number.setScale(0, RoundingMode.UNNECESSARY);
                } else if (column.settings().precision() != null && number.scale() > column.settings().precision()) {
                    number = number.setScale(column.settings().precision(), RoundingMode.HALF_UP);
                }
                yield new CellValue(column, number, JSON.numberNode(number));
            }
            case BOOLEAN -> value.isBoolean()
                    ? new CellValue(column, value.booleanValue(), JSON.booleanNode(value.booleanValue()))
                    : invalid(errors, field, "must be true or false");
            case DATE -> {
                try {
                    LocalDate date = value.isTextual() ? LocalDate.parse(value.textValue()) : null;
                    yield date == null || date.getYear() < 1 || date.getYear() > 9999 ? invalid(errors, field, "must be a date, YYYY-MM-DD")
                            : new CellValue(column, date, JSON.textNode(date.toString()));
                } catch (DateTimeException e) {
                    yield invalid(errors, field, "must be a date, YYYY-MM-DD");
                }
            }
            case DATETIME -> {
                if (!value.isTextual()) {
                    yield invalid(errors, field, "must be a date-time, e.g. 2024-03-01T09:30:00Z");
                }
                try {
                    OffsetDateTime instant = dateTime(value.textValue(), ZoneId.of(ValueConversions.zone(column, panelZone)));
                    if (instant.getYear() < 1 || instant.getYear() > 9999) {
                        yield invalid(errors, field, "must be between the years 1 and 9999");
                    }
                    yield new CellValue(column, instant, JSON.textNode(instant.toInstant().toString()));
                } catch (DateTimeException e) {
                    yield invalid(errors, field, "must be a date-time, e.g. 2024-03-01T09:30:00Z");
                }
            }
            case SINGLE_SELECT -> {
                if (!value.isTextual() || !column.hasOption(value.textValue())) {
                    yield invalid(errors, field, "must be the id of one of the column's options");
                }
                yield new CellValue(column, value.textValue(), JSON.textNode(value.textValue()));
            }
            case MULTI_SELECT -> {
                if (!value.isArray()) {
                    yield invalid(errors, field, "must be a list of option ids");
                }
                Set<String> ids = new LinkedHashSet<>();
                for (JsonNode item : value) {
                    if (!item.isTextual() || !column.hasOption(item.textValue())) {
                        yield invalid(errors, field, "must be a list of ids of the column's options");
                    }
                    ids.add(item.textValue());
                }
                if (ids.isEmpty()) {
                    yield blank(column);
                }
                ArrayNode json = JSON.arrayNode();
                ids.forEach(json::add);
                yield new CellValue(column, ids.toArray(String[]::new), json);
            }
            case JSON -> {
                String text = value.toString();
                if (text.length() > MAX_JSON) {
                    yield invalid(errors, field, "must be at most " + MAX_JSON + " characters of JSON");
                }
                if (text.contains("\\u0000")) {
                    yield invalid(errors, field, "must not contain NUL characters");
                }
                yield new CellValue(column, text, value);
            }
            default -> invalid(errors, field, "is computed and cannot be set");
        };
    }

    /** An instant with an offset, or a local date-time (or date) in the column's zone. */
    static OffsetDateTime dateTime(String text, ZoneId zone) {
        try {
            return OffsetDateTime.parse(text).withOffsetSameInstant(ZoneOffset.UTC);
        } catch (DateTimeException withoutOffset) {
            try {
                return LocalDateTime.parse(text).atZone(zone).toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC);
            } catch (DateTimeException notLocal) {
                return LocalDate.parse(text).atStartOfDay(zone).toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC);
            }
        }
    }

    private static CellValue invalid(List<FieldError> errors, String field, String message) {
        errors.add(new FieldError(field, message));
        return null;
    }
}
