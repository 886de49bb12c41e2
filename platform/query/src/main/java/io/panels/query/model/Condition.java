package io.panels.query.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One test on one column. The value stays JSON here because its shape depends on the column type
 * and the operator; {@link io.panels.query.validate.QueryValidator} checks and types it.
 *
 * @param column the column's stable key (never its display name, so that a rename changes nothing)
 * @param op     the operator, which must be one of those of the column's type
 * @param value  the operand: absent for {@code is_empty}, {@code is_true}...; a list for {@code in},
 *               {@code between}, {@code has_any_of}...; an object for {@code within}
 */
@RegisterForReflection
@JsonPropertyOrder({"column", "op", "value"})
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonDeserialize(using = JsonDeserializer.None.class)
public record Condition(String column, Operator op, JsonNode value) implements Filter {

    public Condition {
        if (value != null && value.isNull()) {
            value = null;
        }
    }

    public static Condition of(String column, Operator op) {
        return new Condition(column, op, null);
    }

    public static Condition of(String column, Operator op, Object value) {
        return new Condition(column, op, QueryJson.mapper().valueToTree(value));
    }
}
