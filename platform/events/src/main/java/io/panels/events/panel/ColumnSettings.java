package io.panels.events.panel;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * Type-specific settings of a column; only the fields of its type are present.
 *
 * @param precision      digits after the decimal point (number, currency, percent)
 * @param currency       ISO 4217 code (currency)
 * @param timeZone       IANA zone the values are shown and entered in (datetime)
 * @param durationFormat {@code h:mm} or {@code h:mm:ss} (duration; values are seconds)
 * @param options        the choices of a single or multi select; rows store option ids, so a
 *                       renamed option changes no row
 * @param max            highest rating (rating)
 * @param formula        the expression, with column references written by key ({@code {price}}) (formula)
 * @param resultType     the inferred type of the formula's values: number, text, boolean, date, datetime (formula)
 * @param referencedKeys keys of the columns the formula reads directly (formula)
 * @param immutable      whether the formula depends on the row alone (no NOW/TODAY): it may be a
 *                       stored generated column (formula)
 */
@RegisterForReflection
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
}
