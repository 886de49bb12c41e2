package io.panels.data.api;

import static io.panels.data.SyncFixtures.httpSource;
import static io.panels.data.SyncFixtures.record;
import static io.panels.data.SyncFixtures.runAndWait;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.panels.common.outbound.OutboundAddressPolicy;
import io.panels.common.testing.TestKafka;
import io.panels.data.SourceServer;
import io.panels.data.SourceServer.Reply;
import io.panels.data.SyncFixtures;
import io.panels.data.TestApi;
import io.panels.data.TestPanels;
import io.panels.data.config.DataSettings;
import io.panels.data.domain.DataSource;
import io.panels.data.domain.Deadline;
import io.panels.data.domain.SourceDefinition;
import io.panels.data.domain.SourceReaders;
import io.panels.data.domain.SyncFailure;
import io.panels.data.domain.SyncScheduler;
import io.panels.events.EventCatalog;
import io.panels.events.EventEnvelope;
import io.panels.events.Topics;
import io.panels.events.testing.EventSchemaAssert;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sync runs against real sources the tests start: a paged JSON server and a CSV file over HTTP
 * (JDK HttpServer on 127.0.0.1, the tests' allow-list), the local PostgreSQL and MariaDB (from
 * dev/platform). Failure cases leave the panel's last good data and say why.
 */
@QuarkusTest
class SyncRunTest {

    /** The local platform's database, {@code panels.pg.database} as the service reads it. */
    private static final String DATABASE = org.eclipse.microprofile.config.ConfigProvider.getConfig()
            .getOptionalValue("panels.pg.database", String.class).orElse("panels");

    @Inject
    Pool pool;

    @Inject
    SyncScheduler scheduler;

    @Inject
    DataSettings settings;

    @Inject
    com.fasterxml.jackson.databind.ObjectMapper json;

    TestApi api;
    String admin;
    UUID panelId;
    String sources;
    String query;
    SourceServer server;
    final List<String> pageOne = new ArrayList<>();

