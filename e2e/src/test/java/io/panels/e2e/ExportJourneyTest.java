package io.panels.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.panels.common.testing.ServiceProcess;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Exports through the gateway: an editor exports a whole panel and a saved view (its filter, sort
 * and visible columns) to CSV and XLSX, follows the jobs, and downloads each file through its
 * signed URL without a token. export-service reads the rows from the suite's data-service as its
 * own service identity (ADR 0023).
 *
 * <p>export-service and view-service need data-service's address and the gateway needs theirs, so
 * this journey starts its own export-service, view-service and gateway in front of the suite's
 * other services.
 */
@ExtendWith(Suite.class)
class ExportJourneyTest {

    @Test
    void aPanelAndAViewAreExportedToCsvAndXlsxAndDownloaded() throws Exception {
        URI data = Suite.url("data-service");
        String run = UUID.randomUUID().toString();
        try (ServiceProcess views = ServiceProcess.start("view-service", Map.of(
                     "QUARKUS_REST_CLIENT_DATA_SERVICE_URL", data.toString(),
                     "MP_MESSAGING_INCOMING_PANELS_PANELS_GROUP_ID", "view-service-e2e-" + run,
                     "MP_MESSAGING_INCOMING_PANELS_PANELS_AUTO_OFFSET_RESET", "latest"));
             ServiceProcess exports = ServiceProcess.start("export-service", Map.of(
                     "PANELS_EXPORT_DATA_SERVICE_URL", data.toString(),
                     "PANELS_EXPORT_STORAGE_DIRECTORY", "target/export-files",
                     // Its own groups from the latest offsets: this journey needs only what it creates.
                     "MP_MESSAGING_INCOMING_PANELS_PANELS_GROUP_ID", "export-service-e2e-panels-" + run,
                     "MP_MESSAGING_INCOMING_PANELS_PANELS_AUTO_OFFSET_RESET", "latest",
                     "MP_MESSAGING_INCOMING_PANELS_VIEWS_GROUP_ID", "export-service-e2e-views-" + run,
                     "MP_MESSAGING_INCOMING_PANELS_VIEWS_AUTO_OFFSET_RESET", "latest",
                     "MP_MESSAGING_INCOMING_EXPORT_REQUESTS_GROUP_ID", "export-service-e2e-workers-" + run));
             ServiceProcess gateway = ServiceProcess.start("gateway", Map.of(
                     "PANELS_AUTH_SERVICE_URL", Suite.url("auth-service").toString(),
                     "PANELS_PANEL_SERVICE_URL", Suite.url("panel-service").toString(),
                     "PANELS_DATA_SERVICE_URL", data.toString(),
                     "PANELS_VIEW_SERVICE_URL", views.url().toString(),
                     "PANELS_EXPORT_SERVICE_URL", exports.url().toString()))) {
            URI api = gateway.url();
            StaffedTenant tenant = StaffedTenant.create(api);
            String owner = tenant.token("owner");
            String editor = tenant.token("editor");

            String panelId = call(api, owner).body("""
                            {"name": "Orders", "columns": [
                              {"name": "Customer", "type": "text"},
                              {"name": "Amount", "type": "number"},
                              {"name": "Due", "type": "date"}]}""")
                    .post("/api/v1/panels").then().statusCode(201).extract().path("id");
            List<Map<String, Object>> rows = new ArrayList<>();
            for (int i = 1; i <= 12; i++) {
                rows.add(Map.of("values", Map.of("customer", i == 1 ? "=HYPERLINK(\"x\")" : "Customer " + i, "amount", i * 10,
                        "due", "2025-01-" + String.format("%02d", i))));
            }
            Awaitility.await("the panel's table, built from its event").atMost(Duration.ofSeconds(60))
                    .until(() -> call(api, editor).body(Map.of("rows", rows)).post("/api/v1/panels/" + panelId + "/rows/batch-create"),
                            reply -> reply.statusCode() == 201);

            // The whole panel to CSV (once export-service's copy of the panel exists).
            Response csvJob = Awaitility.await("export-service's copy of the panel").atMost(Duration.ofSeconds(60))
                    .until(() -> call(api, editor).body(Map.of("panelId", panelId, "format", "csv")).post("/api/v1/exports"),
                            reply -> reply.statusCode() == 202);
            String csv = new String(download(api, awaitCompleted(api, editor, csvJob.path("id"), 12)), StandardCharsets.UTF_8);
            List<String> lines = List.of(csv.split("\r\n"));
            assertEquals("Customer,Amount,Due", lines.get(0));
            assertEquals(13, lines.size());
            assertTrue(lines.contains("\"'=HYPERLINK(\"\"x\"\")\",10,2025-01-01"), csv);

            // A view: amounts of at least 50, biggest first, customer and amount only, to XLSX.
            Awaitility.await("the default view, from panel.created").atMost(Duration.ofSeconds(60))
                    .until(() -> call(api, editor).queryParam("panelId", panelId).get("/api/v1/views").statusCode() == 200);
            String viewId = call(api, editor).body("""
                            {"panelId": "%s", "name": "Big orders",
                             "columns": [{"key": "customer", "visible": true}, {"key": "amount", "visible": true},
                                         {"key": "due", "visible": false}],
                             "query": {"filter": {"conditions": [{"column": "amount", "op": "gte", "value": 50}]},
                                       "sorts": [{"column": "amount", "direction": "desc"}]}}""".formatted(panelId))
                    .post("/api/v1/views").then().statusCode(201).extract().path("id");
            Response xlsxJob = Awaitility.await("export-service's copy of the view").atMost(Duration.ofSeconds(60))
                    .until(() -> call(api, editor).body(Map.of("viewId", viewId, "format", "xlsx")).post("/api/v1/exports"),
                            reply -> reply.statusCode() == 202);
            xlsxJob.then().body("title", equalTo("Orders - Big orders"));
            String sheet = sheetXml(download(api, awaitCompleted(api, editor, xlsxJob.path("id"), 8)));
            assertTrue(sheet.contains("<pane") && sheet.contains("frozen"), "a frozen header row: " + sheet);
            // Numbers are numeric cells (<v>), biggest first, and the view's filter applies.
            int first = sheet.indexOf("<v>120");
            int last = sheet.indexOf("<v>50");
            assertTrue(first > 0 && last > first, "biggest first, numbers as numbers: " + sheet);
            assertTrue(!sheet.contains("<v>40"), "the view's filter applies: " + sheet);

            // The CSV view export too, and a panel-wide XLSX: both formats for both.
            Response viewCsv = call(api, editor).body(Map.of("viewId", viewId, "format", "csv")).post("/api/v1/exports");
            String viewText = new String(download(api, awaitCompleted(api, editor, viewCsv.path("id"), 8)), StandardCharsets.UTF_8);
            assertTrue(viewText.startsWith("Customer,Amount\r\nCustomer 12,120\r\n"), viewText);
            Response panelXlsx = call(api, editor).body(Map.of("panelId", panelId, "format", "xlsx")).post("/api/v1/exports");
            assertNotNull(sheetXml(download(api, awaitCompleted(api, editor, panelXlsx.path("id"), 12))));

            // Another tenant cannot see the job.
            StaffedTenant other = StaffedTenant.create(api);
            call(api, other.token("owner")).get("/api/v1/exports/" + csvJob.path("id")).then().statusCode(404);
        }
    }

