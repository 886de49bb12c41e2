package io.panels.query.validate;

import io.panels.query.model.RelativeRange;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** The checked, typed value of a condition: what the JSON {@code value} turned out to be. */
public sealed interface Operand {

    /** Operators such as {@code is_empty} and {@code is_true} take no value. */
    record None() implements Operand {
    }

    record Text(String value) implements Operand {
    }

    /** Texts or option ids; never empty, no duplicates. */
    record Texts(List<String> values) implements Operand {
        public Texts {
            values = List.copyOf(values);
        }
    }

    record Number(BigDecimal value) implements Operand {
    }

    record Numbers(List<BigDecimal> values) implements Operand {
        public Numbers {
            values = List.copyOf(values);
        }
    }

    /** Both ends included. */
    record NumberRange(BigDecimal from, BigDecimal to) implements Operand {
    }

    /** A point in time a date condition compares with: a whole calendar day or an exact instant. */
    sealed interface DatePoint extends Operand permits Day, Moment {
    }

    /** A calendar day; for a datetime column, the day in the query's time zone. */
    record Day(LocalDate value) implements DatePoint {
    }

    /** An exact instant, only for datetime columns. */
    record Moment(Instant value) implements DatePoint {
    }

    /** Both ends included: from the start of {@code from} to the end of {@code to}. */
    record DateRange(DatePoint from, DatePoint to) implements Operand {
    }

    /** A period relative to today; {@code n} is 0 unless the range takes a count. */
    record Relative(RelativeRange range, int n) implements Operand {
    }
}