    @BeforeEach
    void panel() {
        api = TestApi.newTenant();
        admin = api.tenant.member("admin").token();
        panelId = TestPanels.createPanel(pool, api.tenant.id(), SyncFixtures.columns());
        sources = SyncFixtures.sources(panelId);
        query = "/api/v1/panels/" + panelId + "/query";
        server = new SourceServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String create(String body) {
        return sources + "/" + TestApi.as(admin).body(body).post(sources).then().statusCode(201).extract().<String>path("id");
    }

    private Response rows() {
        return api.asViewer().body("{\"query\": {\"sorts\": [{\"column\": \"ext\"}]}, \"count\": \"exact\", \"limit\": 1000}").post(query)
                .then().statusCode(200).extract().response();
    }

    /** Pages of {@code size} records out of {@code total}, by page number; records i..n carry {@code state}. */
    private void pagedByNumber(int total, int size, String state) {
        server.on("/paged", request -> {
            int page = Integer.parseInt(request.query().getOrDefault("page", "1"));
            assertEquals(String.valueOf(size), request.query().get("per_page"));
            StringBuilder body = new StringBuilder("{\"data\": [");
            for (int i = (page - 1) * size + 1; i <= Math.min(total, page * size); i++) {
                body.append(i == (page - 1) * size + 1 ? "" : ",").append(record(i, state));
            }
            return Reply.json(body + "], \"page\": " + page + "}");
        });
    }

    @Test
    void pagedJsonUpsertInsertsThenUpdatesAndPublishesTheRun() {
        pagedByNumber(25, 10, "todo");
        String source = create(httpSource(server.url("/paged"), "upsert",
                "\"pagination\": {\"type\": \"page\", \"param\": \"page\", \"sizeParam\": \"per_page\", \"size\": 10}", null));
        Response first = runAndWait(api.editor, source);
        first.then().body("status", equalTo("completed")).body("trigger", equalTo("manual")).body("rowsRead", equalTo(25))
                .body("rowsInserted", equalTo(25)).body("rowsUpdated", equalTo(0)).body("rowsFailed", equalTo(0))
                .body("attempts", equalTo(1));
        assertEquals(3, server.requests("/paged").size(), "pages 1-3, the third one short");
        rows().then().body("count.value", equalTo(25)).body("rows[0].values.ext", equalTo("r1"))
                .body("rows[0].values.price", equalTo(1.5f)).body("rows[0].values.status", equalTo("todo"))
                .body("rows[0].createdBy", containsString("datasource:"));

        pagedByNumber(25, 10, "done");
        runAndWait(api.editor, source).then().body("status", equalTo("completed")).body("rowsInserted", equalTo(0))
                .body("rowsUpdated", equalTo(25));
        rows().then().body("count.value", equalTo(25)).body("rows[0].values.status", equalTo("done")).body("rows[0].version", equalTo(2));
        // Unchanged records change nothing (no new version).
        runAndWait(api.editor, source).then().body("rowsUpdated", equalTo(0)).body("rowsInserted", equalTo(0));

        String sourceId = source.substring(source.lastIndexOf('/') + 1);
        List<EventEnvelope> events = TestKafka.read(Topics.DATASOURCES, e -> sourceId.equals(e.key()),
                got -> got.stream().filter(e -> e.type().equals("sync.completed")).count() >= 3, Duration.ofSeconds(30));
        for (EventEnvelope event : events) {
            switch (event.type()) {
                case "sync.requested" -> EventSchemaAssert.assertValid(EventCatalog.SYNC_REQUESTED, event);
                case "sync.started" -> EventSchemaAssert.assertValid(EventCatalog.SYNC_STARTED, event);
                case "sync.completed" -> EventSchemaAssert.assertValid(EventCatalog.SYNC_COMPLETED, event);
                default -> throw new AssertionError("unexpected " + event.type());
            }
            assertEquals(api.tenant.id(), event.tenantId());
        }
        assertEquals(List.of("sync.requested", "sync.started", "sync.completed"), events.subList(0, 3).stream().map(EventEnvelope::type).toList());
        assertTrue(events.get(2).dataAsString().contains("\"inserted\":25"), events.get(2).dataAsString());
        api.asEditor().get(source + "/runs").then().body("runs", hasSize(3)).body("runs[0].rowsUpdated", equalTo(0));
    }

    @Test
    void offsetCursorAndLinkPaginationAllReadEveryRecordOnce() {
        server.on("/offset", request -> {
            int offset = Integer.parseInt(request.query().get("offset"));
            int limit = Integer.parseInt(request.query().get("limit"));
            StringBuilder body = new StringBuilder("{\"data\": [");
            for (int i = offset + 1; i <= Math.min(7, offset + limit); i++) {
                body.append(i == offset + 1 ? "" : ",").append(record(i, "todo"));
            }
            return Reply.json(body + "]}");
        });
        String offset = create(httpSource(server.url("/offset"), "append",
                "\"pagination\": {\"type\": \"offset\", \"sizeParam\": \"limit\", \"size\": 3}", null));
        runAndWait(api.editor, offset).then().body("status", equalTo("completed")).body("rowsInserted", equalTo(7));

        server.on("/cursor", request -> {
            String cursor = request.query().get("after");
            return switch (cursor == null ? "" : cursor) {
                case "" -> Reply.json("{\"data\": [" + record(10, "todo") + "], \"meta\": {\"next\": \"c2\"}}");
                case "c2" -> Reply.json("{\"data\": [" + record(11, "todo") + "], \"meta\": {\"next\": \"c3\"}}");
                default -> Reply.json("{\"data\": [" + record(12, "todo") + "], \"meta\": {\"next\": null}}");
            };
        });
        String cursor = create(httpSource(server.url("/cursor"), "append",
                "\"pagination\": {\"type\": \"cursor\", \"param\": \"after\", \"cursorPath\": \"$.meta.next\"}", null));
        runAndWait(api.editor, cursor).then().body("status", equalTo("completed")).body("rowsInserted", equalTo(3));

        server.on("/link", request -> {
            int page = Integer.parseInt(request.query().getOrDefault("p", "1"));
            Map<String, String> headers = page < 3 ? Map.of("Content-Type", "application/json", "Link",
                    "<" + server.url("/link") + "?p=1>; rel=\"first\", </link?p=" + (page + 1) + ">; rel=\"next\"") : Map.of();
            return new Reply(200, headers, ("[" + record(20 + page, "todo") + "]").getBytes());
        });
        String link = create(httpSource(server.url("/link"), "append", "\"pagination\": {\"type\": \"link\"}", null)
                .replace("\"recordsPath\": \"$.data[*]\"", "\"recordsPath\": \"$\""));
        runAndWait(api.editor, link).then().body("status", equalTo("completed")).body("rowsInserted", equalTo(3));
        rows().then().body("count.value", equalTo(13));
    }

    @Test
    void replaceModeSwapsTheRowsAtOnceFromACsvFileOverHttp() {
        api.asEditor().body("{\"values\": {\"name\": \"Typed by hand\"}}").post("/api/v1/panels/" + panelId + "/rows").then().statusCode(201);
        server.on("/file.csv", request -> new Reply(200, Map.of("Content-Type", "text/csv"),
                ("\uFEFFcode;title;amount;state\nA1;\"Widget; large\";12.345;todo\nA2;Gadget;3;Option done\nA3;Broken;lots;todo\n")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        String source = create("""
                {"name": "Price list", "kind": "csv_url", "config": {"url": "%s", "delimiter": ";"},
                 "mapping": [{"source": "code", "column": "ext"}, {"source": "title", "column": "name"},
                             {"source": "amount", "column": "price"}, {"source": "state", "column": "status"}],
                 "mode": "replace"}
                """.formatted(server.url("/file.csv")));
        runAndWait(api.editor, source).then().body("status", equalTo("completed")).body("rowsRead", equalTo(3))
                .body("rowsDeleted", equalTo(1)).body("rowsInserted", equalTo(2)).body("rowsFailed", equalTo(1))
                .body("errors[0].record", equalTo(3)).body("errors[0].column", equalTo("price"));
        rows().then().body("count.value", equalTo(2)).body("rows.values.name", equalTo(List.of("Widget; large", "Gadget")))
                .body("rows[0].values.price", equalTo(12.35f)).body("rows[1].values.status", equalTo("done"));
    }

    @Test
    void failuresKeepTheLastGoodDataAndTheRunSaysWhy() {
        AtomicInteger mode = new AtomicInteger();
        server.on("/flaky", request -> switch (mode.get()) {
            case 0 -> Reply.json("{\"data\": [" + record(1, "todo") + ", " + record(2, "todo") + "]}");
            case 1 -> Reply.json("{\"data\": [" + record(1, "done") + ", {\"id\": \"r2\", \"name\": \"x\"");
            case 2 -> Reply.json("{\"data\": [" + record(1, "done") + ", {\"id\": \"r2\", \"name\": \"No price\", \"state\": \"todo\", \"done\": true}]}");
            case 3 -> Reply.of(401, "who are you");
            case 4 -> {
                Thread.sleep(5_000);
                yield Reply.json("{\"data\": []}");
            }
            case 5 -> Reply.of(503, "down for maintenance");
            default -> Reply.json("{\"data\": [\"" + "x".repeat(5 * 1024 * 1024) + "\"]}");
        });
        String source = create(httpSource(server.url("/flaky"), "upsert", null, null));
        runAndWait(api.editor, source).then().body("status", equalTo("completed")).body("rowsInserted", equalTo(2));

        mode.set(1);
        runAndWait(api.editor, source).then().body("status", equalTo("failed")).body("failure", containsString("not valid JSON"))
                .body("attempts", equalTo(1));
        mode.set(2);
        runAndWait(api.editor, source).then().body("status", equalTo("failed")).body("failure", containsString("Schema drift"))
                .body("failure", containsString("$.price.amount"));
        mode.set(3);
        runAndWait(api.editor, source).then().body("status", equalTo("failed")).body("failure", containsString("HTTP 401"));
        mode.set(4);
        runAndWait(api.editor, source).then().body("status", equalTo("failed")).body("failure", containsString("did not answer"))
                .body("attempts", equalTo(2));
        mode.set(5);
        runAndWait(api.editor, source).then().body("status", equalTo("failed")).body("failure", containsString("HTTP 503"))
                .body("failure", containsString("2 attempts"));
        mode.set(6);
        runAndWait(api.editor, source).then().body("status", equalTo("failed")).body("failure", containsString("larger than 4 MiB"));
        rows().then().body("count.value", equalTo(2)).body("rows.values.status", equalTo(List.of("todo", "todo")));

        // The source down (nothing listens on the port any more).
        String down = server.url("/flaky");
        server.close();
        String gone = create(httpSource(down, "append", null, null));
        runAndWait(api.editor, gone).then().body("status", equalTo("failed")).body("failure", containsString("could not be reached"));

        String sourceId = source.substring(source.lastIndexOf('/') + 1);
        List<EventEnvelope> failed = TestKafka.read(Topics.DATASOURCES, e -> sourceId.equals(e.key()) && e.type().equals("sync.failed"),
                got -> got.size() >= 6, Duration.ofSeconds(30));
        failed.forEach(event -> EventSchemaAssert.assertValid(EventCatalog.SYNC_FAILED, event));
        assertTrue(failed.getFirst().dataAsString().contains("not valid JSON"), failed.getFirst().dataAsString());
        rows().then().body("count.value", equalTo(2));
    }

    @Test
    void redirectsToPrivateOrMetadataAddressesAreRefusedWithoutConnecting() {
        server.on("/to-metadata", request -> new Reply(302, Map.of("Location", "http://169.254.169.254/latest/meta-data/iam"), new byte[0]));
        server.on("/to-private", request -> new Reply(307, Map.of("Location", "http://10.0.0.7:8080/admin"), new byte[0]));
        server.on("/to-loopback", request -> new Reply(301, Map.of("Location", "http://127.0.0.9:" + server.port() + "/orders"), new byte[0]));
        server.on("/to-fine", request -> new Reply(302, Map.of("Location", "/fine"), new byte[0]));
        server.on("/fine", request -> Reply.json("{\"data\": [" + record(1, "todo") + "]}"));
        for (String path : List.of("/to-metadata", "/to-private", "/to-loopback")) {
            String source = create(httpSource(server.url(path), "append", "\"auth\": \"bearer\"", "{\"token\": \"t0k3n\"}"));
            runAndWait(api.editor, source).then().body("status", equalTo("failed")).body("failure", containsString("refused"))
                    .body("failure", containsString("not public"));
        }
        String fine = create(httpSource(server.url("/to-fine"), "append", "\"auth\": \"bearer\"", "{\"token\": \"t0k3n\"}"));
        runAndWait(api.editor, fine).then().body("status", equalTo("completed")).body("rowsInserted", equalTo(1));
        assertEquals("Bearer t0k3n", server.requests("/to-fine").getFirst().headers().get("authorization"));
        assertFalse(server.requests("/fine").getFirst().headers().containsKey("authorization"), "credentials never follow a redirect");
    }

    @Test
    void aNameResolvingToLoopbackIsRefusedWithoutAnAllowList() throws Exception {
        server.on("/orders", request -> Reply.json("{\"data\": []}"));
        SourceReaders strict = new SourceReaders(settings, json, OutboundAddressPolicy.of(true, List.of()));
        DataSource source = new DataSource(UUID.randomUUID(), api.tenant.id(), panelId, "x", SourceDefinition.Kind.HTTP_JSON,
                new SourceDefinition.Config("http://localhost:" + server.port() + "/orders", null, null, null, null, null, null, "$.data",
                        null, null, null, null, null, null, null), null, List.of(), List.of(), SourceDefinition.Mode.APPEND, null, null,
                null, true, "u", 1, Instant.now(), "u", Instant.now(), "u");
        SyncFailure refused = org.junit.jupiter.api.Assertions.assertThrows(SyncFailure.class,
                () -> strict.read(source, SourceDefinition.Credentials.NONE, Deadline.in(Duration.ofSeconds(5)), record -> true));
        assertTrue(refused.getMessage().contains("127.0.0.1") && refused.getMessage().contains("not public"), refused.getMessage());
        assertTrue(server.requests().isEmpty(), "nothing was sent");
    }

    @Test
    void postgresqlQueriesAreReadOnlyAndStreamed() throws Exception {
        String table = "sync_src_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection db = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + DATABASE, "data", "data");
             Statement statement = db.createStatement()) {
            statement.execute("create table data." + table + " (code text, title text, amount numeric, finished boolean)");
            statement.execute("insert into data." + table + " select 'P' || i, 'Item ' || i, i * 1.25, i % 2 = 0 from generate_series(1, 2500) i");
        }
        try {
            String source = create("""
                    {"name": "Warehouse", "kind": "postgresql",
                     "config": {"host": "127.0.0.1", "port": 5432, "database": "%s", "username": "data",
                                "query": "select code, title, amount, finished from data.%s order by code"},
                     "credentials": {"password": "data"},
                     "mapping": [{"source": "code", "column": "ext"}, {"source": "title", "column": "name"},
                                 {"source": "amount", "column": "price"}, {"source": "finished", "column": "done"}],
                     "mode": "upsert", "keyColumn": "ext"}
                    """.formatted(DATABASE, table));
            runAndWait(api.editor, source).then().body("status", equalTo("completed")).body("rowsInserted", equalTo(2500));
            api.asViewer().body("{\"query\": {\"filter\": {\"conjunction\": \"and\", \"conditions\": [{\"column\": \"ext\", \"op\": \"eq\", \"value\": \"P4\"}]}}}").post(query)
                    .then().body("rows[0].values.price", equalTo(5.0f)).body("rows[0].values.done", equalTo(true));

            // A query that writes is refused by the read-only transaction: nothing written anywhere.
            TestApi.as(admin).body("{\"config\": {\"host\": \"127.0.0.1\", \"port\": 5432, \"database\": \"" + DATABASE + "\", \"username\": \"data\","
                    + " \"query\": \"with gone as (delete from data." + table + " returning code) select code, code as title, 1 as amount, true as finished from gone\"}}")
                    .patch(source).then().statusCode(200);
            runAndWait(api.editor, source).then().body("status", equalTo("failed")).body("failure", containsString("tried to write"));
            try (Connection db = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + DATABASE, "data", "data");
                 Statement statement = db.createStatement(); var count = statement.executeQuery("select count(*) from data." + table)) {
                count.next();
                assertEquals(2500, count.getInt(1));
            }
            // Wrong password: an authentication failure, said as such.
            TestApi.as(admin).body("{\"credentials\": {\"password\": \"wrong\"}, \"config\": {\"host\": \"127.0.0.1\", \"port\": 5432,"
                    + " \"database\": \"" + DATABASE + "\", \"username\": \"data\", \"query\": \"select 1 as code\"}}").patch(source).then().statusCode(200);
            runAndWait(api.editor, source).then().body("status", equalTo("failed")).body("failure", containsString("refused the credentials"));
            // A slow query is stopped by the statement time-out (the run's limit is 20 s in tests).
            TestApi.as(admin).body("{\"credentials\": {\"password\": \"data\"}, \"config\": {\"host\": \"127.0.0.1\", \"port\": 5432,"
                    + " \"database\": \"" + DATABASE + "\", \"username\": \"data\", \"query\": \"select pg_sleep(60)::text as code\"}}").patch(source).then().statusCode(200);
            runAndWait(api.editor, source).then().body("status", equalTo("failed")).body("failure", containsString("time limit"));
            rows().then().body("count.value", equalTo(2500));
        } finally {
            try (Connection db = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + DATABASE, "data", "data");
                 Statement statement = db.createStatement()) {
                statement.execute("drop table if exists data." + table);
            }
        }
    }

