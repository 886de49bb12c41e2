package io.panels.formula.eval;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

/**
 * What a formula may know besides its row: the time zone in which datetimes are shown and taken
 * apart (the SQL compiler gets the same zone), and the current instant for NOW and TODAY.
 */
public record EvalContext(ZoneId zone, Instant now) {

    public EvalContext {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(now, "now");
    }

    public static EvalContext of(ZoneId zone) {
        return new EvalContext(zone, Instant.now());
    }
}
