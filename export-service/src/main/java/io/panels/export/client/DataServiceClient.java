package io.panels.export.client;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.panels.common.tenant.TrustedServices;
import io.panels.export.config.ExportSettings;
import io.panels.export.domain.CellKind;
import io.panels.export.domain.CellValues;
import io.panels.export.domain.ExportColumn;
import io.panels.export.domain.ExportFailure;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Reads a panel's rows from data-service as export-service's service identity, in the job's tenant
 * and on behalf of who asked (ADR 0023): one streamed answer per export from
 * {@code POST /api/v1/panels/{id}/rows:stream} (ADR 0043, docs/data-service-row-stream.md), handed
 * over page by page: the rows between two of the stream's checkpoints. Blocking, for the export
 * workers. A stream that breaks off (its end line missing, the connection reset) is opened again
 * after the last checkpoint handed over, so no row is lost or written twice; failures to connect
 * or answer (connection refused, 5xx) are retried a few times with backoff; then the export fails
 * with a reason.
 */
@ApplicationScoped
public class DataServiceClient {

    private static final Logger LOG = Logger.getLogger(DataServiceClient.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** Attempts in a row that bring no new page; a stream that makes progress starts counting again. */
    private static final int ATTEMPTS = 4;

    /** The rows between two checkpoints of the stream, each as the typed cells of the export's columns ({@link CellValues}). */
    public record Page(List<Object[]> rows, Timing timing) {
    }

    /**
     * Where a page's time went: waiting for data-service's answer to begin (only for the first page
     * of each stream opened: its query's start), and reading the page (transfer and parsing into cells).
     */
    public record Timing(long answerNanos, long readNanos) {
    }

    /** Takes each page as it is complete; blocks while the writer is behind (back-pressure up to data-service). */
    @FunctionalInterface
    public interface Pages {
        void accept(Page page) throws InterruptedException;
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    // Exact decimals: a currency value is written as stored, never through a double.
    private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private final ServiceTokens tokens;
    private final URI base;

    public DataServiceClient(ServiceTokens tokens, ExportSettings settings) {
        this.tokens = tokens;
        this.base = URI.create(settings.dataServiceUrl().endsWith("/") ? settings.dataServiceUrl() : settings.dataServiceUrl() + "/");
    }

    /**
     * Every row of the query, in its order, to {@code pages}, then returns.
     *
     * @param checkpointEvery rows per page (between two checkpoints of the stream)
     * @throws ExportFailure when data-service refuses the query, or stays unreachable
     */
    public void stream(UUID tenantId, String onBehalfOf, UUID panelId, JsonNode query, List<ExportColumn> columns,
                       int checkpointEvery, Pages pages) throws InterruptedException {
        URI uri = base.resolve("api/v1/panels/" + panelId + "/rows:stream");
        Position position = new Position();
        String failure = null;
        int failures = 0;
        while (true) {
            if (failures >= ATTEMPTS) {
                throw new ExportFailure(failure + "; the export stopped after " + ATTEMPTS + " attempts.");
            }
            if (failures > 0) {
                Thread.sleep(250L << (failures + 1));
            }
            long pagesBefore = position.pages;
            boolean answered = false;
            try {
                long start = System.nanoTime();
                HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                        .header("Authorization", "Bearer " + tokens.accessToken())
                        .header("Content-Type", "application/json")
                        .header(TrustedServices.TENANT_HEADER, tenantId.toString())
                        .header(TrustedServices.ON_BEHALF_OF_HEADER, onBehalfOf)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(request(query, columns, position.after, checkpointEvery)))
                        .build(), HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream in = response.body()) {
                    int status = response.statusCode();
                    if (status == 200) {
                        answered = true;
                        if (read(in, columns, position, System.nanoTime() - start, pages)) {
                            return;
                        }
                        failure = "data-service's stream broke off";
                        LOG.warnf("Reading panel %s from data-service: the stream ended without its end line after %d pages",
                                panelId, position.pages);
                    } else {
                        String detail = detail(in);
                        if (status == 401) {
                            tokens.invalidate();
                            failure = "data-service refused export-service's identity (401)";
                        } else if (status >= 500 || status == 429) {
                            failure = "data-service answered " + status + detail;
                        } else {
                            throw new ExportFailure(switch (status) {
                                case 404 -> "The panel no longer exists.";
                                case 403 -> "export-service may not read this panel (data-service answered 403" + detail + ").";
                                default -> "data-service refused the export's query (" + status + detail + ").";
                            });
                        }
                    }
                }
            } catch (IOException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException("closed while reading from data-service");
                }
                failure = (answered ? "data-service's stream broke off (" : "data-service is unreachable (")
                        + e.getClass().getSimpleName() + ")";
                LOG.warnf("Reading panel %s from data-service failed (%d pages so far, attempt %d of %d): %s", panelId,
                        position.pages, failures + 1, ATTEMPTS, e.toString());
            }
            failures = position.pages > pagesBefore ? 1 : failures + 1;
        }
    }

    /** How far the pages handed over go: the cursor after the last of them (where a new stream starts), and their number. */
    private static final class Position {
        String after;
        long pages;
    }

    private byte[] request(JsonNode query, List<ExportColumn> columns, String after, int checkpointEvery) {
        ObjectNode body = json.createObjectNode();
        body.set("query", query);
        ArrayNode keys = body.putArray("columns");
        columns.forEach(column -> keys.add(column.key()));
        if (after != null) {
            body.put("after", after);
        }
        body.put("checkpointEvery", checkpointEvery);
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads a stream with Jackson's streaming parser straight into typed cells (no tree per row;
     * select lists and json values, rare, as small trees): its columns line, rows (arrays) and
     * checkpoints, each checkpoint handing the rows before it over as a page; the end line hands
     * over the rest.
     *
     * @return true at the end line; false when the stream stopped without it (cut)
     */
    boolean read(InputStream in, List<ExportColumn> columns, Position position, long answerNanos, Pages pages)
            throws IOException, InterruptedException {
        try (JsonParser parser = json.getFactory().createParser(in)) {
            expect(parser.nextToken(), JsonToken.START_OBJECT);
            List<String> keys = new ArrayList<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                boolean columnList = parser.currentName().equals("columns");
                if (parser.nextToken() == JsonToken.START_ARRAY && columnList) {
                    while (parser.nextToken() == JsonToken.VALUE_STRING) {
                        keys.add(parser.getText());
                    }
                } else {
                    parser.skipChildren();
                }
            }
            if (!keys.equals(columns.stream().map(ExportColumn::key).toList())) {
                throw new ExportFailure("data-service answered other columns than asked (" + keys + ").");
            }
            List<Object[]> rows = new ArrayList<>();
            long answer = answerNanos;
            long started = System.nanoTime();
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token == JsonToken.START_ARRAY) {
                    rows.add(row(parser, columns));
                    continue;
                }
                expect(token, JsonToken.START_OBJECT);
                boolean end = false;
                String cursor = null;
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String field = parser.currentName();
                    JsonToken value = parser.nextToken();
                    if (field.equals("end")) {
                        end = value == JsonToken.VALUE_TRUE;
                    } else if (field.equals("cursor")) {
                        cursor = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                    } else {
                        parser.skipChildren();
                    }
                }
                if (!rows.isEmpty()) {
                    pages.accept(new Page(rows, new Timing(answer, System.nanoTime() - started)));
                }
                position.after = cursor;
                position.pages++;
                if (end) {
                    return true;
                }
                rows = new ArrayList<>();
                answer = 0;
                started = System.nanoTime();
            }
            return false;
        }
    }

    /** One row, an array of the export's columns' values in their order (the parser is at its START_ARRAY). */
    private Object[] row(JsonParser parser, List<ExportColumn> columns) throws IOException {
        Object[] cells = new Object[columns.size()];
        int at = 0;
        JsonToken cell;
        while ((cell = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (cell == null) {
                throw new java.io.EOFException("the stream ended inside a row");
            }
            if (at >= cells.length) {
                parser.skipChildren();
                at++;
                continue;
            }
            ExportColumn column = columns.get(at);
            // Straight from the tokens for the common cells; a tree only for the rare ones (lists, json, a type changed meanwhile).
            cells[at++] = switch (cell) {
                case VALUE_NULL -> null;
                case VALUE_STRING -> CellValues.readText(column, parser.getText());
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> column.kind() == CellKind.NUMBER
                        ? CellValues.number(parser) : CellValues.read(column, json.readTree(parser));
                case VALUE_TRUE, VALUE_FALSE -> column.kind() == CellKind.BOOLEAN
                        ? Boolean.valueOf(cell == JsonToken.VALUE_TRUE) : CellValues.read(column, json.readTree(parser));
                default -> CellValues.read(column, json.readTree(parser));
            };
        }
        return cells;
    }

    private static void expect(JsonToken actual, JsonToken expected) throws IOException {
        if (actual != expected) {
            throw new IOException("data-service's answer is not a row stream (" + actual + ")");
        }
    }

    private String detail(InputStream in) {
        try {
            JsonNode problem = json.readTree(in);
            String detail = problem == null ? "" : problem.path("detail").asText("");
            return detail.isEmpty() ? "" : ": " + detail;
        } catch (IOException e) {
            return "";
        }
    }
}