    @Test
    void mariadbQueriesRunAsTheReadOnlyUser() throws Exception {
        String table = "src_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        try (Connection db = new org.mariadb.jdbc.Driver().connect("jdbc:mariadb://127.0.0.1:3306/panels_sync",
                properties("panels_sync", "panels_sync")); Statement statement = db.createStatement()) {
            statement.execute("create table " + table + " (code varchar(20), title varchar(100), amount decimal(10,2), finished tinyint(1),"
                    + " changed datetime)");
            statement.execute("insert into " + table + " values ('M1', 'Maria one', 10.10, 1, '2024-03-01 10:00:00'),"
                    + " ('M2', 'Maria two', 20.20, 0, null), ('M3', null, 1, 0, null)");
        }
        try {
            String source = create("""
                    {"name": "Shop", "kind": "mariadb",
                     "config": {"host": "127.0.0.1", "database": "panels_sync", "username": "panels_sync_ro",
                                "query": "select code, title, amount, finished from %s order by code"},
                     "credentials": {"password": "panels_sync_ro"},
                     "mapping": [{"source": "code", "column": "ext"}, {"source": "title", "column": "name"},
                                 {"source": "amount", "column": "price"}, {"source": "finished", "column": "done"}],
                     "mode": "append"}
                    """.formatted(table));
            runAndWait(api.editor, source).then().body("status", equalTo("completed")).body("rowsInserted", equalTo(2))
                    .body("rowsFailed", equalTo(1)).body("errors[0].column", equalTo("name")).body("errors[0].message", containsString("required"));
            rows().then().body("rows.values.name", equalTo(List.of("Maria one", "Maria two")))
                    .body("rows.values.price", equalTo(List.of(10.1f, 20.2f))).body("rows.values.done", equalTo(List.of(true, false)));
            // Schema drift: a column the mapping needs is gone from the result.
            TestApi.as(admin).body("{\"config\": {\"host\": \"127.0.0.1\", \"database\": \"panels_sync\", \"username\": \"panels_sync_ro\","
                    + " \"query\": \"select code, title, finished from " + table + "\"}}").patch(source).then().statusCode(200);
            runAndWait(api.editor, source).then().body("status", equalTo("failed")).body("failure", containsString("Schema drift"))
                    .body("failure", containsString("amount"));
            rows().then().body("count.value", equalTo(2));
        } finally {
            try (Connection db = new org.mariadb.jdbc.Driver().connect("jdbc:mariadb://127.0.0.1:3306/panels_sync",
                    properties("panels_sync", "panels_sync")); Statement statement = db.createStatement()) {
                statement.execute("drop table if exists " + table);
            }
        }
    }

    private static java.util.Properties properties(String user, String password) {
        java.util.Properties properties = new java.util.Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        return properties;
    }

    @Test
    void theSchedulerAsksForDueRunsOnceAcrossConcurrentPasses() throws Exception {
        server.on("/orders", request -> Reply.json("{\"data\": [" + record(1, "todo") + "]}"));
        String source = create(httpSource(server.url("/orders"), "upsert", null, null).replace("\"mode\"", "\"schedule\": \"*/2 * * * *\", \"mode\""));
        UUID sourceId = UUID.fromString(source.substring(source.lastIndexOf('/') + 1));
        // Due now (rather than waiting for the next minute).
        pool.withTransaction(tx -> tx.preparedQuery("select set_config('panels.tenant_id', $1, true)").execute(Tuple.of(api.tenant.id().toString()))
                .chain(() -> tx.preparedQuery("update data_source set next_run_at = now() - interval '1 second' where id = $1")
                        .execute(Tuple.of(sourceId)))).await().atMost(Duration.ofSeconds(10));
        // Two replicas' passes at once (plus the running service's own timer): exactly one run is asked for.
        var passes = List.of(new Thread(scheduler::pass), new Thread(scheduler::pass));
        passes.forEach(Thread::start);
        for (Thread pass : passes) {
            pass.join();
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                api.asEditor().get(source + "/runs").then().extract().<List<String>>path("runs.status").contains("completed"));
        api.asEditor().get(source + "/runs").then().body("runs", hasSize(1)).body("runs[0].trigger", equalTo("schedule"));
        Instant next = Instant.parse(api.asEditor().get(source).then().extract().<String>path("nextRunAt"));
        assertTrue(next.isAfter(Instant.now()) && next.isBefore(Instant.now().plusSeconds(121)), "within two minutes: " + next);
    }

    @Test
    void oneRunAtATimePerSource() {
        server.on("/slow", request -> {
            Thread.sleep(1_500);
            return Reply.json("{\"data\": [" + record(1, "todo") + "]}");
        });
        String source = create(httpSource(server.url("/slow"), "upsert", null, null));
        String first = api.asEditor().post(source + "/runs").then().statusCode(202).extract().path("id");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                "running".equals(api.asEditor().get(source + "/runs/" + first).then().extract().path("status")));
        String second = api.asEditor().post(source + "/runs").then().statusCode(202).extract().path("id");
        SyncFixtures.awaitRun(api.editor, source + "/runs/" + second).then().body("status", equalTo("skipped"))
                .body("failure", containsString("still running"));
        SyncFixtures.awaitRun(api.editor, source + "/runs/" + first).then().body("status", equalTo("completed"));
    }
}