    private static String awaitCompleted(URI api, String token, String exportId, int rows) {
        Response done = Awaitility.await("export " + exportId).atMost(Duration.ofSeconds(90))
                .until(() -> call(api, token).get("/api/v1/exports/" + exportId),
                        reply -> List.of("completed", "failed", "cancelled").contains(reply.<String>path("status")));
        done.then().body("status", equalTo("completed")).body("rows", equalTo(rows));
        return done.path("downloadUrl");
    }

    /** Through the gateway, with no token: the signed URL is the authorisation. */
    private static byte[] download(URI api, String url) {
        return given().baseUri(api.toString()).urlEncodingEnabled(false).get(url).then().statusCode(200).extract().asByteArray();
    }

    /** The first worksheet's XML of an XLSX: a zip, read through its central directory as spreadsheet programs do. */
    private static String sheetXml(byte[] xlsx) throws IOException {
        Path file = Files.createTempFile("export-journey-", ".xlsx");
        try {
            Files.write(file, xlsx);
            try (ZipFile zip = new ZipFile(file.toFile())) {
                ZipEntry sheet = zip.getEntry("xl/worksheets/sheet1.xml");
                if (sheet == null) {
                    throw new AssertionError("no worksheet in the XLSX");
                }
                return new String(zip.getInputStream(sheet).readAllBytes(), StandardCharsets.UTF_8);
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static RequestSpecification call(URI api, String token) {
        return given().baseUri(api.toString()).auth().oauth2(token).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString());
    }
}
