package io.panels.events.panel;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * How existing values change when a column's type or settings change, as declared to (and, when
 * lossy, confirmed by) the person who made the change. Consumers holding values apply {@code rule}.
 *
 * @param fromType         the type before
 * @param toType           the type after (may equal {@code fromType} for a settings change)
 * @param mode             {@code lossless} or {@code lossy}
 * @param rule             the machine-readable conversion, e.g. {@code parse_number}; see docs/panel-service.md
 * @param description      what happens to the values, for people
 * @param removedOptionIds select options that no longer exist: values holding them are cleared
 * @param confirmed        whether the caller confirmed a lossy change (always true when lossy)
 */
@RegisterForReflection
public record ColumnConversion(
        String fromType,
        String toType,
        String mode,
        String rule,
        String description,
        List<String> removedOptionIds,
        boolean confirmed) {
}
