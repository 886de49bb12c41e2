package io.panels.data.domain;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads CSV (RFC 4180) records one at a time from a stream: fields separated by the delimiter,
 * optionally in double quotes (a doubled quote inside is one quote; a quoted field may span
 * lines), records ended by LF or CRLF. Never holds more than one record in memory.
 */
public final class CsvRecords {

    /** Longest field accepted: one bad quote must not swallow a whole file into memory. */
    public static final int MAX_FIELD = 1_000_000;

    private final Reader in;
    private final char delimiter;
    private final char[] buffer = new char[64 * 1024];
    private int position;
    private int limit;
    private long line = 1;
    private long recordLine;
    private final StringBuilder field = new StringBuilder();

    public CsvRecords(Reader in, char delimiter) {
        this.in = in;
        this.delimiter = delimiter;
    }

    /** The physical line (1-based) where the last record returned by {@link #next()} started. */
    public long line() {
        return recordLine;
    }

    /**
     * The next record's fields, or null at the end of the input. An empty line is a record with one
     * empty field.
     *
     * @throws MalformedCsvException for a quote that is never closed or a field longer than {@link #MAX_FIELD}
     */
    public List<String> next() throws IOException {
        int c = read();
        if (c < 0) {
            return null;
        }
        recordLine = line;
        List<String> fields = new ArrayList<>();
        field.setLength(0);
        boolean quoted = false;
        boolean inQuotes = false;
        while (true) {
            if (inQuotes) {
                if (c < 0) {
                    throw new MalformedCsvException(recordLine, "a quoted field is never closed");
                }
                if (c == '"') {
                    int after = read();
                    if (after == '"') {
                        append('"');
                    } else {
                        inQuotes = false;
                        c = after;
                        continue;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    append((char) c);
                }
                c = read();
                continue;
            }
            if (c < 0 || c == '\n') {
                if (c == '\n') {
                    line++;
                }
                fields.add(end());
                return fields;
            }
            if (c == '\r') {
                int after = read();
                if (after != '\n' && after >= 0) {
                    // A lone CR ends a record too (old Mac files).
                    unread();
                }
                line++;
                fields.add(end());
                return fields;
            }
            if (c == delimiter) {
                fields.add(end());
                quoted = false;
            } else if (c == '"' && field.isEmpty() && !quoted) {
                inQuotes = true;
                quoted = true;
            } else {
                append((char) c);
            }
            c = read();
        }
    }

    private String end() {
        String value = field.toString();
        field.setLength(0);
        return value;
    }

    private void append(char c) {
        if (field.length() >= MAX_FIELD) {
            throw new MalformedCsvException(recordLine, "a field is longer than " + MAX_FIELD + " characters");
        }
        field.append(c);
    }

    private int read() throws IOException {
        if (position == limit) {
            limit = in.read(buffer, 0, buffer.length);
            position = 0;
            if (limit <= 0) {
                limit = 0;
                return -1;
            }
        }
        return buffer[position++];
    }

    private void unread() {
        position--;
    }

    /** The file cannot be read as CSV from this line on. */
    public static final class MalformedCsvException extends RuntimeException {

        private final long line;

        public MalformedCsvException(long line, String message) {
            super(message);
            this.line = line;
        }

        public long line() {
            return line;
        }
    }
}
