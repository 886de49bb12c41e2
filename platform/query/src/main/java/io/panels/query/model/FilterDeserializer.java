package io.panels.query.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * Tells a group from a condition by its shape ({@code conditions} makes a group), without type
 * tags in the JSON and without the reflection that Jackson's deduction would need.
 */
final class FilterDeserializer extends JsonDeserializer<Filter> {

    @Override
    public Filter deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        JsonNode node = parser.readValueAsTree();
        if (!(node instanceof ObjectNode object)) {
            return context.reportInputMismatch(Filter.class, "a filter is an object: a group or a condition");
        }
        Class<? extends Filter> type = object.has("conditions") ? FilterGroup.class : Condition.class;
        try (JsonParser nested = object.traverse(parser.getCodec())) {
            nested.nextToken();
            return context.readValue(nested, type);
        }
    }
}
