package io.panels.export.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.panels.common.testing.Keycloak;
import io.panels.common.testing.Keycloak.TestTenant;
import io.panels.common.testing.Keycloak.TestUser;
import io.panels.common.testing.TestKafka;
import io.panels.events.EventCatalog;
import io.panels.events.EventEnvelope;
import io.panels.events.testing.EventSchemaAssert;
import io.panels.export.DataServiceResource;
import io.panels.export.TestExports;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** data-service going away mid-export, and the signed download links. */
@QuarkusTest
@QuarkusTestResource(value = DataServiceResource.class, restrictToAnnotatedClass = false)
class ExportFailureAndDownloadTest {

    static TestTenant tenant;
    static TestUser owner;
    static UUID panelId;
    static final int ROWS = 3000;

    @BeforeEach
    void panelOfSeveralPages() {
        if (panelId != null) {
            return;
        }
        tenant = Keycloak.createTenant();
        owner = tenant.member("owner");
        panelId = TestExports.createPanel(tenant, owner, "Ledger", List.of(
                TestExports.column("memo", "Memo", "text", 0, TestExports.none()),
                TestExports.column("amount", "Amount", "number", 1, TestExports.precision(2))));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            rows.add(Map.of("memo", "Entry number " + i + " with some text to make the page heavier", "amount", i / 100.0));
        }
        TestExports.createRows(owner, panelId, rows);
    }

    @Test
    void dataServiceGoingAwayMidExportEndsFailedWithAReasonAndNoFile() {
        // Checkpoints every 200 rows (test setting); the stream crosses a slow link (about 2.5 s to the
        // cut) so the pages before the cut are read and written, then the link is cut mid-stream.
        DataServiceResource.slowLinkThenCutAfter(60_000, 150_000);
        Response job;
        try {
            String id = TestExports.requestExport(owner, Map.of("panelId", panelId, "format", "csv"));
            job = TestExports.awaitEnd(owner, id, Duration.ofSeconds(60));
        } finally {
            DataServiceResource.restoreLink();
        }
        String id = job.path("id");
        assertEquals("failed", job.path("status"), job.asString());
        String reason = job.path("failureReason");
        assertTrue(reason.startsWith("data-service is unreachable"), reason);
        int rows = job.path("rows");
        assertTrue(rows > 0 && rows < ROWS, "it failed in the middle: " + rows);
        assertNull(job.path("downloadUrl"));
        assertNull(job.path("bytes"));
        Path storage = Path.of(ConfigProvider.getConfig().getValue("panels.export.storage.directory", String.class));
        try (Stream<Path> files = Files.walk(storage)) {
            assertFalse(files.anyMatch(file -> file.getFileName().toString().startsWith(id)), "no file, partial or whole");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        EventEnvelope failed = TestKafka.read("panels.exports", e -> id.equals(e.key()) && e.type().equals("export.failed"),
                kept -> !kept.isEmpty(), Duration.ofSeconds(30)).get(0);
        EventSchemaAssert.assertValid(EventCatalog.EXPORT_FAILED, failed);
        assertTrue(new String(failed.data(), StandardCharsets.UTF_8).contains("data-service is unreachable"));

        // data-service is back: the same export works again.
        Response again = TestExports.awaitEnd(owner, TestExports.requestExport(owner, Map.of("panelId", panelId, "format", "csv")),
                Duration.ofSeconds(60));
        assertEquals("completed", again.path("status"));
        assertEquals(ROWS, (int) again.path("rows"));
    }

    @Test
    void aSignedLinkNeedsNoTokenButCannotBeAlteredOrUsedLate() {
        Response job = TestExports.awaitEnd(owner, TestExports.requestExport(owner, Map.of("panelId", panelId, "format", "ndjson")),
                Duration.ofSeconds(60));
        String url = job.path("downloadUrl");
        String id = job.path("id");
        given().urlEncodingEnabled(false).get(url).then().statusCode(200)
                .header("Content-Type", equalTo("application/x-ndjson"))
                .header("Content-Disposition", equalTo("attachment; filename=\"Ledger.ndjson\"; filename*=UTF-8''Ledger.ndjson"));

        String tampered = url.substring(0, url.length() - 1) + (url.endsWith("0") ? "1" : "0");
        given().urlEncodingEnabled(false).get(tampered).then().statusCode(403)
                .body("type", equalTo("https://panels.io/problems/download-link-invalid"));
        String longer = url.replaceAll("expires=\\d+", "expires=" + (Instant.now().getEpochSecond() + 86_400 * 365));
        given().urlEncodingEnabled(false).get(longer).then().statusCode(403);
        String otherExport = url.replace(id, UUID.randomUUID().toString());
        given().urlEncodingEnabled(false).get(otherExport).then().statusCode(403);
        given().get("/api/v1/public/exports/" + id + "/download").then().statusCode(403);

        long past = Instant.now().getEpochSecond() - 60;
        given().urlEncodingEnabled(false).get("/api/v1/public/exports/" + id + "/download?expires=" + past + "&sig=" + sign(id, past))
                .then().statusCode(410).body("type", equalTo("https://panels.io/problems/download-link-expired"));
    }

    /** What export-service signs, with the test profile's secret: an honest link that has expired. */
    private static String sign(String id, long expires) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(ConfigProvider.getConfig().getValue("panels.export.download-secret", String.class)
                    .getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((id + ":" + expires).getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
