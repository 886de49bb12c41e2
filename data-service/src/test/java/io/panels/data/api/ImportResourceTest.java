package io.panels.data.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.panels.common.testing.TestKafka;
import io.panels.data.TestApi;
import io.panels.data.TestPanels;
import io.panels.data.domain.ImportWorker;
import io.panels.data.store.ImportFiles;
import io.panels.events.EventCatalog;
import io.panels.events.EventEnvelope;
import io.panels.events.Topics;
import io.panels.events.testing.EventSchemaAssert;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** CSV imports through the real API: spooled upload, background job, COPY load, one summary event. */
@QuarkusTest
class ImportResourceTest {

    /** The shared topic is read from its beginning, and the benchmarks put hundreds of thousands of events on it. */
    private static final Duration KAFKA_READ = Duration.ofSeconds(120);

    @Inject
    Pool pool;

    @Inject
    ImportWorker worker;

    @Inject
    ImportFiles files;

    TestApi api;
    UUID panelId;
    String imports;
    String query;

    @BeforeEach
    void panel() {
        api = TestApi.newTenant();
        panelId = TestPanels.createPanel(pool, api.tenant.id(), TestPanels.standardColumns());
        imports = "/api/v1/panels/" + panelId + "/imports";
        query = "/api/v1/panels/" + panelId + "/query";
    }

    private static RequestSpecification csv(String token) {
        return given().auth().oauth2(token).contentType("text/csv; charset=UTF-8");
    }

