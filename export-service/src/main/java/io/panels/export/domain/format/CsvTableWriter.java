package io.panels.export.domain.format;

import io.panels.export.domain.ExportColumn;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.List;

/**
 * RFC 4180 CSV in UTF-8: CRLF line ends, a field quoted when it holds the delimiter, a quote or a
 * line break, quotes doubled. Text that a spreadsheet would run as a formula (a leading
 * {@code = + - @}, tab or CR) gets a leading {@code '} (OWASP "CSV injection"); numbers are
 * written as numbers, so a negative amount stays a number.
 */
final class CsvTableWriter implements TableWriter {

    private static final char BOM = '\uFEFF';

    private final Writer out;
    private final char delimiter;
    private final Cells cells;

    CsvTableWriter(OutputStream stream, List<ExportColumn> columns, String delimiter, boolean header, boolean bom,
                   String datePattern, ZoneId zone) throws IOException {
        this.out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
        this.delimiter = delimiter.charAt(0);
        this.cells = new Cells(datePattern, zone);
        if (bom) {
            out.write(BOM);
        }
        if (header) {
            for (int i = 0; i < columns.size(); i++) {
                if (i > 0) {
                    out.write(this.delimiter);
                }
                field(neutralised(columns.get(i).name()));
            }
            out.write("\r\n");
        }
    }

    @Override
    public void row(Object[] values) throws IOException {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.write(delimiter);
            }
            Object value = values[i];
            String text = cells.text(value);
            field(value instanceof BigDecimal || value instanceof Boolean ? text : neutralised(text));
        }
        out.write("\r\n");
    }

    @Override
    public void finish() throws IOException {
        out.flush();
    }

    static String neutralised(String text) {
        if (text.isEmpty()) {
            return text;
        }
        char first = text.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
                ? "'" + text
                : text;
    }

    private void field(String text) throws IOException {
        boolean quote = false;
        for (int i = 0; i < text.length() && !quote; i++) {
            char c = text.charAt(i);
            quote = c == delimiter || c == '"' || c == '\n' || c == '\r';
        }
        if (!quote) {
            out.write(text);
            return;
        }
        out.write('"');
        out.write(text.replace("\"", "\"\""));
        out.write('"');
    }
}
