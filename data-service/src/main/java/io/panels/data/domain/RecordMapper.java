package io.panels.data.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import io.panels.common.problem.FieldError;
import io.panels.data.domain.SourceDefinition.FieldMapping;
import io.panels.query.schema.ColumnType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a source record into the checked values of a row: each mapped field (a JSONPath or a
 * field name) is read, converted for its column's type (text through the CSV import's rules,
 * numbers and booleans as they are, lists for multi selects, anything for JSON columns) and then
 * checked by exactly the rows API's rules ({@link RowValues}). A mapped field missing from a record
 * is schema drift: the run fails and the panel keeps its data.
 */
public final class RecordMapper {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private record Bound(String source, JsonPath path, PanelColumn column) {
    }

    /** A record's outcome: values in the order of {@code columns} when good, else its errors. */
    public record Mapped(List<CellValue> values, Map<String, CellValue> byKey, List<SyncRun.RecordError> errors) {

        public boolean good() {
            return errors.isEmpty();
        }
    }

    private final PanelSchema panel;
    private final List<Bound> bound = new ArrayList<>();
    private final List<PanelColumn> columns;

    /**
     * @param columns the stored columns in the order the load takes them
     * @throws SyncFailure when a mapped column no longer exists or cannot be written (the panel changed)
     */
    public RecordMapper(PanelSchema panel, List<FieldMapping> mapping, List<PanelColumn> columns) throws SyncFailure {
        this.panel = panel;
        this.columns = columns;
        for (FieldMapping field : mapping) {
            PanelColumn column = panel.column(field.column()).orElseThrow(() -> SyncFailure.permanent(
                    "The panel has no column " + field.column() + " any more; update the source's mapping. The panel keeps its data."));
            if (column.computed()) {
                throw SyncFailure.permanent("The column " + field.column() + " is computed and cannot be filled by a source.");
            }
            bound.add(new Bound(field.source(), JsonPath.isPath(field.source()) ? JsonPath.parse(field.source()) : null, column));
        }
    }

    /**
     * @param number the record's number in the source, from 1
     * @throws SyncFailure on schema drift (a mapped field missing from the record)
     */
    public Mapped map(long number, JsonNode record) throws SyncFailure {
        Map<String, JsonNode> given = new HashMap<>();
        List<SyncRun.RecordError> errors = new ArrayList<>();
        for (Bound field : bound) {
            JsonNode value = field.path() != null ? field.path().first(record)
                    : record != null && record.isObject() ? record.get(field.source()) : null;
            if (value == null) {
                throw SyncFailure.permanent("Schema drift: record " + number + " has no field " + field.source()
                        + " (mapped to " + field.column().key() + "); nothing was written and the panel keeps its data.");
            }
            try {
                given.put(field.column().key(), convert(field.column(), value));
            } catch (CsvValues.Unreadable unreadable) {
                errors.add(new SyncRun.RecordError(number, field.column().key(), unreadable.getMessage()));
            }
        }
        List<FieldError> problems = new ArrayList<>();
        Map<String, CellValue> checked = RowValues.forCreate(panel, given, "", problems);
        for (FieldError problem : problems) {
            String column = problem.field().startsWith("values.") ? problem.field().substring(7) : problem.field();
            errors.add(new SyncRun.RecordError(number, column, problem.message()));
        }
        if (!errors.isEmpty()) {
            return new Mapped(List.of(), Map.of(), errors);
        }
        List<CellValue> values = new ArrayList<>(columns.size());
        for (PanelColumn column : columns) {
            values.add(checked.get(column.key()));
        }
        return new Mapped(values, checked, List.of());
    }

    /** A source value as the rows API takes it for this column. */
    static JsonNode convert(PanelColumn column, JsonNode value) {
        if (value.isNull() || value.isMissingNode()) {
            return NullNode.getInstance();
        }
        ColumnType type = column.type();
        if (type == ColumnType.JSON) {
            return value;
        }
        if (value.isArray()) {
            if (type != ColumnType.MULTI_SELECT) {
                throw new CsvValues.Unreadable("must be a single value, not a list");
            }
            ArrayNode ids = JSON.arrayNode();
            for (JsonNode item : value) {
                if (!item.isNull()) {
                    JsonNode one = CsvValues.of(column, item.asText().replace(",", " "));
                    one.forEach(ids::add);
                }
            }
            return ids;
        }
        if (value.isObject()) {
            throw new CsvValues.Unreadable("must be a single value, not an object");
        }
        if (value.isNumber() && isNumeric(type)) {
            return value;
        }
        if (value.isBoolean() && type == ColumnType.BOOLEAN) {
            return value;
        }
        return CsvValues.of(column, value.asText());
    }

    private static boolean isNumeric(ColumnType type) {
        return switch (type) {
            case NUMBER, CURRENCY, PERCENT, DURATION, RATING -> true;
            default -> false;
        };
    }
}
