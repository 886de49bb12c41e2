package io.panels.view.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.panels.events.panel.ColumnSettings;
import io.panels.events.view.ViewColumn;
import java.util.List;

/** The JSON kept in jsonb columns: read back from text, written as text cast to jsonb. */
final class Json {

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();
    private static final TypeReference<List<ViewColumn>> COLUMNS = new TypeReference<>() {
    };

    private Json() {
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored values always serialise", e);
        }
    }

    static JsonNode tree(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is always readable", e);
        }
    }

    static List<ViewColumn> columns(String text) {
        try {
            return MAPPER.readValue(text, COLUMNS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored columns are always readable", e);
        }
    }

    static ColumnSettings settings(String text) {
        try {
            return MAPPER.readValue(text, ColumnSettings.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored column settings are always readable", e);
        }
    }
}
