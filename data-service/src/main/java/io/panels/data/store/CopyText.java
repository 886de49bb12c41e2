package io.panels.data.store;

import java.util.Arrays;

/**
 * Rows in COPY's text format, written straight as UTF-8 bytes into one growing array: an import's
 * checker threads each fill one for a batch of lines, and the load hands it to the server as it is
 * ({@link BulkLoad#addEncoded(CopyText, int)}), without building strings first.
 */
public final class CopyText {

    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private byte[] bytes;
    private int length;

    public CopyText(int capacity) {
        bytes = new byte[Math.max(64, capacity)];
    }

    public int length() {
        return length;
    }

    byte[] bytes() {
        return bytes;
    }

    /** Where the text ends now: {@link #reset} drops what was written after it (a line found bad half-way). */
    public int mark() {
        return length;
    }

    public void reset(int mark) {
        length = mark;
    }

    private void room(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }

    public void tab() {
        room(1);
        bytes[length++] = '\t';
    }

    public void endRow() {
        room(1);
        bytes[length++] = '\n';
    }

    /** A blank value (NULL). */
    public void blank() {
        room(2);
        bytes[length++] = '\\';
        bytes[length++] = 'N';
    }

    /** One ASCII character that needs no escape. */
    public void ascii(char c) {
        room(1);
        bytes[length++] = (byte) c;
    }

    /** Characters known to be ASCII without tab, line breaks or backslash (checked by the caller). */
    public void ascii(char[] text, int from, int to) {
        room(to - from);
        for (int i = from; i < to; i++) {
            bytes[length++] = (byte) text[i];
        }
    }

    /** Already escaped text (from {@link BulkLoad#encodeValue}), as UTF-8. */
    public void escaped(CharSequence text) {
        char[] chars = text.toString().toCharArray();
        utf8(chars, 0, chars.length, false);
    }

    /** Any text, escaped for COPY (backslash, tab, CR, LF) and written as UTF-8. */
    public void text(CharSequence text) {
        char[] chars = text.toString().toCharArray();
        utf8(chars, 0, chars.length, true);
    }

    /** Any text from {@code text[from..to)}, escaped for COPY and written as UTF-8. */
    public void text(char[] text, int from, int to) {
        utf8(text, from, to, true);
    }

    private void utf8(char[] text, int from, int to, boolean escape) {
        // At most three bytes per char: an escape is two, a surrogate pair four for two chars.
        room(3 * (to - from));
        byte[] out = bytes;
        int n = length;
        for (int i = from; i < to; i++) {
            char c = text[i];
            if (c < 0x80) {
                if (escape && (c == '\\' || c == '\t' || c == '\n' || c == '\r')) {
                    out[n++] = '\\';
                    out[n++] = (byte) (c == '\\' ? '\\' : c == '\t' ? 't' : c == '\n' ? 'n' : 'r');
                } else {
                    out[n++] = (byte) c;
                }
            } else if (c < 0x800) {
                out[n++] = (byte) (0xC0 | c >> 6);
                out[n++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(text[i + 1])) {
                int code = Character.toCodePoint(c, text[++i]);
                out[n++] = (byte) (0xF0 | code >> 18);
                out[n++] = (byte) (0x80 | code >> 12 & 0x3F);
                out[n++] = (byte) (0x80 | code >> 6 & 0x3F);
                out[n++] = (byte) (0x80 | code & 0x3F);
            } else if (Character.isSurrogate(c)) {
                // A lone surrogate cannot come from strictly decoded UTF-8; written as String.getBytes writes it.
                out[n++] = '?';
            } else {
                out[n++] = (byte) (0xE0 | c >> 12);
                out[n++] = (byte) (0x80 | c >> 6 & 0x3F);
                out[n++] = (byte) (0x80 | c & 0x3F);
            }
        }
        length = n;
    }

    /** A whole number in decimal. */
    public void number(long value) {
        room(21);
        if (value < 0) {
            bytes[length++] = '-';
            value = -value;
        }
        int digits = 1;
        for (long rest = value / 10; rest > 0; rest /= 10) {
            digits++;
        }
        for (int i = digits - 1; i >= 0; i--) {
            bytes[length + i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        length += digits;
    }

    /** A UUID in its canonical text form. */
    public void uuid(long msb, long lsb) {
        room(36);
        hex(msb >>> 32, 8);
        bytes[length++] = '-';
        hex(msb >>> 16, 4);
        bytes[length++] = '-';
        hex(msb, 4);
        bytes[length++] = '-';
        hex(lsb >>> 48, 4);
        bytes[length++] = '-';
        hex(lsb, 12);
    }

    private void hex(long value, int digits) {
        for (int i = digits - 1; i >= 0; i--) {
            bytes[length + i] = HEX[(int) (value & 0xF)];
            value >>>= 4;
        }
        length += digits;
    }

    /** Bytes written elsewhere (a value encoded once, such as a column's default). */
    public void raw(byte[] encoded) {
        room(encoded.length);
        System.arraycopy(encoded, 0, bytes, length, encoded.length);
        length += encoded.length;
    }

    /** What was written, as a copy (tests, and values encoded once). */
    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, length);
    }
}
