package io.panels.data.domain;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import io.panels.common.problem.FieldError;
import io.panels.common.problem.ProblemException;
import io.panels.data.config.DataSettings;
import io.panels.data.store.JsonValues;
import io.panels.data.store.RowStreamStore;
import io.panels.formula.sql.SqlExpression;
import io.panels.query.InvalidQueryException;
import io.panels.query.cursor.Cursor;
import io.panels.query.cursor.CursorCodec;
import io.panels.query.cursor.InvalidCursorException;
import io.panels.query.model.Query;
import io.panels.query.schema.ColumnSchema;
import io.panels.query.schema.TableSchema;
import io.panels.query.sql.ColumnExpressions;
import io.panels.query.sql.KeysetPredicate;
import io.panels.query.sql.QueryCompiler;
import io.panels.query.sql.QueryContext;
import io.panels.query.sql.SortExpression;
import io.panels.query.sql.SqlFragment;
import io.panels.query.validate.CheckedQuery;
import io.panels.query.validate.QueryValidator;
import io.smallrye.mutiny.Multi;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.sqlclient.data.Numeric;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every row of a query as one stream (ADR 0043, docs/data-service-row-stream.md): the same filter,
 * search, sorts, columns and value encoding as {@code /query} ({@link RowQueries}), but no page cap
 * and no second query per 1,000 rows. The body is NDJSON:
 * <pre>
 * {"columns": ["name", "price"]}
 * ["Row 1", 12.5]                       one array per row, values in the column order above
 * ...
 * {"rows": 1000, "cursor": "..."}       a checkpoint every checkpointEvery rows: the cursor after its last row
 * ...
 * {"end": true, "rows": 2345, "cursor": "..."}
 * </pre>
 * The cursors are {@code /query}'s: {@code after} resumes a stream (or a page) exactly after the
 * row they were made for. A stream without its end line was cut: the reader resumes from the
 * last checkpoint it kept.
 */
@ApplicationScoped
public class RowStreams {

    public static final int DEFAULT_CHECKPOINT_EVERY = 1_000;
    public static final int MAX_CHECKPOINT_EVERY = 10_000;

    /**
     * @param query           the checked form is made here, against the panel
     * @param columns         the columns to return, in this order; all the panel's when null or empty
     * @param after           a cursor of a checkpoint, of an end line or of a {@code /query} page, or null
     * @param checkpointEvery rows between two checkpoint lines, 1 to {@value #MAX_CHECKPOINT_EVERY}
     */
    public record Request(Query query, List<String> columns, String after, int checkpointEvery) {
    }

    /** What one stream reads: its columns, the statement (the rows, then the sort keys), how to make its cursors. */
    private record Plan(List<String> columns, SqlFragment statement, int keys, QueryCompiler compiler, String after) {
    }

    private final Rows rows;
    private final RowStreamStore store;
    private final ObjectMapper json;
    private final CursorCodec cursors;
    private final int fetchSize;
    private final Duration idleTimeout;

    public RowStreams(Rows rows, RowStreamStore store, ObjectMapper json, DataSettings settings,
                      @ConfigProperty(name = "panels.row-stream.fetch-size", defaultValue = "2000") int fetchSize,
                      @ConfigProperty(name = "panels.row-stream.idle-timeout", defaultValue = "PT5M") Duration idleTimeout) {
        this.rows = rows;
        this.store = store;
        this.json = json;
        this.cursors = new CursorCodec(settings.cursorSecret().getBytes(StandardCharsets.UTF_8));
        this.fetchSize = fetchSize;
        this.idleTimeout = idleTimeout;
    }

    /**
     * The stream's body in chunks (lines separated by {@code \n}; the HTTP layer ends each chunk with
     * one more). A wrong panel, query, column or cursor fails the stream before its first chunk, so
     * the caller still answers 404 or 400.
     */
    public Multi<byte[]> stream(UUID tenantId, UUID panelId, Request request) {
        if (request.checkpointEvery() < 1 || request.checkpointEvery() > MAX_CHECKPOINT_EVERY) {
            throw ProblemException.invalid("checkpointEvery", "must be 1 to " + MAX_CHECKPOINT_EVERY);
        }
        return store.inSnapshot(tenantId, snapshot -> rows.panel(snapshot.connection(), panelId)
                        .onItem().transformToMulti(panel -> {
                            Plan plan = plan(panel, request);
                            Lines lines = new Lines(plan);
                            Multi<byte[]> body = store.rows(snapshot, plan.statement(), fetchSize)
                                    .group().intoLists().of(request.checkpointEvery())
                                    .map(lines::chunk);
                            return Multi.createBy().concatenating().streams(Multi.createFrom().item(lines::header), body,
                                    Multi.createFrom().item(lines::end));
                        }))
                // A reader that stops reading (but keeps its connection) must not hold a connection and a snapshot for ever.
                .ifNoItem().after(idleTimeout).failWith(() -> new TimeoutException("the reader took no rows for " + idleTimeout));
    }

