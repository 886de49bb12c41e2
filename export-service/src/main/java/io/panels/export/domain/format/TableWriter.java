package io.panels.export.domain.format;

import java.io.IOException;

/**
 * Writes one export file row by row to the stream it was opened on, holding no more than a
 * bounded window of rows (XLSX: a flushed window; PDF: pages, capped by panels.export.max-pdf-rows).
 * Values are typed as {@link io.panels.export.domain.CellValues} makes them; null is blank.
 */
public interface TableWriter {

    void row(Object[] values) throws IOException;

    /** Writes what remains (closing brackets, the workbook's parts, page numbers) and flushes; does not close the stream. */
    void finish() throws IOException;

    /** Releases temporary resources (POI's temp files) whether or not {@link #finish()} ran. */
    default void discard() {
    }
}
