package io.panels.data.domain;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Arrays;
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
    /** The one-record batch {@link #next()} reads into: one state machine for both ways of reading. */
    private Batch single;

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
        if (single == null) {
            single = new Batch(256);
        }
        single.clear();
        return nextInto(single) ? single.fields(0) : null;
    }

    /**
     * Reads the next record into {@code batch} (its fields' text after the batch's earlier records, no
     * string per field); false at the end of the input.
     *
     * @throws MalformedCsvException for a quote that is never closed or a field longer than {@link #MAX_FIELD}
     */
    public boolean nextInto(Batch batch) throws IOException {
        int c = read();
        if (c < 0) {
            return false;
        }
        recordLine = line;
        batch.startRecord(recordLine);
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
                        batch.append('"', recordLine);
                    } else {
                        inQuotes = false;
                        c = after;
                        continue;
                    }
                } else {
                    // Up to the next quote in one run, counting the line breaks it holds.
                    int from = position - 1;
                    int to = position;
                    if (c == '\n') {
                        line++;
                    }
                    char[] chars = buffer;
                    int end = limit;
                    while (to < end) {
                        char next = chars[to];
                        if (next == '"') {
                            break;
                        }
                        if (next == '\n') {
                            line++;
                        }
                        to++;
                    }
                    batch.append(chars, from, to, recordLine);
                    position = to;
                }
                c = read();
                continue;
            }
            if (c < 0 || c == '\n') {
                if (c == '\n') {
                    line++;
                }
                batch.endField();
                batch.endRecord();
                return true;
            }
            if (c == '\r') {
                int after = read();
                if (after != '\n' && after >= 0) {
                    unread();
                }
                line++;
                batch.endField();
                batch.endRecord();
                return true;
            }
            if (c == delimiter) {
                batch.endField();
                quoted = false;
            } else if (c == '"' && batch.fieldLength() == 0 && !quoted) {
                inQuotes = true;
                quoted = true;
            } else {
                // Plain characters: copied in one run up to the next one that means something.
                int from = position - 1;
                int to = position;
                char[] chars = buffer;
                int end = limit;
                while (to < end) {
                    char next = chars[to];
                    if (next == delimiter || next == '\n' || next == '\r' || next == '"') {
                        break;
                    }
                    to++;
                }
                batch.append(chars, from, to, recordLine);
                position = to;
            }
            c = read();
        }
    }

    /**
     * Records read by {@link #nextInto}: the text of all their fields one after the other in one array,
     * where each field ends, which fields each record has, and the line each record starts on.
     */
    public static final class Batch {

        private char[] text;
        private int textLength;
        private int[] fieldEnds = new int[1024];
        private int fields;
        /** Per record, the index of its first field; one more entry than records while a record is open. */
        private int[] firstField = new int[129];
        private long[] lines = new long[128];
        private int records;
        private int fieldStart;

        public Batch(int textCapacity) {
            text = new char[Math.max(64, textCapacity)];
        }

        /** Empties the batch for reuse. */
        public void clear() {
            textLength = 0;
            fields = 0;
            records = 0;
            fieldStart = 0;
        }

        public int records() {
            return records;
        }

        /** Characters of text held (to close a batch before it grows too large). */
        public int textLength() {
            return textLength;
        }

        public char[] text() {
            return text;
        }

        /** The physical line (from 1) where record {@code record} starts. */
        public long line(int record) {
            return lines[record];
        }

        public int fieldCount(int record) {
            return firstField[record + 1] - firstField[record];
        }

        /** Where field {@code field} (0-based) of the record starts in {@link #text()}. */
        public int fieldStart(int record, int field) {
            int index = firstField[record] + field;
            return index == 0 ? 0 : fieldEnds[index - 1];
        }

        public int fieldEnd(int record, int field) {
            return fieldEnds[firstField[record] + field];
        }

        /** The record's fields as strings (for the rare line that needs the general checks). */
        public List<String> fields(int record) {
            List<String> values = new ArrayList<>(fieldCount(record));
            for (int i = 0; i < fieldCount(record); i++) {
                values.add(new String(text, fieldStart(record, i), fieldEnd(record, i) - fieldStart(record, i)));
            }
            return values;
        }

        /** Adds a record read with {@link CsvRecords#next()}. */
        public void add(List<String> values, long line) {
            startRecord(line);
            for (String value : values) {
                char[] chars = value.toCharArray();
                append(chars, 0, chars.length, line);
                endField();
            }
            endRecord();
        }

        /** Drops the last record (an empty line). */
        public void removeLast() {
            records--;
            fields = firstField[records];
            textLength = fields == 0 ? 0 : fieldEnds[fields - 1];
            fieldStart = textLength;
        }

        void startRecord(long line) {
            if (records + 2 > firstField.length) {
                firstField = Arrays.copyOf(firstField, firstField.length * 2);
            }
            if (records + 1 > lines.length) {
                lines = Arrays.copyOf(lines, lines.length * 2);
            }
            firstField[records] = fields;
            lines[records] = line;
            fieldStart = textLength;
        }

        int fieldLength() {
            return textLength - fieldStart;
        }

        void append(char c, long line) {
            if (textLength - fieldStart >= MAX_FIELD) {
                throw new MalformedCsvException(line, "a field is longer than " + MAX_FIELD + " characters");
            }
            if (textLength == text.length) {
                text = Arrays.copyOf(text, text.length * 2);
            }
            text[textLength++] = c;
        }

        void append(char[] chars, int from, int to, long line) {
            int count = to - from;
            if (textLength - fieldStart + count > MAX_FIELD) {
                throw new MalformedCsvException(line, "a field is longer than " + MAX_FIELD + " characters");
            }
            if (textLength + count > text.length) {
                text = Arrays.copyOf(text, Math.max(text.length * 2, textLength + count));
            }
            System.arraycopy(chars, from, text, textLength, count);
            textLength += count;
        }

        void endField() {
            if (fields == fieldEnds.length) {
                fieldEnds = Arrays.copyOf(fieldEnds, fieldEnds.length * 2);
            }
            fieldEnds[fields++] = textLength;
            fieldStart = textLength;
        }

        void endRecord() {
            records++;
            firstField[records] = fields;
        }
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
