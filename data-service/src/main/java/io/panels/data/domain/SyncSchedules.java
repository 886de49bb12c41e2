package io.panels.data.domain;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * Cron schedules of data sources: five fields (minute hour day-of-month month day-of-week, the
 * Unix form), evaluated in UTC. A schedule whose runs could come closer together than the
 * configured minimum interval is refused.
 */
public final class SyncSchedules {

    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    /** Consecutive runs compared for the minimum interval (covers a day of a every-minute schedule's irregularities). */
    private static final int CHECKED_RUNS = 200;

    private SyncSchedules() {
    }

    /**
     * @return null when the schedule is acceptable, else why not
     */
    public static String problem(String schedule, Duration minInterval) {
        Cron cron;
        try {
            cron = PARSER.parse(schedule.strip());
            cron.validate();
        } catch (IllegalArgumentException e) {
            return "is not a cron expression of five fields (minute hour day-of-month month day-of-week)";
        }
        ExecutionTime times = ExecutionTime.forCron(cron);
        ZonedDateTime at = ZonedDateTime.now(ZoneOffset.UTC);
        Optional<ZonedDateTime> previous = times.nextExecution(at);
        if (previous.isEmpty()) {
            return "never runs";
        }
        for (int i = 0; i < CHECKED_RUNS; i++) {
            Optional<ZonedDateTime> next = times.nextExecution(previous.get());
            if (next.isEmpty()) {
                break;
            }
            if (Duration.between(previous.get(), next.get()).compareTo(minInterval) < 0) {
                return "runs more often than the minimum interval of " + minInterval.toSeconds() + " s";
            }
            previous = next;
        }
        return null;
    }

    /** The first run strictly after {@code after}, or null. */
    public static Instant next(String schedule, Instant after) {
        ExecutionTime times = ExecutionTime.forCron(PARSER.parse(schedule.strip()));
        return times.nextExecution(after.atZone(ZoneOffset.UTC)).map(ZonedDateTime::toInstant).orElse(null);
    }
}
