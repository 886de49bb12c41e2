package io.panels.formula.functions;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The regular expressions of REGEX_MATCH, REGEX_EXTRACT and REGEX_REPLACE: a subset on which Java
 * and PostgreSQL agree, read here and written out for each engine. Literal characters, escaped
 * punctuation, {@code .}, classes {@code [a-z]} {@code [^...]}, {@code \d \w \s} and their negations,
 * greedy {@code * + ? {n,m}}, groups and {@code |}, anchors {@code ^ $}. Where the engines could take
 * different matches (alternatives, repeated groups), extracting and replacing refuse the pattern.
 */
final class Regexes {

    /** A pattern in both dialects, or the reason it is refused. */
    record Translated(String sql, Pattern java, String problem) {}

    private static final Map<String, Translated> CACHE = new ConcurrentHashMap<>();
    private static final String META = ".[]()*+?{}|^$\\";

    private Regexes() {}

    static Translated translate(String pattern, boolean forExtraction) {
        return CACHE.computeIfAbsent((forExtraction ? "x" : "m") + pattern, k -> new Reader(pattern, forExtraction).read());
    }

    private static final class Reader {
        private final String in;
        private final boolean strict;
        private final StringBuilder sql = new StringBuilder();
        private final StringBuilder java = new StringBuilder();
        private int pos;

        Reader(String in, boolean strict) {
            this.in = in;
            this.strict = strict;
        }

        Translated read() {
            try {
                alternatives(0);
                if (pos < in.length()) {
                    throw new Refused("unexpected ')' at " + (pos + 1));
                }
                if (sql.length() > 1_000) {
                    throw new Refused("the pattern is too long");
                }
                Pattern compiled = Pattern.compile(java.toString(), Pattern.DOTALL);
                if (strict && compiled.matcher("").find()) {
                    throw new Refused("the pattern must not match empty text");
                }
                return new Translated(sql.toString(), compiled, null);
            } catch (Refused e) {
                return new Translated(null, null, e.getMessage());
            }
        }

        private void alternatives(int depth) {
            if (depth > 10) {
                throw new Refused("groups are nested too deeply");
            }
            sequence(depth);
            while (peek('|')) {
                if (strict) {
                    throw new Refused("'|' is not supported here, only in REGEX_MATCH");
                }
                pos++;
                emit("|");
                sequence(depth);
            }
        }

        private void sequence(int depth) {
            while (pos < in.length() && in.charAt(pos) != '|' && in.charAt(pos) != ')') {
                boolean group = peek('(');
                atom(depth);
                quantifier(group);
            }
        }

        private void atom(int depth) {
            char c = in.charAt(pos++);
            switch (c) {
                case '(' -> {
                    if (in.startsWith("?:", pos)) {
                        pos += 2;
                    } else if (peek('?')) {
                        throw new Refused("'(?' is not supported");
                    }
                    emit("(?:");
                    alternatives(depth + 1);
                    if (!peek(')')) {
                        throw new Refused("a group is not closed");
                    }
                    pos++;
                    emit(")");
                }
                case '[' -> charClass();
                case '.' -> emit(".");
                case '^' -> emit("^");
                case '$' -> {
                    sql.append('$');
                    java.append("\\z");
                }
                case '\\' -> escape(false);
                case '*', '+', '?', '{' -> throw new Refused("'" + c + "' has nothing to repeat at " + pos);
                case ']', '}' -> literal(c);
                default -> literal(c);
            }
        }

        private void quantifier(boolean afterGroup) {
            if (pos >= in.length()) {
                return;
            }
            char c = in.charAt(pos);
            if (c != '*' && c != '+' && c != '?' && c != '{') {
                return;
            }
            if (afterGroup && strict) {
                throw new Refused("a repeated group is not supported here, only in REGEX_MATCH");
            }
            if (c == '{') {
                int close = in.indexOf('}', pos);
                String body = close < 0 ? "" : in.substring(pos + 1, close);
                if (!body.matches("[0-9]{1,3}(,[0-9]{0,3})?")) {
                    throw new Refused("write a repetition as {n}, {n,} or {n,m}");
                }
                String[] bounds = body.split(",", -1);
                int min = Integer.parseInt(bounds[0]);
                if (min > 255 || (bounds.length == 2 && !bounds[1].isEmpty()
                        && (Integer.parseInt(bounds[1]) > 255 || Integer.parseInt(bounds[1]) < min))) {
                    throw new Refused("repetition counts go from 0 to 255");
                }
                emit("{" + body + "}");
                pos = close + 1;
            } else {
                emit(String.valueOf(c));
                pos++;
            }
            if (pos < in.length() && "*+?{".indexOf(in.charAt(pos)) >= 0) {
                throw new Refused("lazy or stacked repetitions are not supported");
            }
        }

        private void charClass() {
            StringBuilder body = new StringBuilder();
            if (peek('^')) {
                pos++;
                body.append('^');
            }
            int items = 0;
            while (pos < in.length() && !(in.charAt(pos) == ']' && items > 0)) {
                char c = in.charAt(pos++);
                if (c == '\\') {
                    if (pos >= in.length()) {
                        throw new Refused("the pattern ends with '\\'");
                    }
                    char e = in.charAt(pos++);
                    String shorthand = classShorthand(e);
                    if (shorthand != null) {
                        body.append(shorthand);
                    } else if (Character.isLetterOrDigit(e)) {
                        throw new Refused("'\\" + e + "' is not supported");
                    } else {
                        body.append('\\').append(e);
                    }
                } else if (c == '[') {
                    throw new Refused("'[' inside a class must be written \\[");
                } else if (c == '-' || c == ']' || c == '^' || c == '&') {
                    boolean range = c == '-' && items > 0 && pos < in.length() && in.charAt(pos) != ']';
                    body.append(range ? "-" : "\\" + c);
                } else {
                    body.append(c);
                }
                items++;
            }
            if (pos >= in.length()) {
                throw new Refused("a class '[' is not closed");
            }
            pos++;
            emit("[" + body + "]");
        }

        private void escape(boolean inClass) {
            if (pos >= in.length()) {
                throw new Refused("the pattern ends with '\\'");
            }
            char e = in.charAt(pos++);
            String shorthand = classShorthand(e);
            if (shorthand != null) {
                emit("[" + shorthand + "]");
            } else if (e == 'D' || e == 'W' || e == 'S') {
                emit("[^" + classShorthand(Character.toLowerCase(e)) + "]");
            } else if (Character.isLetterOrDigit(e)) {
                throw new Refused("'\\" + e + "' is not supported");
            } else {
                literal(e);
            }
        }

        private static String classShorthand(char e) {
            return switch (e) {
                case 'd' -> "0-9";
                case 'w' -> "A-Za-z0-9_";
                case 's' -> " \\t\\n\\r\\f";
                default -> null;
            };
        }

        private void literal(char c) {
            emit(META.indexOf(c) >= 0 || (c < 128 && !Character.isLetterOrDigit(c) && c > ' ') ? "\\" + c : String.valueOf(c));
        }

        private boolean peek(char c) {
            return pos < in.length() && in.charAt(pos) == c;
        }

        private void emit(String s) {
            sql.append(s);
            java.append(s);
        }
    }

    private static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }
}
