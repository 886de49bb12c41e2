package io.panels.export.domain;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.Map;

/**
 * One column of an export, fixed when the job is requested.
 *
 * @param key     the panel column's stable key (what data-service returns values under)
 * @param name    the header people read
 * @param kind    how values are typed in the file
 * @param options select option id to name, so a file shows "Done", not an option id
 * @param width   the view's width in pixels, or null
 */
@RegisterForReflection
public record ExportColumn(String key, String name, CellKind kind, Map<String, String> options, Integer width) {
}
