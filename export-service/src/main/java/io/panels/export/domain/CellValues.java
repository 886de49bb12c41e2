package io.panels.export.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a value as data-service returns it (docs/data-service.md: JSON numbers, booleans,
 * {@code YYYY-MM-DD}, RFC 3339 instants, option ids) into a typed value for the writers:
 * {@link BigDecimal}, {@link Boolean}, {@link LocalDate}, {@link Instant}, a list of option names,
 * a {@link JsonNode} for json columns, or text. Blank is null. A value that does not match its
 * column's type (a column changed type meanwhile) is kept as text rather than lost.
 */
public final class CellValues {

    private CellValues() {
    }

    public static Object read(ExportColumn column, JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        if (value.isTextual()) {
            return readText(column, value.asText());
        }
        return switch (column.kind()) {
            case NUMBER -> value.isNumber() ? value.decimalValue() : number(value.asText());
            case BOOLEAN -> value.isBoolean() ? (Object) value.booleanValue() : value.asText();
            case DATE -> date(value.asText());
            case DATETIME -> instant(value.asText());
            case OPTIONS -> options(column, value);
            case JSON -> value;
            case TEXT -> value.isTextual() ? optionName(column, value.asText()) : value.toString();
        };
    }

    /**
     * The same for a value that came as a JSON string (the common case, read by the streaming
     * parser without a tree): what {@link #read} answers for a text node.
     */
    public static Object readText(ExportColumn column, String text) {
        if (text.isEmpty()) {
            return null;
        }
        return switch (column.kind()) {
            case NUMBER -> number(text);
            case BOOLEAN -> text;
            case DATE -> date(text);
            case DATETIME -> instant(text);
            case OPTIONS -> {
                List<String> names = new ArrayList<>(1);
                names.add(optionName(column, text));
                yield names;
            }
            case JSON -> TextNode.valueOf(text);
            case TEXT -> optionName(column, text);
        };
    }

    private static Object number(String text) {
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            return text;
        }
    }

    private static Object date(String text) {
        try {
            return LocalDate.parse(text.length() > 10 ? text.substring(0, 10) : text);
        } catch (DateTimeParseException e) {
            return text;
        }
    }

    private static Object instant(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return text;
        }
    }

    private static List<String> options(ExportColumn column, JsonNode value) {
        List<String> names = new ArrayList<>();
        if (value.isArray()) {
            value.forEach(item -> names.add(optionName(column, item.asText())));
        } else {
            names.add(optionName(column, value.asText()));
        }
        return names;
    }

    private static String optionName(ExportColumn column, String id) {
        return column.options() == null ? id : column.options().getOrDefault(id, id);
    }
}
