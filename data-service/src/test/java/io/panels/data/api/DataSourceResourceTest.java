package io.panels.data.api;

import static io.panels.data.SyncFixtures.httpSource;
import static io.panels.data.SyncFixtures.record;
import static io.panels.data.SyncFixtures.sources;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.panels.data.SourceServer;
import io.panels.data.SourceServer.Reply;
import io.panels.data.SyncFixtures;
import io.panels.data.TestApi;
import io.panels.data.TestPanels;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The data sources API: CRUD, write-only credentials, preview, validation, roles and tenants. */
@QuarkusTest
class DataSourceResourceTest {

    private static final String SECRET = "s3cr3t-bearer-token-" + UUID.randomUUID();

    @Inject
    Pool pool;

    TestApi api;
    String admin;
    UUID panelId;
    String sources;
    SourceServer server;

    @BeforeEach
    void panel() {
        api = TestApi.newTenant();
        admin = api.tenant.member("admin").token();
        panelId = TestPanels.createPanel(pool, api.tenant.id(), SyncFixtures.columns());
        sources = sources(panelId);
        server = new SourceServer();
        server.on("/orders", request -> ("Bearer " + SECRET).equals(request.headers().get("authorization"))
                ? Reply.json("{\"data\": [" + record(1, "todo") + ", " + record(2, "done") + ", "
                        + "{\"id\": \"r3\", \"name\": \"Bad\", \"price\": {\"amount\": \"cheap\"}, \"state\": \"todo\", \"done\": true}]}")
                : Reply.of(401, "no"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String create(String body) {
        return TestApi.as(admin).body(body).post(sources).then().statusCode(201).extract().path("id");
    }

    @Test
    void credentialsAreWriteOnlyAndNeverInResponsesOrStoredInTheClear() {
        String body = httpSource(server.url("/orders"), "upsert", "\"auth\": \"bearer\", \"headers\": {\"X-Trace\": \"abc\"}",
                "{\"token\": \"" + SECRET + "\"}");
        var created = TestApi.as(admin).header("Idempotency-Key", "create-" + UUID.randomUUID()).body(body).post(sources).then()
                .statusCode(201).header("Location", containsString(sources + "/")).header("ETag", "\"1\"")
                .body("kind", equalTo("http_json")).body("credentials", equalTo(List.of("token")))
                .body("config.auth", equalTo("bearer")).body("config.headers.X-Trace", equalTo("abc"))
                .body("mode", equalTo("upsert")).body("keyColumn", equalTo("ext")).body("schedule", nullValue())
                .extract().response();
        assertFalse(created.asString().contains(SECRET), "the token is never returned");
        String id = created.path("id");

        for (String text : List.of(api.asEditor().get(sources + "/" + id).asString(), api.asEditor().get(sources).asString())) {
            assertFalse(text.contains(SECRET), text);
            assertTrue(text.contains("\"credentials\":[\"token\"]"), text);
        }
        String stored = pool.withTransaction(tx -> tx.preparedQuery("select set_config('panels.tenant_id', $1, true)")
                        .execute(Tuple.of(api.tenant.id().toString()))
                        .chain(() -> tx.preparedQuery("select secrets || config::text as s from data_source where id = $1")
                                .execute(Tuple.of(UUID.fromString(id)))))
                .map(rows -> rows.iterator().next().getString("s")).await().atMost(Duration.ofSeconds(10));
        assertFalse(stored.contains(SECRET), "sealed at rest");
        assertTrue(stored.startsWith("v1."), "SecretCipher format");

        // The stored token works (preview reaches the source with it), and is not echoed there either.
        String preview = TestApi.as(admin).post(sources + "/" + id + "/preview").then().statusCode(200)
                .body("rows", hasSize(3)).body("rows[0].values.ext", equalTo("r1")).body("rows[0].values.price", equalTo(1.5f))
                .body("rows[1].values.status", equalTo("done")).body("rows[1].values.done", equalTo(true))
                .body("rows[2].errors[0].column", equalTo("price")).body("rows[2].errors[0].record", equalTo(3))
                .extract().asString();
        assertFalse(preview.contains(SECRET));
        // Nothing written by a preview.
        api.asViewer().body("{\"count\": \"exact\"}").post("/api/v1/panels/" + panelId + "/query").then().body("count.value", equalTo(0));

        // PATCH without credentials keeps them; with new ones replaces them; {} removes them.
        TestApi.as(admin).header("If-Match", "\"1\"").body("{\"name\": \"Renamed\"}").patch(sources + "/" + id).then()
                .statusCode(200).header("ETag", "\"2\"").body("name", equalTo("Renamed")).body("credentials", equalTo(List.of("token")));
        TestApi.as(admin).header("If-Match", "\"1\"").body("{\"name\": \"Stale\"}").patch(sources + "/" + id).then()
                .statusCode(412).contentType("application/problem+json");
        TestApi.as(admin).body("{\"credentials\": {}}").patch(sources + "/" + id).then().statusCode(200)
                .body("credentials", hasSize(0));
        TestApi.as(admin).post(sources + "/" + id + "/preview").then().statusCode(422).contentType("application/problem+json")
                .body("detail", containsString("no token"));

        assertLogsNeverContain(SECRET);
    }

    /** The service's own log: the test profile writes it to target/quarkus.log too. */
    private static void assertLogsNeverContain(String secret) {
        Path log = Path.of("target/quarkus.log");
        try {
            assertTrue(Files.exists(log), "the test profile logs to " + log);
            String text = Files.readString(log);
            assertTrue(text.contains("data-service"), "the log has the service's lines");
            assertFalse(text.contains(secret), "a credential reached " + log);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void previewBeforeSavingShowsTheFirstTwentyMappedRows() {
        StringBuilder many = new StringBuilder("{\"data\": [");
        for (int i = 1; i <= 25; i++) {
            many.append(i == 1 ? "" : ",").append(record(i, "todo"));
        }
        server.on("/many", request -> Reply.json(many + "]}"));
        TestApi.as(admin).body(httpSource(server.url("/many"), "append", null, null)).post(sources + "/preview").then()
                .statusCode(200).body("rows", hasSize(20)).body("rows[19].record", equalTo(20)).body("rows[19].values.ext", equalTo("r20"));
        api.asEditor().get(sources).then().body("sources", hasSize(0));
    }

    @Test
    void invalidSourcesAreProblemsAndStoreNothing() {
        TestApi.as(admin).body("{\"name\": \"x\", \"kind\": \"ftp\", \"config\": {}, \"mapping\": [{\"source\": \"a\", \"column\": \"name\"}]}")
                .post(sources).then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("kind"));
        TestApi.as(admin).body("""
                        {"name": "x", "kind": "http_json",
                         "config": {"url": "ftp://example.com/x", "recordsPath": "$..items", "auth": "bearer",
                                    "headers": {"Authorization": "Bearer leak"}, "pagination": {"type": "cursor"}},
                         "mapping": [{"source": "$.a[?(@.b)]", "column": "nope"}, {"source": "$.n", "column": "name"}],
                         "mode": "upsert", "schedule": "* * * * * *"}
                        """).post(sources).then().statusCode(400)
                .body("errors.field", hasItems("config.url", "config.recordsPath", "config.headers.Authorization",
                        "config.pagination.cursorPath", "schedule"));
        TestApi.as(admin).body("""
                        {"name": "x", "kind": "http_json", "config": {"url": "https://example.com/x"},
                         "mapping": [{"source": "$.a[?(@.b)]", "column": "nope"}, {"source": "$.n", "column": "name"}, {"source": "$.m", "column": "name"}],
                         "mode": "upsert"}
                        """).post(sources).then().statusCode(400)
                .body("errors.field", hasItems("mapping[0].source", "mapping[0].column", "mapping[2].column", "keyColumn"));
        TestApi.as(admin).body("""
                        {"name": "x", "kind": "postgresql", "config": {"host": "db.example.com", "database": "d", "username": "u",
                         "query": "delete from t"}, "mapping": [{"source": "a", "column": "name"}]}
                        """).post(sources).then().statusCode(400).body("errors.field", hasItem("config.query"));
        // A schedule more often than the minimum interval (1 minute).
        TestApi.as(admin).body(httpSource("https://example.com/x", "append", null, null).replace("\"mode\"", "\"schedule\": \"* * * * *\", \"mode\""))
                .post(sources).then().statusCode(400);
        TestApi.as(admin).body("{\"name\": \"\"}").post(sources).then().statusCode(400).contentType("application/problem+json");
        TestApi.as(admin).body("{not json").post(sources).then().statusCode(400).contentType("application/problem+json");
        api.asEditor().get(sources).then().body("sources", hasSize(0));
    }

    @Test
    void loopbackOutsideTheAllowListAndTheMetadataAddressAreRefusedWhenSaved() {
        for (String url : List.of("http://169.254.169.254/latest/meta-data/", "http://127.0.0.2:8080/x", "http://10.1.2.3/x",
                "http://[::1]:8080/x", "http://[::ffff:169.254.169.254]/x", "http://0.0.0.0:80/")) {
            TestApi.as(admin).body(httpSource(url, "append", null, null)).post(sources).then().statusCode(400)
                    .contentType("application/problem+json").body("errors[0].field", equalTo("config.url"))
                    .body("errors[0].message", containsString("not public"));
        }
        TestApi.as(admin).body("""
                        {"name": "x", "kind": "mariadb", "config": {"host": "169.254.169.254", "database": "d", "username": "u",
                         "query": "select 1"}, "mapping": [{"source": "a", "column": "name"}]}
                        """).post(sources).then().statusCode(400).body("errors[0].field", equalTo("config.host"));
        assertTrue(server.requests().isEmpty());
    }

    @Test
    void rolesEditorsReadAndRunAdminsManageViewersNothing() {
        String id = create(httpSource(server.url("/orders"), "append", null, null));
        String source = sources + "/" + id;
        String body = httpSource(server.url("/orders"), "append", null, null);
        api.asEditor().body(body).post(sources).then().statusCode(403).contentType("application/problem+json");
        api.asEditor().body("{\"name\": \"x\"}").patch(source).then().statusCode(403);
        api.asEditor().delete(source).then().statusCode(403);
        api.asEditor().post(source + "/preview").then().statusCode(403);
        api.asEditor().get(source).then().statusCode(200);
        api.asEditor().post(source + "/runs").then().statusCode(202);
        api.asEditor().get(source + "/runs").then().statusCode(200).body("runs", hasSize(1));
        api.asViewer().get(sources).then().statusCode(403);
        api.asViewer().get(source).then().statusCode(403);
        api.asViewer().post(source + "/runs").then().statusCode(403);
        api.asViewer().get(source + "/runs").then().statusCode(403);
        given().get(sources).then().statusCode(401);
        // Owners manage too.
        TestApi.as(api.tenant.member("owner").token()).delete(source).then().statusCode(204);
        api.asEditor().get(source).then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void anotherTenantSeesNothingOnEveryEndpoint() {
        String id = create(httpSource(server.url("/orders"), "append", null, null));
        String source = sources + "/" + id;
        String runId = api.asEditor().post(source + "/runs").then().statusCode(202).extract().path("id");
        SyncFixtures.awaitRun(api.editor, source + "/runs/" + runId);

        TestApi other = TestApi.newTenant();
        String otherAdmin = other.tenant.member("admin").token();
        String body = httpSource(server.url("/orders"), "append", null, null);
        TestApi.as(otherAdmin).get(sources).then().statusCode(404).contentType("application/problem+json");
        TestApi.as(otherAdmin).body(body).post(sources).then().statusCode(404);
        TestApi.as(otherAdmin).body(body).post(sources + "/preview").then().statusCode(404);
        TestApi.as(otherAdmin).get(source).then().statusCode(404);
        TestApi.as(otherAdmin).body("{\"name\": \"hijack\"}").patch(source).then().statusCode(404);
        TestApi.as(otherAdmin).post(source + "/preview").then().statusCode(404);
        TestApi.as(otherAdmin).post(source + "/runs").then().statusCode(404);
        TestApi.as(otherAdmin).get(source + "/runs").then().statusCode(404);
        TestApi.as(otherAdmin).get(source + "/runs/" + runId).then().statusCode(404);
        TestApi.as(otherAdmin).delete(source).then().statusCode(404);
        // The other tenant's own panel cannot reach this tenant's source either.
        UUID otherPanel = TestPanels.createPanel(pool, other.tenant.id(), SyncFixtures.columns());
        TestApi.as(otherAdmin).get(sources(otherPanel) + "/" + id).then().statusCode(404);
        TestApi.as(otherAdmin).post(sources(otherPanel) + "/" + id + "/runs").then().statusCode(404);

        api.asEditor().get(source).then().statusCode(200).body("name", equalTo("Orders API"));
        api.asEditor().get(source + "/runs").then().body("runs", hasSize(1));
    }

    @Test
    void idempotencyKeyReplaysTheFirstReply() {
        String key = "k-" + UUID.randomUUID();
        String body = httpSource(server.url("/orders"), "append", null, null);
        String first = TestApi.as(admin).header("Idempotency-Key", key).body(body).post(sources).then().statusCode(201).extract().path("id");
        TestApi.as(admin).header("Idempotency-Key", key).body(body).post(sources).then().statusCode(201)
                .header("Idempotent-Replayed", "true").body("id", equalTo(first));
        api.asEditor().get(sources).then().body("sources", hasSize(1));
        String runKey = "r-" + UUID.randomUUID();
        String run = api.asEditor().header("Idempotency-Key", runKey).post(sources + "/" + first + "/runs").then().statusCode(202).extract().path("id");
        api.asEditor().header("Idempotency-Key", runKey).post(sources + "/" + first + "/runs").then().statusCode(202).body("id", equalTo(run));
        api.asEditor().get(sources + "/" + first + "/runs").then().body("runs.id", not(hasItem(nullValue()))).body("runs", hasSize(1));
    }

    @Test
    void aScheduleSetsTheNextRun() {
        String body = httpSource(server.url("/orders"), "append", null, null).replace("\"mode\"", "\"schedule\": \"*/5 * * * *\", \"mode\"");
        TestApi.as(admin).body(body).post(sources).then().statusCode(201).body("schedule", equalTo("*/5 * * * *"))
                .body("nextRunAt", notNullValue());
        String id = api.asEditor().get(sources).then().extract().path("sources[0].id");
        TestApi.as(admin).body("{\"schedule\": \"\"}").patch(sources + "/" + id).then().statusCode(200)
                .body("schedule", nullValue()).body("nextRunAt", nullValue());
        assertEquals(1, (int) api.asEditor().get(sources).then().extract().path("sources.size()"));
    }
}
