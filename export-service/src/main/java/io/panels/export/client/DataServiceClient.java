package io.panels.export.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.panels.common.tenant.TrustedServices;
import io.panels.export.config.ExportSettings;
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
import java.util.List;
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

    /** A page of rows: each row's {@code values} object, and the cursor of the next page (null on the last). */
    public record Page(List<JsonNode> rows, String nextCursor) {
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

    public Page page(UUID tenantId, String onBehalfOf, UUID panelId, JsonNode query, List<String> columns, String cursor,
                     int limit) throws InterruptedException {
        ObjectNode body = json.createObjectNode();
        body.set("query", query);
        columns.forEach(body.putArray("columns")::add);
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
                HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                        .header("Authorization", "Bearer " + tokens.accessToken())
                        .header("Content-Type", "application/json")
                        .header(TrustedServices.TENANT_HEADER, tenantId.toString())
                        .header(TrustedServices.ON_BEHALF_OF_HEADER, onBehalfOf)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(request)).build(), HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream in = response.body()) {
                    int status = response.statusCode();
                    if (status == 200) {
                        return read(json.readTree(in));
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

    private Page read(JsonNode answer) {
        List<JsonNode> rows = new ArrayList<>(answer.path("rows").size());
        answer.path("rows").forEach(row -> rows.add(row.path("values")));
        JsonNode next = answer.path("nextCursor");
        return new Page(rows, next.isTextual() ? next.asText() : null);
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
