package io.panels.data.domain;

import io.panels.common.problem.FieldError;
import io.panels.common.problem.ProblemException;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How to read a CSV file into a panel.
 *
 * @param delimiter the field separator (one character; {@code tab} in the API for a tab)
 * @param header    whether the first line names the fields
 * @param mapping   CSV header (or, without a header, the 1-based field number) to column key;
 *                  empty: each header that equals a column's key or name (ignoring case) goes to
 *                  that column, and without a header the fields go to the writable columns in
 *                  display order
 */
@RegisterForReflection
public record ImportOptions(String delimiter, boolean header, Map<String, String> mapping) {

    public ImportOptions {
        mapping = mapping == null ? Map.of() : Map.copyOf(mapping);
    }

    public char delimiterChar() {
        return "tab".equals(delimiter) || "\\t".equals(delimiter) ? '\t' : delimiter.charAt(0);
    }

    /** Refuses options that cannot work for this panel (400, nothing queued). */
    public void check(PanelSchema panel) {
        List<FieldError> errors = new ArrayList<>();
        if (delimiter == null || !(delimiter.length() == 1 || "tab".equals(delimiter) || "\\t".equals(delimiter))
                || delimiter.length() == 1 && (delimiter.charAt(0) == '"' || delimiter.charAt(0) == '\n'
                || delimiter.charAt(0) == '\r')) {
            errors.add(new FieldError("delimiter", "must be one character other than a quote or a line break, or tab"));
        }
        mapping.forEach((source, key) -> {
            Optional<PanelColumn> column = key == null ? Optional.empty() : panel.column(key);
            if (column.isEmpty()) {
                errors.add(new FieldError("mapping." + source, "is not a column of this panel"));
            } else if (column.get().computed()) {
                errors.add(new FieldError("mapping." + source, "is computed and cannot be imported"));
            }
            if (!header && !source.matches("[1-9][0-9]{0,4}")) {
                errors.add(new FieldError("mapping." + source, "without a header row, map field numbers (1, 2, ...)"));
            }
        });
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("The import options are not valid.", errors);
        }
    }

    /**
     * The column each field of the file goes to (null: ignored), from the header fields (or, without a
     * header, the number of fields of the first record).
     */
    public List<PanelColumn> bind(PanelSchema panel, List<String> headerFields, int fieldCount) {
        List<PanelColumn> writable = panel.columns().stream().filter(c -> !c.computed()).toList();
        List<PanelColumn> bound = new ArrayList<>();
        if (!header) {
            for (int i = 0; i < fieldCount; i++) {
                String key = mapping.get(Integer.toString(i + 1));
                bound.add(key != null ? panel.column(key).orElse(null)
                        : mapping.isEmpty() && i < writable.size() ? writable.get(i) : null);
            }
            return bound;
        }
        Map<String, String> byHeader = new LinkedHashMap<>();
        mapping.forEach((source, key) -> byHeader.put(source.strip().toLowerCase(Locale.ROOT), key));
        for (String field : headerFields) {
            String name = field.strip().toLowerCase(Locale.ROOT);
            PanelColumn column = null;
            if (!mapping.isEmpty()) {
                String key = byHeader.get(name);
                column = key == null ? null : panel.column(key).orElse(null);
            } else {
                column = writable.stream().filter(c -> c.key().equals(name)).findFirst()
                        .or(() -> writable.stream().filter(c -> c.name() != null && c.name().strip().toLowerCase(Locale.ROOT)
                                .equals(name)).findFirst())
                        .orElse(null);
            }
            // A column named by two headers takes the first.
            PanelColumn chosen = column;
            bound.add(chosen != null && bound.stream().anyMatch(b -> b == chosen) ? null : chosen);
        }
        return bound;
    }
}
