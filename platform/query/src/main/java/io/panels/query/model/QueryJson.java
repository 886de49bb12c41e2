package io.panels.query.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.panels.query.InvalidQueryException;
import io.panels.query.QueryError;
import java.util.List;

/**
 * Reads and writes the JSON form of a {@link Query}. Reading is strict (an unknown property is an
 * error, not silently dropped) because a misspelt {@code "condtions"} would otherwise widen a view
 * to every row.
 */
public final class QueryJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private QueryJson() {}

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** @throws InvalidQueryException when the JSON does not have the shape of a query; its error names where */
    public static Query parse(String json) {
        try {
            Query query = MAPPER.readValue(json, Query.class);
            if (query == null) {
                throw new InvalidQueryException(List.of(new QueryError("", "a query is a JSON object")));
            }
            return query;
        } catch (JsonMappingException e) {
            throw new InvalidQueryException(List.of(new QueryError(path(e), e.getOriginalMessage())));
        } catch (JsonProcessingException e) {
            throw new InvalidQueryException(List.of(new QueryError("", "not valid JSON: " + e.getOriginalMessage())));
        }
    }

    public static String write(Query query) {
        try {
            return MAPPER.writeValueAsString(query);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a query always serialises", e);
        }
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            } else if (reference.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            }
        }
        return path.toString();
    }
}
