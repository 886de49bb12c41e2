package io.panels.export.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.panels.common.testing.Keycloak;
import io.panels.common.testing.Keycloak.TestTenant;
import io.panels.common.testing.Keycloak.TestUser;
import io.panels.events.panel.ColumnDefinition;
import io.panels.export.DataServiceResource;
import io.panels.export.TestExports;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Streaming, shown with a small heap: this module's test JVM runs with -Xmx256m (pom.xml), the
 * application and the tests together. 100,000 rows of 20 columns read page by page from the real
 * data-service and written as CSV; held in memory they would take several hundred MiB (every
 * value as a Jackson node). The file is read back streaming too, and every row counted and checked.
 */
@QuarkusTest
@QuarkusTestResource(value = DataServiceResource.class, restrictToAnnotatedClass = false)
class LargeExportTest {

    static final int ROWS = 100_000;
    static final int COLUMNS = 20;

    @Test
    void aHundredThousandRowsOfTwentyColumnsStreamThroughASmallHeap() throws Exception {
        long maxHeap = Runtime.getRuntime().maxMemory();
        assertTrue(maxHeap <= 256L * 1024 * 1024, "the test JVM must have a small heap, has " + maxHeap);

        TestTenant tenant = Keycloak.createTenant();
        TestUser owner = tenant.member("owner");
        List<ColumnDefinition> columns = new ArrayList<>();
        for (int c = 0; c < COLUMNS; c++) {
            columns.add(c % 2 == 0
                    ? TestExports.column("t" + c, "Text " + c, "text", c, TestExports.none())
                    : TestExports.column("n" + c, "Number " + c, "number", c, TestExports.precision(2)));
        }
        UUID panelId = TestExports.createPanel(tenant, owner, "Big", columns);
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int r = 0; r < ROWS; r++) {
            Map<String, Object> values = new HashMap<>();
            for (int c = 0; c < COLUMNS; c++) {
                values.put(c % 2 == 0 ? "t" + c : "n" + c, c % 2 == 0 ? "row " + r + " text value " + c : r + c / 100.0);
            }
            batch.add(values);
            if (batch.size() == 1000) {
                TestExports.createRows(owner, panelId, batch);
                batch.clear();
            }
        }
        String id = TestExports.requestExport(owner, Map.of("panelId", panelId, "format", "csv"));
        Response job = TestExports.awaitEnd(owner, id, Duration.ofMinutes(5));
        assertEquals("completed", job.path("status"), job.asString());
        assertEquals(ROWS, (int) job.path("rows"));

        // Live heap after the last collection of each pool: what the JVM (application and tests) retained.
        long retained = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .filter(p -> p.getCollectionUsage() != null).mapToLong(p -> p.getCollectionUsage().getUsed()).sum();
        System.out.printf("Large export: %d rows x %d columns, %d bytes, heap retained after the last GC %d MiB of max %d MiB%n",
                ROWS, COLUMNS, (long) (int) job.path("bytes"), retained >> 20, maxHeap >> 20);

        int port = io.restassured.RestAssured.port;
        HttpResponse<InputStream> file = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + job.path("downloadUrl"))).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, file.statusCode());
        long lines = 0;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(file.body(), StandardCharsets.UTF_8))) {
            String header = reader.readLine();
            assertTrue(header.startsWith("Text 0,Number 1,Text 2"), header);
            String line;
            while ((line = reader.readLine()) != null) {
                assertEquals(COLUMNS, line.split(",", -1).length, line);
                lines++;
            }
        }
        assertEquals(ROWS, lines);
    }
}