    private Plan plan(PanelSchema panel, Request request) {
        TableSchema schema = RowQueries.querySchema(panel);
        CheckedQuery checked;
        try {
            checked = QueryValidator.check(request.query(), schema);
        } catch (InvalidQueryException e) {
            throw ProblemException.invalid("The query is not valid.", e.errors().stream()
                    .map(error -> new FieldError(error.field() == null || error.field().isEmpty() ? "query" : "query." + error.field(),
                            error.message()))
                    .toList());
        }
        List<String> columns = RowQueries.columns(panel, schema, request.columns());
        QueryCompiler compiler = new QueryCompiler(checked, new QueryContext(panel.zone(), Instant.now()));
        List<SortExpression> keys = compiler.sortKeys();
        SqlFragment condition = compiler.where();
        if (request.after() != null && !request.after().isBlank()) {
            try {
                Cursor after = cursors.decode(request.after(), compiler.orderSignature());
                if (after.values().size() != keys.size()) {
                    throw new InvalidCursorException("the cursor belongs to another sort order; start again from the first row");
                }
                condition = SqlFragment.and(List.of(condition, KeysetPredicate.after(keys, after.values())));
            } catch (InvalidCursorException e) {
                throw ProblemException.invalid("after", e.getMessage());
            }
        }
        // The SELECT of QueryCompiler#rows without its LIMIT: the columns under their keys, then the sort keys.
        ZoneId zone = checked.zone() != null ? checked.zone() : panel.zone();
        ColumnExpressions expressions = new ColumnExpressions(checked.table(), zone);
        List<SqlFragment> select = new ArrayList<>();
        for (String key : columns) {
            ColumnSchema column = checked.table().column(key).orElseThrow();
            select.add(expressions.value(column).append(" AS " + SqlExpression.identifier(key)));
        }
        for (SortExpression key : keys) {
            select.add(key.expression().append(" AS " + key.alias()));
        }
        SqlFragment statement = SqlFragment.of("SELECT ").append(SqlFragment.join(", ", select, SqlFragment.TRUE))
                .append(" FROM " + expressions.table() + " WHERE ").append(condition)
                .append(" ORDER BY ").append(compiler.orderBy());
        return new Plan(columns, statement, keys.size(), compiler,
                request.after() == null || request.after().isBlank() ? null : request.after());
    }

    /** Writes one stream's lines and keeps its count and the cursor after its last row. */
    private final class Lines {

        private static final SerializedString NEW_LINE = new SerializedString("\n");

        private final Plan plan;
        private long count;
        private String cursor;

        Lines(Plan plan) {
            this.plan = plan;
            this.cursor = plan.after();
        }

        byte[] header() {
            return write(64, g -> {
                g.writeStartObject();
                g.writeArrayFieldStart("columns");
                for (String key : plan.columns()) {
                    g.writeString(key);
                }
                g.writeEndArray();
                g.writeEndObject();
            });
        }

        /** Rows as arrays, then the checkpoint after the last of them. */
        byte[] chunk(List<Row> batch) {
            int width = plan.columns().size();
            return write(batch.size() * (16 + 16 * width), g -> {
                SerializerProvider provider = json.getSerializerProviderInstance();
                for (Row row : batch) {
                    g.writeStartArray();
                    for (int i = 0; i < width; i++) {
                        value(g, provider, row.getValue(i));
                    }
                    g.writeEndArray();
                }
                Row last = batch.getLast();
                List<Object> keys = new ArrayList<>(plan.keys());
                for (int k = 0; k < plan.keys(); k++) {
                    keys.add(last.getValue(width + k));
                }
                count += batch.size();
                cursor = cursors.encode(plan.compiler().cursorAfter(keys), plan.compiler().orderSignature());
                g.writeStartObject();
                g.writeNumberField("rows", count);
                g.writeStringField("cursor", cursor);
                g.writeEndObject();
            });
        }

        byte[] end() {
            return write(256, g -> {
                g.writeStartObject();
                g.writeBooleanField("end", true);
                g.writeNumberField("rows", count);
                g.writeStringField("cursor", cursor);
                g.writeEndObject();
            });
        }

        /**
         * A value exactly as {@code /query} shows it: {@link JsonValues} written by the application's
         * ObjectMapper. The common types are written directly, as their nodes would write themselves
         * (a node per cell is most of the encoding's cost at a million rows).
         */
        private void value(JsonGenerator g, SerializerProvider provider, Object value) throws IOException {
            switch (value) {
                case null -> g.writeNull();
                case String text -> g.writeString(text);
                case Boolean flag -> g.writeBoolean(flag);
                case Numeric number when !number.isNaN() -> g.writeNumber(number.bigDecimalValue());
                case Long number -> g.writeNumber(number);
                case Integer number -> g.writeNumber(number);
                case LocalDate day -> g.writeString(day.toString());
                case OffsetDateTime instant -> g.writeString(instant.toInstant().toString());
                default -> JsonValues.of(value).serialize(g, provider);
            }
        }

        private byte[] write(int size, Body body) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(size);
            try (JsonGenerator g = json.createGenerator(out, JsonEncoding.UTF8)) {
                g.setRootValueSeparator(NEW_LINE);
                body.write(g);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        }
    }

    @FunctionalInterface
    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }
}
