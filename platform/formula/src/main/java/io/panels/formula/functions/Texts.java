package io.panels.formula.functions;

/**
 * Text rules shared with PostgreSQL: positions and lengths count characters (code points, as
 * PostgreSQL does in UTF-8), case mapping is per character, and ordering is by code point (the SQL
 * compares with {@code COLLATE "C"}).
 */
public final class Texts {

    private Texts() {}

    /** Empty text is blank: both back ends turn "" into null. */
    public static String blankIfEmpty(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    static int length(String s) {
        return s.codePointCount(0, s.length());
    }

    /** {@code substr(s, start, count)} with start >= 1 and count >= 0. */
    static String substr(String s, int start, int count) {
        int len = length(s);
        int from = Math.min(start - 1, len);
        int to = (int) Math.min((long) from + count, len);
        return s.substring(s.offsetByCodePoints(0, from), s.offsetByCodePoints(0, to));
    }

    static String left(String s, int n) {
        return substr(s, 1, n);
    }

    static String right(String s, int n) {
        int len = length(s);
        return n >= len ? s : s.substring(s.offsetByCodePoints(0, len - n));
    }

    /** {@code strpos(haystack, needle)}: 1-based position in characters, 0 when absent. */
    static int strpos(String haystack, String needle) {
        int at = haystack.indexOf(needle);
        return at < 0 ? 0 : haystack.codePointCount(0, at) + 1;
    }

    /** {@code lpad(s, n, '0')}, which also cuts text longer than n. */
    static String lpad(String s, int n) {
        int len = length(s);
        return len >= n ? left(s, n) : "0".repeat(n - len) + s;
    }

    static String lower(String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> out.appendCodePoint(Character.toLowerCase(cp)));
        return out.toString();
    }

    static String upper(String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> out.appendCodePoint(Character.toUpperCase(cp)));
        return out.toString();
    }

    static String trimSpaces(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && s.charAt(start) == ' ') {
            start++;
        }
        while (end > start && s.charAt(end - 1) == ' ') {
            end--;
        }
        return s.substring(start, end);
    }

    /** {@code replace(s, from, to)}: every occurrence; an empty {@code from} changes nothing. */
    static String replaceAll(String s, String from, String to) {
        return from.isEmpty() ? s : s.replace(from, to);
    }

    /** Code point order, the order of {@code COLLATE "C"} on UTF-8. */
    public static int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }
}