    private Response awaitEnd(String id) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> List.of("completed", "failed")
                .contains(api.asViewer().get(imports + "/" + id).then().statusCode(200).extract().<String>path("status")));
        return api.asViewer().get(imports + "/" + id).then().extract().response();
    }

    @Test
    void goodLinesLandBadLinesAreReportedAndOneEventSaysSo() {
        api.asEditor().body("{\"values\": {\"name\": \"Existing\", \"email\": \"taken@example.com\"}}")
                .post("/api/v1/panels/" + panelId + "/rows").then().statusCode(201);
        String file = "\uFEFFName,PRICE,qty,Column status,email,tags,Ignored\r\n"
                + "Widget,12.345,3,Option todo,a@example.com,\"red, Option green\",x\r\n"
                + "\"Quoted, with \"\"quotes\"\"\nand a line break\",1,1,doing,b@example.com,,\r\n"
                + "Bad price,cheap,1,todo,c@example.com,,\r\n"
                + "Bad status,1,1,nope,d@example.com,,\r\n"
                + ",1,1,todo,e@example.com,,\r\n"
                + "Twin,1,1,todo,a@example.com,,\r\n"
                + "Taken,1,1,todo,taken@example.com,,\r\n"
                + "\r\n"
                + "Last,2,2,,f@example.com,green,\r\n";
        String id = csv(api.editor).body(file).post(imports).then().statusCode(202).contentType("application/json")
                .header("Location", containsString(imports + "/")).body("status", equalTo("queued"))
                .body("options.delimiter", equalTo(",")).extract().path("id");

        awaitEnd(id).then().body("status", equalTo("completed"))
                .body("linesRead", equalTo(8)).body("rowsImported", equalTo(3)).body("rowsFailed", equalTo(5))
                .body("errors.line", equalTo(List.of(5, 6, 7, 8, 9)))
                .body("errors.column", equalTo(List.of("price", "status", "name", "email", "email")))
                .body("errors[3].message", containsString("earlier line"))
                .body("errors[4].message", containsString("already has"))
                .body("finishedAt", org.hamcrest.Matchers.notNullValue())
                // A panel with a unique column (email) loads through the staging table.
                .body("phases.upload", org.hamcrest.Matchers.notNullValue()).body("phases.read", org.hamcrest.Matchers.notNullValue())
                .body("phases.duplicates", org.hamcrest.Matchers.notNullValue()).body("phases.insert", org.hamcrest.Matchers.notNullValue())
                .body("phases.commit", org.hamcrest.Matchers.notNullValue()).body("phases.total", org.hamcrest.Matchers.notNullValue());

        api.asViewer().body("{\"query\": {\"sorts\": [{\"column\": \"number\"}]}, \"count\": \"exact\"}").post(query).then()
                .statusCode(200).body("count.value", equalTo(4))
                .body("rows.values.name", equalTo(List.of("Existing", "Widget", "Quoted, with \"quotes\"\nand a line break", "Last")))
                .body("rows[1].values.price", equalTo(12.35f)).body("rows[1].values.total", equalTo(37.05f))
                .body("rows[1].values.status", equalTo("todo")).body("rows[1].values.tags", equalTo(List.of("red", "green")))
                .body("rows[2].values.status", equalTo("doing")).body("rows[3].values.status", nullValue());

        List<EventEnvelope> events = TestKafka.read(Topics.ROWS, e -> panelId.toString().equals(e.key()),
                got -> got.stream().anyMatch(e -> e.type().equals("rows.imported")), KAFKA_READ);
        assertEquals(List.of("row.created", "rows.imported"), events.stream().map(EventEnvelope::type).toList(),
                "an import publishes one summary event, not one per row");
        EventEnvelope imported = events.getLast();
        EventSchemaAssert.assertValid(EventCatalog.ROWS_IMPORTED, imported);
        assertEquals(id, imported.subject());
        assertTrue(imported.dataAsString().contains("\"rowsImported\":3"), imported.dataAsString());
        assertTrue(imported.dataAsString().contains("\"rowsFailed\":5"), imported.dataAsString());
        assertEquals(api.tenant.id(), imported.tenantId());
    }

    @Test
    void withoutAHeaderFieldsAreMappedByNumberAndTabsSeparate() {
        String mapping = "{\"1\": \"email\", \"3\": \"name\", \"4\": \"done\"}";
        String id = csv(api.editor).queryParam("header", false).queryParam("delimiter", "tab").queryParam("mapping", mapping)
                .body("x@example.com\tignored\tFirst\tyes\ny@example.com\t\tSecond\t0\n").post(imports).then().statusCode(202)
                .extract().path("id");
        awaitEnd(id).then().body("status", equalTo("completed")).body("rowsImported", equalTo(2)).body("errors", hasSize(0));
        api.asViewer().body("{\"query\": {\"sorts\": [{\"column\": \"name\"}]}}").post(query).then()
                .body("rows.values.name", equalTo(List.of("First", "Second"))).body("rows.values.done", equalTo(List.of(true, false)))
                .body("rows.values.email", equalTo(List.of("x@example.com", "y@example.com")));

        api.asViewer().get(imports).then().statusCode(200).body("imports", hasSize(1)).body("imports[0].id", equalTo(id))
                .body("nextCursor", nullValue());
    }

    @Test
    void badRequestsAreProblemsAndQueueNothing() {
        given().auth().oauth2(api.editor).contentType("application/json").body("{}").post(imports).then().statusCode(415)
                .contentType("application/problem+json");
        csv(api.editor).body("").post(imports).then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("body"));
        csv(api.editor).queryParam("mapping", "{\"Name\": \"nope\", \"Total\": \"total\"}").body("Name\nx\n").post(imports).then()
                .statusCode(400).body("errors.field", hasItems("mapping.Name", "mapping.Total"));
        csv(api.editor).queryParam("mapping", "not json").body("Name\nx\n").post(imports).then().statusCode(400)
                .body("errors[0].field", equalTo("mapping"));
        csv(api.editor).queryParam("delimiter", ";;").body("Name\nx\n").post(imports).then().statusCode(400)
                .body("errors[0].field", equalTo("delimiter"));
        byte[] tooLarge = new byte[17 * 1024 * 1024];
        java.util.Arrays.fill(tooLarge, (byte) 'a');
        csv(api.editor).body(tooLarge).post(imports).then().statusCode(413).contentType("application/problem+json");
        api.asViewer().get(imports).then().statusCode(200).body("imports", hasSize(0));
    }

    @Test
    void aFileThatCannotBeReadFailsTheJobWithAReasonAndWritesNothing() {
        String id = csv(api.editor).body("Name,email\n\"never closed,a@example.com\n").post(imports).then().statusCode(202)
                .extract().path("id");
        awaitEnd(id).then().body("status", equalTo("failed")).body("failure", containsString("never closed"))
                .body("rowsImported", equalTo(0));
        String noColumn = csv(api.editor).body("Foo,Bar\n1,2\n").post(imports).then().statusCode(202).extract().path("id");
        awaitEnd(noColumn).then().body("status", equalTo("failed")).body("failure", containsString("No header"));
        api.asViewer().body("{\"count\": \"exact\"}").post(query).then().body("count.value", equalTo(0));
    }

    @Test
    void rolesTenantsAndMissingJobs() {
        csv(api.viewer).body("Name\nx\n").post(imports).then().statusCode(403).contentType("application/problem+json");
        String id = csv(api.editor).body("Name,email\nx,x@example.com\n").post(imports).then().statusCode(202).extract().path("id");
        awaitEnd(id);

        TestApi other = TestApi.newTenant();
        csv(other.editor).body("Name\nx\n").post(imports).then().statusCode(404).contentType("application/problem+json");
        other.asViewer().get(imports + "/" + id).then().statusCode(404);
        other.asViewer().get(imports).then().statusCode(404);
        api.asViewer().get(imports + "/" + UUID.randomUUID()).then().statusCode(404);
        csv(api.editor).body("Name\nx\n").post("/api/v1/panels/" + UUID.randomUUID() + "/imports").then().statusCode(404);
        api.asViewer().body("{\"count\": \"exact\"}").post(query).then().body("count.value", equalTo(1));
    }

    @Test
    void anIdempotencyKeyQueuesOneJob() {
        String key = "import-" + UUID.randomUUID();
        String body = "Name,email\nOnce,once@example.com\n";
        String first = csv(api.editor).header("Idempotency-Key", key).body(body).post(imports).then().statusCode(202)
                .extract().path("id");
        csv(api.editor).header("Idempotency-Key", key).body(body).post(imports).then().statusCode(202)
                .header("Idempotent-Replayed", "true").body("id", equalTo(first));
        csv(api.editor).header("Idempotency-Key", key).body("Name,email\nOther,o@example.com\n").post(imports).then().statusCode(422);
        awaitEnd(first).then().body("rowsImported", equalTo(1));
        api.asViewer().get(imports).then().body("imports", hasSize(1));
        api.asViewer().body("{\"count\": \"exact\"}").post(query).then().body("count.value", equalTo(1));
    }

    @Test
    void aJobLeftByAStoppedProcessRunsAgainWhenItsFileIsHereAndFailsWithAReasonOtherwise() throws Exception {
        UUID resumable = UUID.randomUUID();
        UUID lost = UUID.randomUUID();
        // What a process that stopped mid-import leaves: jobs marked running by this replica, one file still spooled.
        insertInterruptedJob(resumable);
        insertInterruptedJob(lost);
        Files.createDirectories(files.file(resumable).getParent());
        Files.writeString(files.file(resumable), "Name,email\nResumed,r@example.com\n", StandardCharsets.UTF_8);

        worker.recover(true);

        awaitEnd(resumable.toString()).then().body("status", equalTo("completed")).body("rowsImported", equalTo(1));
        awaitEnd(lost.toString()).then().body("status", equalTo("failed")).body("failure", containsString("Upload the file again"));
        api.asViewer().body("{\"count\": \"exact\"}").post(query).then().body("count.value", equalTo(1));
    }

    @Test
    void anEmptyPanelWithoutUniqueColumnsIsLoadedStraightIntoItsTableWhichKeepsItsRowLevelSecurity() {
        UUID plain = TestPanels.createPanel(pool, api.tenant.id(), List.of(
                TestPanels.column("name", "text", 0, TestPanels.settings()),
                TestPanels.column("price", "number", 1, TestPanels.precision(2)),
                TestPanels.column("status", "single_select", 2, TestPanels.options("todo", "doing")),
                TestPanels.column("double", "formula", 3, TestPanels.formula("{price} * 2", "number", true, "price")),
                TestPanels.column("number", "autonumber", 4, TestPanels.settings())));
        String plainImports = "/api/v1/panels/" + plain + "/imports";
        String plainQuery = "/api/v1/panels/" + plain + "/query";
        String file = "name,price,status\nFirst,1.005,todo\nBad,cheap,todo\n\"Second\ttabbed\\back\",2.25,Option doing\nThird,,\n";
        String id = csv(api.editor).body(file).post(plainImports).then().statusCode(202).extract().path("id");
        await().atMost(Duration.ofSeconds(60)).until(() -> List.of("completed", "failed").contains(
                api.asViewer().get(plainImports + "/" + id).then().extract().<String>path("status")));
        api.asViewer().get(plainImports + "/" + id).then().body("status", equalTo("completed")).body("rowsImported", equalTo(3))
                .body("rowsFailed", equalTo(1)).body("errors.line", equalTo(List.of(3)))
                // Straight into the table: no staging table, so no INSERT ... SELECT.
                .body("phases.read", org.hamcrest.Matchers.notNullValue()).body("phases.insert", nullValue());

        api.asViewer().body("{\"query\": {\"sorts\": [{\"column\": \"number\"}]}, \"count\": \"exact\"}").post(plainQuery).then()
                .statusCode(200).body("count.value", equalTo(3))
                .body("rows.values.name", equalTo(List.of("First", "Second\ttabbed\\back", "Third")))
                .body("rows.values.price", equalTo(java.util.Arrays.asList(1.01f, 2.25f, null)))
                .body("rows.values.double", equalTo(java.util.Arrays.asList(2.02f, 4.5f, null)))
                .body("rows.values.status", equalTo(java.util.Arrays.asList("todo", "doing", null)));
        io.vertx.mutiny.sqlclient.Row security = pool.preparedQuery("select relforcerowsecurity from pg_class where oid = $1::regclass")
                .execute(Tuple.of("data." + TestPanels.table(plain))).await().atMost(Duration.ofSeconds(10)).iterator().next();
        // The load leaves the table as ADR 0047 made it: policy enabled, not forced, rows pinned to the tenant.
        assertFalse(security.getBoolean(0), "the direct load left the table's policy forced");
        Long strangers = pool.preparedQuery("select count(*) from data." + TestPanels.table(plain) + " where tenant_id <> $1")
                .execute(Tuple.of(api.tenant.id())).await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0);
        assertEquals(0L, strangers);
        List<String> indexes = new java.util.ArrayList<>();
        pool.preparedQuery("select indexdef from pg_indexes where schemaname = 'data' and tablename = $1")
                .execute(Tuple.of(TestPanels.table(plain))).await().atMost(Duration.ofSeconds(10)).forEach(row -> indexes.add(row.getString(0)));
        assertTrue(indexes.stream().anyMatch(i -> i.contains("(c_name, id)")), "the primary field's index was built again: " + indexes);
        // The primary key, dropped for the load, is back under its own name.
        String primaryKey = pool.preparedQuery("select conname || ' ' || pg_get_constraintdef(oid) from pg_constraint"
                        + " where conrelid = $1::regclass and contype = 'p'")
                .execute(Tuple.of("data." + TestPanels.table(plain))).await().atMost(Duration.ofSeconds(10)).iterator().next().getString(0);
        assertEquals(TestPanels.table(plain) + "_pkey PRIMARY KEY (tenant_id, id)", primaryKey);
        // Another tenant sees none of the rows.
        TestApi other = TestApi.newTenant();
        other.asViewer().body("{}").post(plainQuery).then().statusCode(404);

        // Now the panel has rows: the next import goes through the staging table.
        String second = csv(api.editor).body("name,price\nFourth,4\n").post(plainImports).then().statusCode(202).extract().path("id");
        await().atMost(Duration.ofSeconds(60)).until(() -> "completed".equals(
                api.asViewer().get(plainImports + "/" + second).then().extract().<String>path("status")));
        api.asViewer().get(plainImports + "/" + second).then().body("phases.insert", org.hamcrest.Matchers.notNullValue());
        api.asViewer().body("{\"query\": {\"sorts\": [{\"column\": \"number\"}]}}").post(plainQuery).then()
                .body("rows.values.name", equalTo(List.of("First", "Second\ttabbed\\back", "Third", "Fourth")));
    }

    @Test
    void valuesOfTheCommonTypesLandAsTheRowsApiStoresThemWhateverTheirForm() {
        io.panels.events.panel.ColumnSettings utc = new io.panels.events.panel.ColumnSettings(null, null, "UTC", null, null, null, null,
                null, null, null);
        UUID typed = TestPanels.createPanel(pool, api.tenant.id(), List.of(
                TestPanels.column("name", "text", 0, TestPanels.settings()),
                TestPanels.column("num", "number", 1, TestPanels.settings()),
                TestPanels.column("amount", "number", 2, TestPanels.precision(2)),
                TestPanels.column("cat", "single_select", 3, TestPanels.options("a", "b")),
                TestPanels.column("day", "date", 4, TestPanels.settings()),
                TestPanels.column("at", "datetime", 5, utc),
                TestPanels.column("done", "boolean", 6, TestPanels.settings()),
                TestPanels.column("email", "email", 7, TestPanels.settings()),
                TestPanels.column("note", "long_text", 8, TestPanels.settings())));
        String typedImports = "/api/v1/panels/" + typed + "/imports";
        // Common forms (read by each column's shortcut) and others (read by the general rules) side by side.
        String file = "name,num,amount,cat,day,at,done,email,note\n"
                + "First,007,12.50,Option a,2024-02-29,2024-03-01T09:30:00Z,yes,a@example.com,\"multi\nline, with \\ and tab\t\"\n"
                + "Second,-0,-0.5,b,2024-12-31,2024-03-01T09:30:15Z,FALSE,b@example.com,\n"
                + "Bad date,1,1,a,2023-02-29,2024-03-01T09:30:00Z,true,c@example.com,x\n"
                + "Bad email,1,1,a,2024-01-01,2024-03-01T09:30:00Z,true,not-an-email,x\n"
                + "Third, 5 ,1.005,OPTION B, 2024-01-01 ,2024-03-01T10:30:00+01:00,1,  d@example.com  ,\u00e9 \u2713 \uD83D\uDE00\n";
        String id = csv(api.editor).body(file).post(typedImports).then().statusCode(202).extract().path("id");
        await().atMost(Duration.ofSeconds(60)).until(() -> List.of("completed", "failed").contains(
                api.asViewer().get(typedImports + "/" + id).then().extract().<String>path("status")));
        api.asViewer().get(typedImports + "/" + id).then().body("status", equalTo("completed")).body("rowsImported", equalTo(3))
                .body("rowsFailed", equalTo(2)).body("errors.line", equalTo(List.of(5, 6))).body("errors.column", equalTo(List.of("day", "email")));

        api.asViewer().body("{\"query\": {\"sorts\": [{\"column\": \"name\"}]}}").post("/api/v1/panels/" + typed + "/query").then()
                .statusCode(200)
                .body("rows.values.name", equalTo(List.of("First", "Second", "Third")))
                .body("rows.values.num", equalTo(List.of(7, 0, 5)))
                .body("rows.values.amount", equalTo(List.of(12.5f, -0.5f, 1.01f)))
                .body("rows.values.cat", equalTo(List.of("a", "b", "b")))
                .body("rows.values.day", equalTo(List.of("2024-02-29", "2024-12-31", "2024-01-01")))
                .body("rows.values.at", equalTo(List.of("2024-03-01T09:30:00Z", "2024-03-01T09:30:15Z", "2024-03-01T09:30:00Z")))
                .body("rows.values.done", equalTo(List.of(true, false, true)))
                .body("rows.values.email", equalTo(List.of("a@example.com", "b@example.com", "d@example.com")))
                .body("rows.values.note", equalTo(java.util.Arrays.asList("multi\nline, with \\ and tab\t", null,
                        "\u00e9 \u2713 \uD83D\uDE00")));
    }

    @Test
    void aQueuedOrRunningImportIsCancelledStopsAndWritesNothing() {
        // Large enough to be still loading when it is cancelled (the test limit is 16 MB).
        StringBuilder big = new StringBuilder(15_000_000).append("name,price\n");
        for (int i = 0; i < 900_000; i++) {
            big.append("Row ").append(i).append(',').append(i % 1000).append('\n');
        }
        String running = csv(api.editor).body(big.toString()).post(imports).then().statusCode(202).extract().path("id");
        // Imports run one at a time per replica: this one waits behind the first.
        String queued = csv(api.editor).body("Name,email\nx,x@example.com\n").post(imports).then().statusCode(202).extract().path("id");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> "running".equals(
                api.asViewer().get(imports + "/" + running).then().extract().<String>path("status")));

        // At once, while the load still runs (it takes a second or two): the queued job first, which would start as soon as
        // the running one stops.
        api.asEditor().post(imports + "/" + queued + "/cancel").then().statusCode(200).body("status", equalTo("cancelled"))
                .body("finishedAt", org.hamcrest.Matchers.notNullValue());
        api.asEditor().post(imports + "/" + running + "/cancel").then().statusCode(200).body("status", equalTo("cancelled"));

        api.asViewer().post(imports + "/" + queued + "/cancel").then().statusCode(403).contentType("application/problem+json");
        TestApi other = TestApi.newTenant();
        other.asEditor().post(imports + "/" + queued + "/cancel").then().statusCode(404).contentType("application/problem+json");
        api.asEditor().post(imports + "/" + UUID.randomUUID() + "/cancel").then().statusCode(404);
        // The load stops (its file goes when its run ends), and the queued job never runs.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() ->
                !files.exists(UUID.fromString(running)) && !files.exists(UUID.fromString(queued)));
        api.asViewer().get(imports + "/" + running).then().body("status", equalTo("cancelled")).body("rowsImported", equalTo(0));
        api.asViewer().get(imports + "/" + queued).then().body("status", equalTo("cancelled")).body("startedAt", nullValue());
        api.asViewer().body("{\"count\": \"exact\"}").post(query).then().body("count.value", equalTo(0));

        api.asEditor().post(imports + "/" + running + "/cancel").then().statusCode(409).contentType("application/problem+json");
        String done = csv(api.editor).body("Name,email\ny,y@example.com\n").post(imports).then().statusCode(202).extract().path("id");
        awaitEnd(done).then().body("status", equalTo("completed"));
        api.asEditor().post(imports + "/" + done + "/cancel").then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("completed"));
        api.asViewer().body("{\"count\": \"exact\"}").post(query).then().body("count.value", equalTo(1));
    }

    @Test
    void aDeclaredSizeOverTheLimitIsRefusedBeforeTheBodyIsSent() throws Exception {
        // Headers only: the body (1 GiB announced) never comes, so an answer proves nothing of it was awaited.
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", io.restassured.RestAssured.port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("POST " + imports + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + api.editor
                    + "\r\nContent-Type: text/csv\r\nContent-Length: " + (1L << 30) + "\r\n\r\nName\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    StandardCharsets.ISO_8859_1));
            String status = in.readLine();
            assertTrue(status != null && status.startsWith("HTTP/1.1 413"), "status line: " + status);
            List<String> headers = new java.util.ArrayList<>();
            for (String header = in.readLine(); header != null && !header.isEmpty(); header = in.readLine()) {
                headers.add(header.toLowerCase(java.util.Locale.ROOT));
            }
            assertTrue(headers.stream().anyMatch(h -> h.startsWith("content-type: application/problem+json")), headers::toString);
        }
        api.asViewer().get(imports).then().statusCode(200).body("imports", hasSize(0));
    }

    private void insertInterruptedJob(UUID id) {
        pool.withTransaction(tx -> tx.preparedQuery("select set_config('panels.tenant_id', $1, true)")
                .execute(Tuple.of(api.tenant.id().toString()))
                .chain(() -> tx.preparedQuery("insert into import_job (id, tenant_id, panel_id, status, options, file_bytes,"
                                + " created_by, node, started_at) values ($1, $2, $3, 'running', cast(cast($4 as text) as jsonb), 10, 'someone', $5, now())")
                        .execute(Tuple.tuple().addUUID(id).addUUID(api.tenant.id()).addUUID(panelId)
                                .addString("{\"delimiter\": \",\", \"header\": true, \"mapping\": {}}").addString(worker.node()))))
                .await().atMost(Duration.ofSeconds(10));
    }

}
