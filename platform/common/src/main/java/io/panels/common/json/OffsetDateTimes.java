package io.panels.common.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Writes {@link OffsetDateTime}s exactly as Jackson's own serializer does ({@link
 * DateTimeFormatter#ISO_OFFSET_DATE_TIME}) but without the formatter: every listed panel, row and
 * view carries timestamps, and the formatter's field lookups were 7 % of panel-service's CPU on the
 * panel list. Years outside 0000-9999 and offsets with seconds go to the formatter.
 */
@Singleton
public class OffsetDateTimes implements ObjectMapperCustomizer {

    /** After Quarkus's own customizer, whose JavaTimeModule would otherwise take precedence. */
    @Override
    public int priority() {
        return MINIMUM_PRIORITY;
    }

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(new SimpleModule("panels-offset-date-times").addSerializer(OffsetDateTime.class, new Iso()));
    }

    /** {@code value} as {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME} formats it. */
    public static String format(OffsetDateTime value) {
        int year = value.getYear();
        int offset = value.getOffset().getTotalSeconds();
        if (year < 0 || year > 9999 || offset % 60 != 0) {
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(value);
        }
        char[] text = new char[35];
        int at = digits(text, 0, year, 4);
        text[at++] = '-';
        at = digits(text, at, value.getMonthValue(), 2);
        text[at++] = '-';
        at = digits(text, at, value.getDayOfMonth(), 2);
        text[at++] = 'T';
        at = digits(text, at, value.getHour(), 2);
        text[at++] = ':';
        at = digits(text, at, value.getMinute(), 2);
        text[at++] = ':';
        at = digits(text, at, value.getSecond(), 2);
        int nano = value.getNano();
        if (nano != 0) {
            text[at++] = '.';
            int width = 9;
            while (nano % 10 == 0) {
                nano /= 10;
                width--;
            }
            at = digits(text, at, nano, width);
        }
        if (offset == 0) {
            text[at++] = 'Z';
        } else {
            text[at++] = offset < 0 ? '-' : '+';
            int minutes = Math.abs(offset) / 60;
            at = digits(text, at, minutes / 60, 2);
            text[at++] = ':';
            at = digits(text, at, minutes % 60, 2);
        }
        return new String(text, 0, at);
    }

    /** Writes {@code value} zero-padded to {@code width} digits at {@code at}; returns the next position. */
    private static int digits(char[] text, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            text[i] = (char) ('0' + value % 10);
            value /= 10;
        }
        return at + width;
    }

    static final class Iso extends StdScalarSerializer<OffsetDateTime> {

        Iso() {
            super(OffsetDateTime.class);
        }

        @Override
        public void serialize(OffsetDateTime value, JsonGenerator generator, SerializerProvider provider) throws IOException {
            generator.writeString(format(value));
        }
    }
}
