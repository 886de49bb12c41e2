package io.panels.panel.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Type-specific settings of a column; only the fields of its type are set. {@code resultType},
 * {@code referencedKeys} and {@code immutable} of a formula are inferred, never taken from a caller.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ColumnSettings(
        Integer precision,
        String currency,
        String timeZone,
        String durationFormat,
        List<SelectOption> options,
        Integer max,
        String formula,
        String resultType,
        List<String> referencedKeys,
        Boolean immutable) {

    public static final ColumnSettings NONE = new ColumnSettings(null, null, null, null, null, null, null, null, null, null);

    public List<SelectOption> optionsOrEmpty() {
        return options == null ? List.of() : options;
    }
}
