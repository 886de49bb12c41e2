package io.panels.query.sql;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

/**
 * What a query is compiled against besides its table: the time zone used when the query names none
 * (the panel's, never the JVM's or the database session's) and the instant that "today" is taken
 * from, so that relative ranges are computed once, here, and bound as parameters.
 */
public record QueryContext(ZoneId zone, Instant now) {

    public QueryContext {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(now, "now");
    }

    public static QueryContext at(ZoneId zone) {
        return new QueryContext(zone, Instant.now());
    }
}
