package io.panels.query.model;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.Arrays;
import java.util.List;

/**
 * Conditions and nested groups joined by one conjunction. An empty group matches every row.
 *
 * @param conjunction {@code and} (every member holds) or {@code or} (at least one holds); {@code and} when absent
 */
@RegisterForReflection
@JsonPropertyOrder({"conjunction", "conditions"})
@JsonDeserialize(using = JsonDeserializer.None.class)
public record FilterGroup(Conjunction conjunction, List<Filter> conditions) implements Filter {

    public FilterGroup {
        conjunction = conjunction == null ? Conjunction.AND : conjunction;
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
    }

    public static FilterGroup and(List<? extends Filter> conditions) {
        return new FilterGroup(Conjunction.AND, List.copyOf(conditions));
    }

    public static FilterGroup and(Filter... conditions) {
        return and(Arrays.asList(conditions));
    }

    public static FilterGroup or(List<? extends Filter> conditions) {
        return new FilterGroup(Conjunction.OR, List.copyOf(conditions));
    }

    public static FilterGroup or(Filter... conditions) {
        return or(Arrays.asList(conditions));
    }
}
