package io.panels.query.sql;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * A piece of PostgreSQL with {@code ?} placeholders and the values to bind to them, in order. The
 * SQL text holds only what this library writes and identifiers quoted from the caller's schema;
 * every value from a query is a parameter. Parameters are of a few types only, each placeholder
 * cast to its SQL type so that neither JDBC nor the reactive client has to guess: String,
 * BigDecimal, LocalDate, OffsetDateTime (UTC) and String[] (for text[]).
 */
public record SqlFragment(String sql, List<Object> parameters) {

    public static final SqlFragment TRUE = new SqlFragment("TRUE", List.of());
    public static final SqlFragment FALSE = new SqlFragment("FALSE", List.of());

    public SqlFragment {
        parameters = List.copyOf(parameters);
    }

    public static SqlFragment of(String sql, Object... parameters) {
        return new SqlFragment(sql, Arrays.asList(parameters));
    }

    /** {@code CAST(? AS type)} binding one value. */
    public static SqlFragment param(Object value, String sqlType) {
        return new SqlFragment("CAST(? AS " + sqlType + ")", List.of(value));
    }

    public SqlFragment append(String text) {
        return new SqlFragment(sql + text, parameters);
    }

    public SqlFragment append(SqlFragment other) {
        List<Object> all = new ArrayList<>(parameters);
        all.addAll(other.parameters);
        return new SqlFragment(sql + other.sql, all);
    }

    /** Parts joined by a separator; the empty join is {@code whenEmpty}. */
    public static SqlFragment join(String separator, Collection<SqlFragment> parts, SqlFragment whenEmpty) {
        if (parts.isEmpty()) {
            return whenEmpty;
        }
        StringBuilder sql = new StringBuilder();
        List<Object> parameters = new ArrayList<>();
        for (SqlFragment part : parts) {
            if (!sql.isEmpty()) {
                sql.append(separator);
            }
            sql.append(part.sql);
            parameters.addAll(part.parameters);
        }
        return new SqlFragment(sql.toString(), parameters);
    }

    /** {@code (a AND b ...)}, {@code TRUE} for none; a {@code FALSE} part makes the whole {@code FALSE}. */
    public static SqlFragment and(Collection<SqlFragment> parts) {
        List<SqlFragment> kept = parts.stream().filter(p -> p != TRUE).toList();
        if (kept.contains(FALSE)) {
            return FALSE;
        }
        return kept.size() == 1 ? kept.getFirst() : wrap(join(" AND ", kept, TRUE));
    }

    /** {@code (a OR b ...)}, {@code FALSE} for none; a {@code TRUE} part makes the whole {@code TRUE}. */
    public static SqlFragment or(Collection<SqlFragment> parts) {
        List<SqlFragment> kept = parts.stream().filter(p -> p != FALSE).toList();
        if (kept.contains(TRUE)) {
            return TRUE;
        }
        return kept.size() == 1 ? kept.getFirst() : wrap(join(" OR ", kept, FALSE));
    }

    private static SqlFragment wrap(SqlFragment fragment) {
        return fragment == TRUE || fragment == FALSE ? fragment : new SqlFragment("(" + fragment.sql + ")", fragment.parameters);
    }

    /**
     * The SQL with {@code $1, $2...} instead of {@code ?}, for the reactive PostgreSQL client.
     * Question marks inside quoted literals and identifiers are text, not placeholders.
     * A {@code String} parameter is bound as {@code $n::text}: the reactive client types a parameter
     * by where it stands, so in {@code CAST($n AS numeric)} it would refuse a string, and in
     * {@code CAST($n AS jsonb)} it would store a JSON string instead of parsing the text.
     *
     * @param first the number of the first placeholder, 1 unless the fragment follows others
     */
    public String numbered(int first) {
        StringBuilder out = new StringBuilder(sql.length() + 2 * parameters.size());
        int next = first;
        char quote = 0;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
                out.append(c);
            } else if (c == '\'' || c == '"') {
                quote = c;
                out.append(c);
            } else if (c == '?') {
                int index = next - first;
                boolean text = index < parameters.size() && parameters.get(index) instanceof String;
                out.append('$').append(next++);
                if (text) {
                    out.append("::text");
                }
            } else {
                out.append(c);
            }
        }
        if (next - first != parameters.size()) {
            throw new IllegalStateException("placeholders and parameters differ in number");
        }
        return out.toString();
    }

    public String numbered() {
        return numbered(1);
    }
}
