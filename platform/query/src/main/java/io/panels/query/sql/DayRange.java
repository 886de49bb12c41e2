package io.panels.query.sql;

import io.panels.query.model.RelativeRange;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;

/**
 * Calendar days from {@code from} (included) to {@code until} (excluded): what a relative range
 * means on a given day.
 */
public record DayRange(LocalDate from, LocalDate until) {

    public static DayRange of(RelativeRange range, int n, LocalDate today) {
        LocalDate monday = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        LocalDate firstOfMonth = today.withDayOfMonth(1);
        LocalDate firstOfYear = today.withDayOfYear(1);
        return switch (range) {
            case TODAY -> days(today, 1);
            case YESTERDAY -> days(today.minusDays(1), 1);
            case TOMORROW -> days(today.plusDays(1), 1);
            case LAST_7_DAYS -> days(today.minusDays(6), 7);
            case LAST_30_DAYS -> days(today.minusDays(29), 30);
            case NEXT_7_DAYS -> days(today, 7);
            case NEXT_30_DAYS -> days(today, 30);
            case THIS_WEEK -> days(monday, 7);
            case LAST_WEEK -> days(monday.minusWeeks(1), 7);
            case NEXT_WEEK -> days(monday.plusWeeks(1), 7);
            case THIS_MONTH -> new DayRange(firstOfMonth, firstOfMonth.plusMonths(1));
            case LAST_MONTH -> new DayRange(firstOfMonth.minusMonths(1), firstOfMonth);
            case NEXT_MONTH -> new DayRange(firstOfMonth.plusMonths(1), firstOfMonth.plusMonths(2));
            case THIS_YEAR -> new DayRange(firstOfYear, firstOfYear.plusYears(1));
            case LAST_YEAR -> new DayRange(firstOfYear.minusYears(1), firstOfYear);
            case NEXT_YEAR -> new DayRange(firstOfYear.plusYears(1), firstOfYear.plusYears(2));
            case LAST_N_DAYS -> days(today.minusDays(n - 1L), n);
            case NEXT_N_DAYS -> days(today, n);
        };
    }

    private static DayRange days(LocalDate from, int count) {
        return new DayRange(from, from.plusDays(count));
    }
}
