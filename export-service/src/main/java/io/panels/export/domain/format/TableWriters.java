package io.panels.export.domain.format;

import io.panels.export.domain.ExportColumn;
import io.panels.export.domain.ExportFormat;
import io.panels.export.domain.ExportOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;

/** Opens the writer of a format on a stream. */
public final class TableWriters {

    private TableWriters() {
    }

    /** {@code options} with their defaults filled in ({@link ExportOptions#withDefaults()}). */
    public static TableWriter open(ExportFormat format, OutputStream out, List<ExportColumn> columns, ExportOptions options,
                                   String title, Instant generatedAt, int maxPdfRows, PdfFonts pdfFonts)
            throws IOException {
        return switch (format) {
            case CSV -> new CsvTableWriter(out, columns, options.delimiter(), options.header(), options.bom(),
                    options.dateFormat(), options.zone());
            case XLSX -> new XlsxTableWriter(out, columns, title, options.dateFormat(), options.zone());
            case JSON -> new JsonTableWriter(out, columns, false, options.zone());
            case NDJSON -> new JsonTableWriter(out, columns, true, options.zone());
            case PDF -> new PdfTableWriter(out, columns, title, generatedAt, options.dateFormat(), options.zone(), maxPdfRows, pdfFonts);
        };
    }
}
