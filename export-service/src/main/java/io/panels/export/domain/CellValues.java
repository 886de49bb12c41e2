package io.panels.export.domain;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.DateTimeException;
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

    /**
     * A JSON number of a number column, read from the parser's current token without a tree: what
     * {@link #read} answers for the node Jackson would make of it (integers as they are, decimals
     * without trailing zeros, as Jackson's {@code DecimalNode} normalises them).
     */
    public static BigDecimal number(JsonParser parser) throws IOException {
        if (parser.currentToken() == JsonToken.VALUE_NUMBER_INT) {
            return switch (parser.getNumberType()) {
                case INT, LONG -> BigDecimal.valueOf(parser.getLongValue());
                default -> new BigDecimal(parser.getBigIntegerValue());
            };
        }
        BigDecimal value = parser.getDecimalValue();
        return value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
    }

    private static Object number(String text) {
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            return text;
        }
    }

    private static Object date(String text) {
        // The form data-service writes (YYYY-MM-DD...) without the formatter's machinery: a million rows carry several million dates.
        if (text.length() >= 10 && text.charAt(4) == '-' && text.charAt(7) == '-') {
            int year = digits(text, 0, 4);
            int month = digits(text, 5, 7);
            int day = digits(text, 8, 10);
            if (year >= 0 && month >= 0 && day >= 0) {
                try {
                    return LocalDate.of(year, month, day);
                } catch (DateTimeException e) {
                    // not a day: as the formatter answers below
                }
            }
        }
        try {
            return LocalDate.parse(text.length() > 10 ? text.substring(0, 10) : text);
        } catch (DateTimeParseException e) {
            return text;
        }
    }

    private static Object instant(String text) {
        Instant fast = utcInstant(text);
        if (fast != null) {
            return fast;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return text;
        }
    }

    /**
     * {@code YYYY-MM-DDTHH:MM:SS[.fraction]Z}, the form data-service writes date-times in, or null
     * for anything else (then parsed by {@link OffsetDateTime#parse}).
     */
    private static Instant utcInstant(String text) {
        int length = text.length();
        if (length < 20 || text.charAt(length - 1) != 'Z' || text.charAt(10) != 'T' || text.charAt(13) != ':'
                || text.charAt(16) != ':') {
            return null;
        }
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        int nanos = 0;
        if (length > 20) {
            int fraction = length - 21;
            if (text.charAt(19) != '.' || fraction < 1 || fraction > 9) {
                return null;
            }
            nanos = digits(text, 20, length - 1);
            if (nanos < 0) {
                return null;
            }
            for (int i = fraction; i < 9; i++) {
                nanos *= 10;
            }
        } else if (text.charAt(19) != 'Z') {
            return null;
        }
        if (!(date(text.substring(0, 10)) instanceof LocalDate day) || text.charAt(4) != '-') {
            return null;
        }
        return Instant.ofEpochSecond(day.toEpochDay() * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
    }

    /** The decimal number in {@code text[from, to)}, or -1 when a character there is not an ASCII digit. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
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
