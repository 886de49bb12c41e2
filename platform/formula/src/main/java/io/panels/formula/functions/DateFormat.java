package io.panels.formula.functions;

import io.panels.formula.sql.SqlCall;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The date format language of DATETIME_FORMAT and DATETIME_PARSE: the tokens YYYY YY MM M DD D
 * HH H hh h mm ss A, and literal text in square brackets or as any other character. The format is a
 * literal, so both back ends translate it once into pieces; the SQL builds the text from the date's
 * fields with immutable functions only (to_char is only STABLE).
 */
final class DateFormat {

    private static final List<String> TOKENS =
            List.of("YYYY", "YY", "MM", "M", "DD", "D", "HH", "H", "hh", "h", "mm", "ss", "A");
    private static final List<String> PARSE_TOKENS = List.of("YYYY", "MM", "DD", "HH", "mm", "ss");
    private static final Map<String, DateFormat> CACHE = new ConcurrentHashMap<>();

    static final String DATE = "YYYY-MM-DD";
    static final String DATETIME = "YYYY-MM-DD HH:mm:ss";

    /** A token, or literal text when {@code token} is null. */
    record Piece(String token, String literal) {}

    final List<Piece> pieces;

    private DateFormat(List<Piece> pieces) {
        this.pieces = pieces;
    }

    /** Returns null when the format is not valid (an unclosed bracket). */
    static DateFormat of(String format) {
        return CACHE.computeIfAbsent(format, DateFormat::parse);
    }

    private static DateFormat parse(String format) {
        List<Piece> pieces = new ArrayList<>();
        int i = 0;
        while (i < format.length()) {
            if (format.charAt(i) == '[') {
                int close = format.indexOf(']', i);
                if (close < 0) {
                    return new DateFormat(null);
                }
                literal(pieces, format.substring(i + 1, close));
                i = close + 1;
                continue;
            }
            String token = null;
            for (String t : TOKENS) {
                if (format.startsWith(t, i)) {
                    token = t;
                    break;
                }
            }
            if (token == null) {
                literal(pieces, String.valueOf(format.charAt(i)));
                i++;
            } else {
                pieces.add(new Piece(token, null));
                i += token.length();
            }
        }
        return new DateFormat(List.copyOf(pieces));
    }

    private static void literal(List<Piece> pieces, String text) {
        if (text.isEmpty()) {
            return;
        }
        if (!pieces.isEmpty() && pieces.getLast().token() == null) {
            pieces.set(pieces.size() - 1, new Piece(null, pieces.getLast().literal() + text));
        } else {
            pieces.add(new Piece(null, text));
        }
    }

    boolean valid() {
        return pieces != null;
    }

    boolean parseable() {
        return valid() && pieces.stream().allMatch(p -> p.token() == null || PARSE_TOKENS.contains(p.token()));
    }

    String format(LocalDateTime t) {
        StringBuilder out = new StringBuilder();
        for (Piece p : pieces) {
            if (p.token() == null) {
                out.append(p.literal());
                continue;
            }
            int hour12 = (t.getHour() + 11) % 12 + 1;
            out.append(switch (p.token()) {
                case "YYYY" -> Texts.lpad(Integer.toString(t.getYear()), 4);
                case "YY" -> Texts.lpad(Integer.toString(t.getYear() % 100), 2);
                case "MM" -> Texts.lpad(Integer.toString(t.getMonthValue()), 2);
                case "M" -> Integer.toString(t.getMonthValue());
                case "DD" -> Texts.lpad(Integer.toString(t.getDayOfMonth()), 2);
                case "D" -> Integer.toString(t.getDayOfMonth());
                case "HH" -> Texts.lpad(Integer.toString(t.getHour()), 2);
                case "H" -> Integer.toString(t.getHour());
                case "hh" -> Texts.lpad(Integer.toString(hour12), 2);
                case "h" -> Integer.toString(hour12);
                case "mm" -> Texts.lpad(Integer.toString(t.getMinute()), 2);
                case "ss" -> Texts.lpad(Integer.toString(t.getSecond()), 2);
                case "A" -> t.getHour() < 12 ? "AM" : "PM";
                default -> throw new IllegalStateException(p.token());
            });
        }
        return out.toString();
    }

    /** SQL text of a local timestamp expression in this format. */
    String formatSql(String local, SqlCall call) {
        List<String> parts = new ArrayList<>();
        String hour12 = "CAST(mod(" + DateTimes.fieldSql("HOUR", local) + " + 11, 12) + 1 AS text)";
        for (Piece p : pieces) {
            if (p.token() == null) {
                parts.add(call.text(p.literal()));
                continue;
            }
            parts.add(switch (p.token()) {
                case "YYYY" -> pad(field("YEAR", local), 4);
                case "YY" -> pad("CAST(mod(" + DateTimes.fieldSql("YEAR", local) + ", 100) AS text)", 2);
                case "MM" -> pad(field("MONTH", local), 2);
                case "M" -> field("MONTH", local);
                case "DD" -> pad(field("DAY", local), 2);
                case "D" -> field("DAY", local);
                case "HH" -> pad(field("HOUR", local), 2);
                case "H" -> field("HOUR", local);
                case "hh" -> pad(hour12, 2);
                case "h" -> hour12;
                case "mm" -> pad(field("MINUTE", local), 2);
                case "ss" -> pad(field("SECOND", local), 2);
                case "A" -> "(CASE WHEN " + DateTimes.fieldSql("HOUR", local) + " < 12 THEN 'AM' WHEN " + DateTimes.fieldSql("HOUR", local) + " >= 12 THEN 'PM' END)";
                default -> throw new IllegalStateException(p.token());
            });
        }
        return parts.isEmpty() ? "CAST(NULL AS text)" : "(" + String.join(" || ", parts) + ")";
    }

    private static String field(String name, String local) {
        return "CAST(" + DateTimes.fieldSql(name, local) + " AS text)";
    }

    private static String pad(String text, int width) {
        return "lpad(" + text + ", " + width + ", '0')";
    }

    /** The pattern (without anchors) a parseable text matches: digits for tokens, the literal text as is. */
    String parsePattern() {
        StringBuilder regex = new StringBuilder();
        for (Piece p : pieces) {
            if (p.token() == null) {
                p.literal().codePoints().forEach(cp -> {
                    if (!Character.isLetterOrDigit(cp) && cp < 128) {
                        regex.append('\\');
                    }
                    regex.appendCodePoint(cp);
                });
            } else {
                regex.append("[0-9]{").append(width(p.token())).append('}');
            }
        }
        return regex.toString();
    }

    /** Used with {@code matches()}, which anchors at both ends. */
    Pattern javaPattern() {
        return Pattern.compile(parsePattern(), Pattern.DOTALL);
    }

    String sqlPattern() {
        return "^" + parsePattern() + "$";
    }

    static int width(String token) {
        return token.equals("YYYY") ? 4 : 2;
    }

    /** Character position (1-based) of each parse token in a matching text. */
    Map<String, Integer> positions() {
        Map<String, Integer> at = new java.util.HashMap<>();
        int position = 1;
        for (Piece p : pieces) {
            if (p.token() == null) {
                position += p.literal().codePointCount(0, p.literal().length());
            } else {
                at.put(p.token(), position);
                position += width(p.token());
            }
        }
        return at;
    }
}
