package io.panels.export.domain;

import io.panels.common.problem.FieldError;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How a file is written. Every member is optional; {@link #withDefaults()} fills them in.
 *
 * @param delimiter  CSV field separator: {@code ,} (default), {@code ;}, tab or {@code |}
 * @param header     whether CSV starts with a header row (default true)
 * @param bom        whether CSV starts with a UTF-8 byte order mark, for Excel (default false)
 * @param timeZone   IANA zone in which date-times are written (default UTC)
 * @param dateFormat pattern of dates made of y, M, d and {@code - . /} or space (default yyyy-MM-dd);
 *                   date-times add " HH:mm:ss". JSON and NDJSON always use ISO 8601.
 * @param columns    column keys to export, in this order (default: the view's visible columns or
 *                   every column of the panel)
 */
@RegisterForReflection
public record ExportOptions(String delimiter, Boolean header, Boolean bom, String timeZone, String dateFormat,
                            List<String> columns) {

    private static final Set<String> DELIMITERS = Set.of(",", ";", "\t", "|");
    // Only letters that mean the same to Java and to Excel's number formats (M becomes m there).
    private static final Pattern DATE_FORMAT = Pattern.compile("[yMd]+([-./ ][yMd]+){0,2}");

    public static ExportOptions none() {
        return new ExportOptions(null, null, null, null, null, null);
    }

    public ExportOptions withDefaults() {
        return new ExportOptions(delimiter == null ? "," : delimiter, header == null || header, bom != null && bom,
                timeZone == null ? "UTC" : timeZone, dateFormat == null ? "yyyy-MM-dd" : dateFormat, columns);
    }

    /** Field errors under {@code options.}; empty when the options can be used. */
    public List<FieldError> errors() {
        List<FieldError> errors = new ArrayList<>();
        if (delimiter != null && !DELIMITERS.contains(delimiter)) {
            errors.add(new FieldError("options.delimiter", "must be one of , ; | or a tab"));
        }
        if (timeZone != null) {
            try {
                ZoneId.of(timeZone);
            } catch (DateTimeException e) {
                errors.add(new FieldError("options.timeZone", "must be an IANA time zone such as Europe/Paris"));
            }
        }
        if (dateFormat != null) {
            if (!DATE_FORMAT.matcher(dateFormat).matches() || !dateFormat.contains("y") || !dateFormat.contains("M")
                    || !dateFormat.contains("d")) {
                errors.add(new FieldError("options.dateFormat", "must combine y, M and d with - . / or a space, e.g. dd.MM.yyyy"));
            } else {
                DateTimeFormatter.ofPattern(dateFormat);
            }
        }
        if (columns != null) {
            if (columns.isEmpty() || columns.size() > 500) {
                errors.add(new FieldError("options.columns", "must name 1 to 500 columns"));
            } else if (columns.stream().distinct().count() != columns.size()) {
                errors.add(new FieldError("options.columns", "must not name a column twice"));
            }
        }
        return errors;
    }

    public ZoneId zone() {
        return ZoneId.of(timeZone == null ? "UTC" : timeZone);
    }
}
