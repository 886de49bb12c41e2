package io.panels.data.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import io.panels.events.panel.SelectOption;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Locale;

/**
 * Turns the text of a CSV field into the JSON value the rows API takes for its column, so that an
 * imported value is then checked by exactly the rules of the rows API ({@link RowValues}). Select
 * options may be given by id or by name (ignoring case); a multi select lists them separated by
 * commas. Text that cannot be read for its type becomes an error with {@link Unreadable}.
 */
public final class CsvValues {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private CsvValues() {
    }

    public static JsonNode of(PanelColumn column, String text) {
        if (text == null || text.isEmpty()) {
            return NullNode.getInstance();
        }
        return switch (column.type()) {
            case NUMBER, CURRENCY, PERCENT, DURATION, RATING -> {
                String number = text.strip();
                if (number.isEmpty()) {
                    yield NullNode.getInstance();
                }
                try {
                    yield JSON.numberNode(new BigDecimal(number));
                } catch (NumberFormatException e) {
                    throw new Unreadable("must be a number");
                }
            }
            case BOOLEAN -> switch (text.strip().toLowerCase(Locale.ROOT)) {
                case "" -> NullNode.getInstance();
                case "true", "t", "yes", "y", "1", "x", "on", "checked" -> JSON.booleanNode(true);
                case "false", "f", "no", "n", "0", "off", "unchecked" -> JSON.booleanNode(false);
                default -> throw new Unreadable("must be true or false (also yes/no, 1/0)");
            };
            case DATE, DATETIME, EMAIL, URL, PHONE -> JSON.textNode(text.strip());
            case SINGLE_SELECT -> JSON.textNode(option(column, text.strip()));
            case MULTI_SELECT -> {
                ArrayNode ids = JSON.arrayNode();
                for (String part : text.split(",")) {
                    if (!part.isBlank()) {
                        ids.add(option(column, part.strip()));
                    }
                }
                yield ids;
            }
            case JSON -> {
                try {
                    yield MAPPER.readTree(text);
                } catch (IOException e) {
                    throw new Unreadable("must be JSON");
                }
            }
            default -> JSON.textNode(text);
        };
    }

    /** The id of the option with this id, else with this name (ignoring case). */
    private static String option(PanelColumn column, String idOrName) {
        for (SelectOption option : column.options()) {
            if (option.id().equals(idOrName)) {
                return option.id();
            }
        }
        for (SelectOption option : column.options()) {
            if (option.name() != null && option.name().equalsIgnoreCase(idOrName)) {
                return option.id();
            }
        }
        throw new Unreadable("must be the name or id of one of the column's options");
    }

    /** A field whose text cannot be a value of its column. */
    public static final class Unreadable extends RuntimeException {

        public Unreadable(String message) {
            super(message, null, false, false);
        }
    }
}
