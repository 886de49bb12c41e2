package io.panels.data.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import io.vertx.sqlclient.data.Numeric;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.UUID;

/** What the reactive PostgreSQL client returns, as the JSON the API and events show. */
public final class JsonValues {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonValues() {
    }

    public static JsonNode of(Object value) {
        return switch (value) {
            case null -> NullNode.getInstance();
            case String s -> JSON.textNode(s);
            case Boolean b -> JSON.booleanNode(b);
            case Numeric n -> n.isNaN() ? NullNode.getInstance() : JSON.numberNode(n.bigDecimalValue());
            case BigDecimal n -> JSON.numberNode(n);
            case Long n -> JSON.numberNode(n);
            case Integer n -> JSON.numberNode(n);
            case Short n -> JSON.numberNode(n);
            case Double n -> JSON.numberNode(n);
            case Float n -> JSON.numberNode(n);
            case LocalDate d -> JSON.textNode(d.toString());
            case OffsetDateTime t -> JSON.textNode(t.toInstant().toString());
            case LocalDateTime t -> JSON.textNode(t.toString());
            case Instant t -> JSON.textNode(t.toString());
            case UUID u -> JSON.textNode(u.toString());
            case JsonObject o -> parse(o.encode());
            case JsonArray a -> parse(a.encode());
            case Object[] items -> {
                ArrayNode array = JSON.arrayNode();
                for (Object item : items) {
                    array.add(of(item));
                }
                yield array;
            }
            default -> value == Tuple.JSON_NULL ? NullNode.getInstance() : JSON.textNode(value.toString());
        };
    }

    public static Instant instant(Object value) {
        return value instanceof OffsetDateTime t ? t.toInstant() : null;
    }

    public static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the database returned JSON that does not parse", e);
        }
    }
}
