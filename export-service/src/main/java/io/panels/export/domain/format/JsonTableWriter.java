package io.panels.export.domain.format;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.panels.export.domain.ExportColumn;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * A JSON array of row objects, or NDJSON (one object per line), streamed with Jackson's generator.
 * Keys are the columns' stable keys; values keep their type: numbers, booleans, dates as
 * {@code YYYY-MM-DD}, date-times as ISO 8601 with the offset of the export's zone, option names as
 * text (a list for multi selects), json columns as they are.
 */
final class JsonTableWriter implements TableWriter {

    private static final JsonFactory FACTORY = new ObjectMapper().getFactory();

    private final JsonGenerator json;
    private final List<ExportColumn> columns;
    private final boolean lines;
    private final DateTimeFormatter dateTime;

    JsonTableWriter(OutputStream stream, List<ExportColumn> columns, boolean lines, ZoneId zone) throws IOException {
        this.json = FACTORY.createGenerator(stream, JsonEncoding.UTF8);
        this.json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        this.columns = columns;
        this.lines = lines;
        this.dateTime = DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(zone);
        if (lines) {
            json.setRootValueSeparator(null);
        } else {
            json.writeStartArray();
        }
    }

    @Override
    public void row(Object[] values) throws IOException {
        json.writeStartObject();
        for (int i = 0; i < values.length; i++) {
            json.writeFieldName(columns.get(i).key());
            value(values[i]);
        }
        json.writeEndObject();
        if (lines) {
            json.writeRaw('\n');
        }
    }

    private void value(Object value) throws IOException {
        switch (value) {
            case null -> json.writeNull();
            case BigDecimal number -> json.writeNumber(number);
            case Boolean flag -> json.writeBoolean(flag);
            case LocalDate day -> json.writeString(day.toString());
            case Instant instant -> json.writeString(dateTime.format(instant));
            case JsonNode node -> json.writeTree(node);
            case List<?> names -> {
                json.writeStartArray();
                for (Object name : names) {
                    json.writeString(String.valueOf(name));
                }
                json.writeEndArray();
            }
            default -> json.writeString(String.valueOf(value));
        }
    }

    @Override
    public void finish() throws IOException {
        if (!lines) {
            json.writeEndArray();
        }
        json.flush();
    }
}
