package io.panels.export.domain;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.panels.common.testing.Keycloak;
import io.panels.common.testing.Keycloak.TestTenant;
import io.panels.common.testing.Keycloak.TestUser;
import io.panels.common.testing.TestKafka;
import io.panels.events.EventCatalog;
import io.panels.events.EventEnvelope;
import io.panels.events.testing.EventSchemaAssert;
import io.panels.export.DataServiceResource;
import io.panels.export.TestExports;
import io.panels.export.store.ExportStorage;
import io.panels.export.store.LocalExportStorage;
import io.panels.export.store.StoredFile;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The scheduled work across tenants: a job left running by a replica that died is taken over and
 * run again to completion as its next attempt, or, interrupted too often, ends failed with a reason
 * and its event; a file past its retention is deleted and its job expired (the signed link then
 * answers 410). Time is moved by editing the job's timestamps and owner, as a stopped replica or
 * the passing days would leave them. (A real process killed mid-export: ExportResumeIT.)
 */
@QuarkusTest
@QuarkusTestResource(value = DataServiceResource.class, restrictToAnnotatedClass = false)
class ExportHousekeepingTest {

    @Inject
    ExportHousekeeping housekeeping;

    @Inject
    AgroalDataSource database;

    @Inject
    ExportStorage storage;

    private void age(String id, String set) throws Exception {
        try (Connection connection = database.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement system = connection.prepareStatement("select set_config('panels.system', 'on', true)");
                 PreparedStatement update = connection.prepareStatement("update export_job set " + set + " where id = ?")) {
                system.execute();
                update.setObject(1, UUID.fromString(id));
                assertEquals(1, update.executeUpdate());
            }
            connection.commit();
        }
    }

    @Test
    void interruptedJobsFailAndOldFilesGo() throws Exception {
        TestTenant tenant = Keycloak.createTenant();
        TestUser owner = tenant.member("owner");
        UUID panelId = TestExports.createPanel(tenant, owner, "Old", List.of(
                TestExports.column("name", "Name", "text", 0, TestExports.none())));
        TestExports.createRows(owner, panelId, List.of(Map.of("name", "a"), Map.of("name", "b")));

        // A job a dead replica left running in its first attempt: no heartbeat for an hour. Taken over, run again, completed.
        String resumed = TestExports.requestExport(owner, Map.of("panelId", panelId, "format", "csv"));
        TestExports.awaitEnd(owner, resumed, Duration.ofSeconds(60));
        age(resumed, "status = 'running', finished_at = null, rows_written = 1, worker = 'gone/1',"
                + " heartbeat_at = now() - interval '1 hour'");
        // Taken over by this call, or a moment before by the scheduled beat: either way attempt 2 runs it.
        housekeeping.takeOverInterrupted();
        Response again = TestExports.awaitEnd(owner, resumed, Duration.ofSeconds(60));
        assertEquals("completed", again.path("status"), again.asString());
        assertEquals(2, (int) again.path("attempts"));
        assertEquals(2, (int) again.path("rows"));
        // Rows made in one batch may come in either order.
        List<String> lines = List.of(new String(TestExports.download(again), java.nio.charset.StandardCharsets.UTF_8).split("\r\n"));
        assertEquals("Name", lines.get(0));
        assertEquals(List.of("a", "b"), lines.subList(1, lines.size()).stream().sorted().toList());

        // Interrupted as often as max-attempts allows: failed with the reason and its event.
        String interrupted = TestExports.requestExport(owner, Map.of("panelId", panelId, "format", "csv"));
        TestExports.awaitEnd(owner, interrupted, Duration.ofSeconds(60));
        age(interrupted, "status = 'running', finished_at = null, attempt = 3, worker = 'gone/3',"
                + " heartbeat_at = now() - interval '1 hour'");
        assertTrue(housekeeping.takeOverInterrupted().stream().noneMatch(job -> job.id().toString().equals(interrupted)));
        given().auth().oauth2(owner.token()).get("/api/v1/exports/" + interrupted).then().statusCode(200)
                .body("status", equalTo("failed")).body("failureReason", equalTo(ExportHousekeeping.INTERRUPTED));
        EventEnvelope failed = TestKafka.read("panels.exports", e -> interrupted.equals(e.key()) && e.type().equals("export.failed"),
                kept -> !kept.isEmpty(), Duration.ofSeconds(30)).get(0);
        EventSchemaAssert.assertValid(EventCatalog.EXPORT_FAILED, failed);

        // A completed export past its retention.
        String old = TestExports.requestExport(owner, Map.of("panelId", panelId, "format", "csv"));
        Response done = TestExports.awaitEnd(owner, old, Duration.ofSeconds(60));
        assertEquals("completed", done.path("status"));
        String url = done.path("downloadUrl");
        Path file = ((LocalExportStorage) storage).path(new StoredFile(tenant.id(), UUID.fromString(old), 1, "csv"));
        assertTrue(Files.exists(file));
        age(old, "expires_at = now() - interval '1 minute'");
        assertTrue(housekeeping.expireFiles() >= 1);
        assertFalse(Files.exists(file));
        given().auth().oauth2(owner.token()).get("/api/v1/exports/" + old).then()
                .body("status", equalTo("expired")).body("downloadUrl", nullValue());
        given().urlEncodingEnabled(false).get(url).then().statusCode(410)
                .body("type", equalTo("https://panels.io/problems/export-file-gone"));
    }
}
