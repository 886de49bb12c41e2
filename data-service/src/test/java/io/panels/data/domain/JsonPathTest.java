package io.panels.data.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonPathTest {

    private final JsonNode doc = read("""
            {"data": {"items": [{"id": 1, "tags": ["a", "b"], "price": {"amount": 9.5}}, {"id": 2, "we.ird": true}]},
             "meta": {"next": "c2"}, "list": [1, 2, 3]}
            """);

    private static JsonNode read(String json) {
        try {
            return new ObjectMapper().readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theSubsetSelectsWhatItSays() {
        assertEquals(2, JsonPath.parse("$.data.items").records(doc).size(), "an array: its elements are the records");
        assertEquals(2, JsonPath.parse("$.data.items[*]").records(doc).size());
        assertEquals(2, JsonPath.parse("$['data']['items'][*]").records(doc).size());
        assertEquals("c2", JsonPath.parse("$.meta.next").first(doc).asText());
        assertEquals(9.5, JsonPath.parse("$.data.items[0].price.amount").first(doc).asDouble());
        assertEquals("b", JsonPath.parse("$.data.items[0].tags[-1]").first(doc).asText());
        assertTrue(JsonPath.parse("$.data.items[1]['we.ird']").first(doc).asBoolean());
        assertEquals(List.of(1, 2), JsonPath.parse("$.data.items[*].id").select(doc).stream().map(JsonNode::asInt).toList());
        assertEquals(3, JsonPath.parse("$.list.*").select(doc).size());
        assertEquals(1, JsonPath.parse("$").records(doc).size(), "the root object is one record");
    }

    @Test
    void aMissingMemberSelectsNothing() {
        assertNull(JsonPath.parse("$.data.items[0].nope").first(doc));
        assertNull(JsonPath.parse("$.data.items[7]").first(doc));
        assertNull(JsonPath.parse("$.meta.next.deeper").first(doc));
        assertTrue(JsonPath.parse("$.nothing[*]").records(doc).isEmpty());
    }

    @Test
    void unsupportedSyntaxIsRefusedWithItsPosition() {
        for (String path : List.of("data.items", "$..id", "$.a[?(@.b)]", "$.a[1:2]", "$.a[", "$.", "$['a", "$x")) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> JsonPath.parse(path), path);
            assertTrue(refused.getMessage().contains("at ") || refused.getMessage().contains("$"), refused.getMessage());
        }
    }
}
