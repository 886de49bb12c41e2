package io.panels.common.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class OffsetDateTimesTest {

    @Test
    void writesWhatTheIsoFormatterWritesForAnyInstantAndOffset() {
        SplittableRandom random = new SplittableRandom(42);
        List<ZoneOffset> offsets = List.of(ZoneOffset.UTC, ZoneOffset.ofHours(2), ZoneOffset.ofHoursMinutes(-9, -30),
                ZoneOffset.ofHoursMinutes(5, 45), ZoneOffset.ofHoursMinutesSeconds(1, 2, 3), ZoneOffset.MAX, ZoneOffset.MIN);
        for (int i = 0; i < 100_000; i++) {
            // Nanos of every precision: whole seconds, millis, micros (PostgreSQL's) and nanos.
            int nano = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                default -> random.nextInt(1_000_000_000);
            };
            OffsetDateTime value = OffsetDateTime.of(random.nextInt(-20_000, 20_000), random.nextInt(1, 13), random.nextInt(1, 29),
                    random.nextInt(24), random.nextInt(60), random.nextInt(60), nano, offsets.get(random.nextInt(offsets.size())));
            assertEquals(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(value), OffsetDateTimes.format(value));
        }
    }

    @Test
    void theMapperWritesThemAsJacksonWould() throws Exception {
        ObjectMapper jackson = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        ObjectMapper ours = jackson.copy();
        new OffsetDateTimes().customize(ours);
        Map<String, Object> value = Map.of("createdAt", OffsetDateTime.of(2026, 11, 24, 9, 5, 0, 120_000, ZoneOffset.UTC),
                "updatedAt", OffsetDateTime.of(1999, 1, 2, 23, 59, 59, 0, ZoneOffset.ofHours(-5)));
        assertEquals(jackson.writeValueAsString(value), ours.writeValueAsString(value));
        assertEquals("\"2026-11-24T09:05:00.00012Z\"",
                ours.writeValueAsString(OffsetDateTime.of(2026, 11, 24, 9, 5, 0, 120_000, ZoneOffset.UTC)));
    }
}
