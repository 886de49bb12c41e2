package io.panels.export.domain.format;

import io.panels.export.domain.ExportColumn;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;

/**
 * RFC 4180 CSV in UTF-8: CRLF line ends, a field quoted when it holds the delimiter, a quote or a
 * line break, quotes doubled. Text that a spreadsheet would run as a formula (a leading
 * {@code = + - @}, tab or CR) gets a leading {@code '} (OWASP "CSV injection"); numbers are
 * written as numbers, so a negative amount stays a number.
 * <p>
 * Rows are written character by character into one reused buffer (no string per field for
 * quoting or neutralising), handed to the UTF-8 encoder in blocks of about 64 KiB: at a million
 * rows of 20 columns the per-field allocations were most of the writer's time (ADR 0052).
 */
final class CsvTableWriter implements TableWriter {

    private static final char BOM = '\uFEFF';
    private static final int BLOCK = 1 << 16;

    private final Writer out;
    private final char delimiter;
    private final Cells cells;
    private char[] buffer = new char[BLOCK + 4_096];
    private int length;

    CsvTableWriter(OutputStream stream, List<ExportColumn> columns, String delimiter, boolean header, boolean bom,
                   String datePattern, ZoneId zone) throws IOException {
        this.out = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
        this.delimiter = delimiter.charAt(0);
        this.cells = new Cells(datePattern, zone);
        if (bom) {
            put(BOM);
        }
        if (header) {
            for (int i = 0; i < columns.size(); i++) {
                if (i > 0) {
                    put(this.delimiter);
                }
                text(columns.get(i).name());
            }
            endLine();
        }
    }

    @Override
    public void row(Object[] values) throws IOException {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                put(delimiter);
            }
            switch (values[i]) {
                case null -> {
                }
                case String text -> text(text);
                // A number or a boolean never holds a delimiter, quote or line break, and is never neutralised.
                case BigDecimal number -> raw(number.toPlainString());
                case Boolean flag -> raw(flag ? "true" : "false");
                case LocalDate day -> text(cells.date(day));
                case Instant instant -> text(cells.dateTime(instant));
                default -> text(cells.text(values[i]));
            }
        }
        endLine();
    }

    @Override
    public void finish() throws IOException {
        drain();
        out.flush();
    }

    /** Text as a field: neutralised when a spreadsheet would run it, quoted when it needs to be. */
    private void text(String text) {
        int n = text.length();
        if (n == 0) {
            return;
        }
        char first = text.charAt(0);
        boolean neutralise = first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r';
        boolean quote = false;
        for (int i = 0; i < n && !quote; i++) {
            char c = text.charAt(i);
            quote = c == delimiter || c == '"' || c == '\n' || c == '\r';
        }
        if (!quote) {
            room(n + 1);
            if (neutralise) {
                buffer[length++] = '\'';
            }
            text.getChars(0, n, buffer, length);
            length += n;
            return;
        }
        room(2 * n + 3);
        buffer[length++] = '"';
        if (neutralise) {
            buffer[length++] = '\'';
        }
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c == '"') {
                buffer[length++] = '"';
            }
            buffer[length++] = c;
        }
        buffer[length++] = '"';
    }

    private void raw(String text) {
        int n = text.length();
        room(n);
        text.getChars(0, n, buffer, length);
        length += n;
    }

    private void put(char c) {
        room(1);
        buffer[length++] = c;
    }

    private void endLine() throws IOException {
        room(2);
        buffer[length++] = '\r';
        buffer[length++] = '\n';
        if (length >= BLOCK) {
            drain();
        }
    }

    private void room(int more) {
        if (length + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
        }
    }

    private void drain() throws IOException {
        out.write(buffer, 0, length);
        length = 0;
        if (buffer.length > 4 * BLOCK) {
            buffer = new char[BLOCK + 4_096]; // a very long field grew it: give the memory back
        }
    }
}
