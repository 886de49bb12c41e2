package io.panels.export;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.awaitility.Awaitility.await;

import io.panels.common.testing.Keycloak;
import io.panels.common.testing.Keycloak.TestTenant;
import io.panels.common.testing.Keycloak.TestUser;
import io.panels.common.testing.ServiceProcess;
import io.panels.common.testing.TestKafka;
import io.panels.events.EventEnvelope;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Resuming an interrupted export with real processes (ADR 0034): export-service's built fast-jar
 * runs as replica A, which is killed (SIGKILL, as a crash or an OOM kill) in the middle of an
 * export; replica B, started afterwards on the same schema, storage and consumer group, sees the
 * job's heartbeat stop, takes it over as attempt 2 and runs it from the start to completion.
 * Exactly once: the file holds every row once, one export.completed is published, the Kafka
 * command A never acknowledged is redelivered to B and changes nothing, A's partial file is gone.
 * Runs after package (failsafe), on the dev platform and a real data-service.
 */
class ExportResumeIT {

    static final int ROWS = 12_000;
    static DataServiceResource dataService;
    static Map<String, String> environment;
    static Path storage;

    @BeforeAll
    static void platform() throws Exception {
        dataService = new DataServiceResource();
        String link = dataService.start().get("panels.export.data-service-url");
        DataServiceResource.slowLink(30_000);
        storage = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "resume-it-files-");
        environment = new HashMap<>();
        environment.put("PANELS_EXPORT_DATA_SERVICE_URL", link);
        environment.put("PANELS_EXPORT_STORAGE_DIRECTORY", storage.toString());
        // Small pages, each one's progress written; and a slow link to data-service (30 KB/s, about 10 s for the
        // whole stream): the export takes long enough to be killed in the middle.
        environment.put("PANELS_EXPORT_PAGE_SIZE", "20");
        environment.put("PANELS_EXPORT_PROGRESS_INTERVAL", "PT0S");
        environment.put("PANELS_EXPORT_HEARTBEAT", "PT1S");
        environment.put("PANELS_EXPORT_STALE_AFTER", "PT4S");
        environment.put("PANELS_OUTBOX_RELAY_POLL_INTERVAL", "PT0.2S");
        // The test's own consumer groups (a running suite's export-service keeps its own); a short session, so the
        // dead replica's partitions (and its unacknowledged command) move to B within seconds.
        environment.put("MP_MESSAGING_INCOMING_PANELS_PANELS_GROUP_ID", "export-service-it.panels");
        environment.put("MP_MESSAGING_INCOMING_PANELS_VIEWS_GROUP_ID", "export-service-it.views");
        environment.put("MP_MESSAGING_INCOMING_EXPORT_REQUESTS_GROUP_ID", "export-service-it.workers");
        environment.put("JAVA_TOOL_OPTIONS", "-Dmp.messaging.incoming.export-requests.session.timeout.ms=6000");
    }

    @AfterAll
    static void stop() {
        if (dataService != null) {
            dataService.stop();
        }
    }

    @Test
    void aReplicaKilledMidExportIsTakenOverAndTheJobCompletesExactlyOnce() throws Exception {
        ServiceProcess replicaA = ServiceProcess.start("export-service", environment);
        ServiceProcess replicaB = null;
        try {
            use(replicaA);
            TestTenant tenant = Keycloak.createTenant();
            TestUser owner = tenant.member("owner");
            UUID panelId = TestExports.createPanel(tenant, owner, "Resumed", List.of(
                    TestExports.column("memo", "Memo", "text", 0, TestExports.none()),
                    TestExports.column("n", "N", "number", 1, TestExports.precision(0))));
            List<Map<String, Object>> rows = new ArrayList<>();
            for (int i = 0; i < ROWS; i++) {
                rows.add(Map.of("memo", "row " + i, "n", i));
            }
            TestExports.createRows(owner, panelId, rows);

            String id = TestExports.requestExport(owner, Map.of("panelId", panelId, "format", "csv"));
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50)).until(() -> {
                Response job = given().auth().oauth2(owner.token()).get("/api/v1/exports/" + id);
                return "running".equals(job.path("status")) && (int) job.path("rows") >= 200;
            });
            replicaA.kill();
            assertFalse(replicaA.isAlive());
            Map<String, Object> left = job(id);
            assertEquals("running", left.get("status"), "the dead replica left its job running: " + left);
            assertEquals(1, left.get("attempt"));
            long rowsWhenKilled = (long) left.get("rows_written");
            assertTrue(rowsWhenKilled > 0 && rowsWhenKilled < ROWS, "killed in the middle: " + rowsWhenKilled);
            try (Stream<Path> partials = Files.list(storage.resolve(".partial"))) {
                assertTrue(partials.anyMatch(p -> p.getFileName().toString().startsWith(id + ".1.")), "A's partial file is there");
            }

            replicaB = ServiceProcess.start("export-service", environment);
            use(replicaB);
            Response done = TestExports.awaitEnd(owner, id, Duration.ofMinutes(4));
            assertEquals("completed", done.path("status"), done.asString());
            assertEquals(2, (int) done.path("attempts"), "taken over once: " + done.asString());
            assertEquals(ROWS, (int) done.path("rows"));

            String csv = new String(TestExports.download(done), StandardCharsets.UTF_8);
            BitSet seen = new BitSet();
            int lines = 0;
            try (BufferedReader reader = new BufferedReader(new StringReader(csv))) {
                assertEquals("Memo,N", reader.readLine());
                String line;
                while ((line = reader.readLine()) != null) {
                    int n = Integer.parseInt(line.substring(line.indexOf(',') + 1));
                    assertFalse(seen.get(n), "row " + n + " is in the file once");
                    assertEquals("row " + n + "," + n, line);
                    seen.set(n);
                    lines++;
                }
            }
            assertEquals(ROWS, lines);
            assertEquals(ROWS, seen.cardinality());
            try (Stream<Path> partials = Files.list(storage.resolve(".partial"))) {
                assertTrue(partials.noneMatch(p -> p.getFileName().toString().startsWith(id)), "no partial file is left");
            }

            // Exactly one completion, also after the command A never acknowledged was redelivered to B.
            Instant settle = Instant.now().plusSeconds(15);
            List<EventEnvelope> events = TestKafka.read("panels.exports", e -> id.equals(e.key()),
                    kept -> Instant.now().isAfter(settle), Duration.ofSeconds(60));
            assertEquals(1, events.stream().filter(e -> e.type().equals("export.completed")).count(), events.toString());
            assertEquals(0, events.stream().filter(e -> e.type().equals("export.failed")).count(), events.toString());
            Map<String, Object> end = job(id);
            assertEquals("completed", end.get("status"));
            assertEquals(2, end.get("attempt"), "the redelivered command did not start a third run");
        } finally {
            replicaA.close();
            if (replicaB != null) {
                replicaB.close();
            }
        }
    }

    private static void use(ServiceProcess replica) {
        RestAssured.baseURI = "http://127.0.0.1";
        RestAssured.port = replica.url().getPort();
    }

    /** The job's row as export-service stored it (system scope: the dead replica cannot be asked). */
    private static Map<String, Object> job(String id) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/"
                + Objects.requireNonNullElse(System.getenv("PANELS_PG_DATABASE"), "panels") + "?currentSchema=export",
                "export", "export")) {
            connection.setAutoCommit(false);
            try (PreparedStatement system = connection.prepareStatement("select set_config('panels.system', 'on', true)");
                 PreparedStatement query = connection.prepareStatement(
                         "select status, attempt, rows_written, worker from export_job where id = ?")) {
                system.execute();
                query.setObject(1, UUID.fromString(id));
                try (ResultSet row = query.executeQuery()) {
                    assertTrue(row.next(), "job " + id);
                    Map<String, Object> job = new HashMap<>();
                    job.put("status", row.getString("status"));
                    job.put("attempt", row.getInt("attempt"));
                    job.put("rows_written", row.getLong("rows_written"));
                    job.put("worker", row.getString("worker"));
                    return job;
                }
            } finally {
                connection.rollback();
            }
        }
    }
}
