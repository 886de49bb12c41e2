package io.panels.export.client;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.panels.common.tenant.TrustedServices;
import io.panels.export.config.ExportSettings;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Reads a panel's rows page by page from data-service's query endpoint (docs/data-service.md) as
 * export-service's service identity, in the job's tenant and on behalf of who asked (ADR 0023).
 * Blocking, for the export workers. Transient failures (connection refused or reset, 5xx) are
 * retried a few times with backoff; then the export fails with a reason.
 */
@ApplicationScoped
public class DataServiceClient {

    private static final Logger LOG = Logger.getLogger(DataServiceClient.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int ATTEMPTS = 4;

    /**
     * A page of rows, each as the typed cells of the export's columns in their order
     * ({@link CellValues}), and the cursor of the next page (null on the last).
     */
    public record Page(List<Object[]> rows, String nextCursor, Timing timing) {
    }

    /**
     * Where a page's time went: until data-service's answer began (its query, and the request), and
     * reading the answer (transfer and parsing into cells).
     */
    public record Timing(long answerNanos, long readNanos) {
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

    public Page page(UUID tenantId, String onBehalfOf, UUID panelId, JsonNode query, List<ExportColumn> columns, String cursor,
                     int limit) throws InterruptedException {
        ObjectNode body = json.createObjectNode();
        body.set("query", query);
        columns.forEach(column -> body.withArray("columns").add(column.key()));
        body.put("limit", limit);
        body.put("cursor", cursor);
        body.put("count", "none");
        byte[] request = body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        URI uri = base.resolve("api/v1/panels/" + panelId + "/query");
        String failure = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            if (attempt > 1) {
                Thread.sleep(250L << attempt);
            }
            try {
                long start = System.nanoTime();
                HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                        .header("Authorization", "Bearer " + tokens.accessToken())
                        .header("Content-Type", "application/json")
                        .header(TrustedServices.TENANT_HEADER, tenantId.toString())
                        .header(TrustedServices.ON_BEHALF_OF_HEADER, onBehalfOf)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(request)).build(), HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream in = response.body()) {
                    int status = response.statusCode();
                    if (status == 200) {
                        long answered = System.nanoTime();
                        Page page = read(in, columns);
                        return new Page(page.rows(), page.nextCursor(), new Timing(answered - start, System.nanoTime() - answered));
                    }
                    String detail = detail(in);
                    if (status == 401) {
                        tokens.invalidate();
                        failure = "data-service refused export-service's identity (401)";
                        continue;
                    }
                    if (status >= 500 || status == 429) {
                        failure = "data-service answered " + status + detail;
                        continue;
                    }
                    throw new ExportFailure(switch (status) {
                        case 404 -> "The panel no longer exists.";
                        case 403 -> "export-service may not read this panel (data-service answered 403" + detail + ").";
                        default -> "data-service refused the export's query (" + status + detail + ").";
                    });
                }
            } catch (IOException e) {
                failure = "data-service is unreachable (" + e.getClass().getSimpleName() + ")";
                LOG.warnf("Reading panel %s from data-service failed (attempt %d of %d): %s", panelId, attempt, ATTEMPTS, e.toString());
            }
        }
        throw new ExportFailure(failure + "; the export stopped after " + ATTEMPTS + " attempts.");
    }

    /**
     * Reads the answer with Jackson's streaming parser straight into typed cells: no tree of the
     * page is built, only each row's cells (texts and numbers as they come; select lists and json
     * values, rare, as small trees). Fields other than {@code rows[].values} and {@code nextCursor}
     * are skipped.
     */
    Page read(InputStream in, List<ExportColumn> columns) throws IOException {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            index.put(columns.get(i).key(), i);
        }
        List<Object[]> rows = new ArrayList<>();
        String next = null;
        try (JsonParser parser = json.getFactory().createParser(in)) {
            expect(parser.nextToken(), JsonToken.START_OBJECT);
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("rows") && value == JsonToken.START_ARRAY) {
                    while (parser.nextToken() == JsonToken.START_OBJECT) {
                        rows.add(row(parser, columns, index));
                    }
                } else if (field.equals("nextCursor")) {
                    next = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                } else {
                    parser.skipChildren();
                }
            }
        }
        return new Page(rows, next, null);
    }

    /** One row object (the parser is at its START_OBJECT): the cells of its {@code values}. */
    private Object[] row(JsonParser parser, List<ExportColumn> columns, Map<String, Integer> index) throws IOException {
        Object[] cells = new Object[columns.size()];
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken token = parser.nextToken();
            if (!field.equals("values") || token != JsonToken.START_OBJECT) {
                parser.skipChildren();
                continue;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                Integer at = index.get(parser.currentName());
                JsonToken cell = parser.nextToken();
                if (at == null) {
                    parser.skipChildren();
                } else if (cell == JsonToken.VALUE_STRING) {
                    cells[at] = CellValues.readText(columns.get(at), parser.getText());
                } else if (cell != JsonToken.VALUE_NULL) {
                    cells[at] = CellValues.read(columns.get(at), json.readTree(parser));
                }
            }
        }
        return cells;
    }

    private static void expect(JsonToken actual, JsonToken expected) throws IOException {
        if (actual != expected) {
            throw new IOException("data-service's answer is not a query page (" + actual + ")");
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
