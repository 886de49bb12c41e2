package io.panels.data.api;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.panels.data.RawHttpStream;
import io.panels.data.TestApi;
import io.panels.data.TestPanels;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * rows:stream when the reading goes wrong: a client that hangs up mid-stream, many times over (more
 * than the connection pool holds), leaves no connection or transaction behind; a stream that the
 * server cannot finish ends without its end line, and resumes from its last checkpoint with every
 * row exactly once. About 10 MB of rows: more than the socket buffers between the two hold, so the
 * server is really in the middle of its stream when it happens.
 */
@QuarkusTest
class RowStreamInterruptionTest {

    static final int ROWS = 5_000;
    static final String TEXT = "x".repeat(2_000);

    @Inject
    Pool pool;

    static TestApi api;
    static UUID panelId;
    static String path;

    @BeforeEach
    void tenMegabytesOfRows() {
        if (panelId != null) {
            return;
        }
        api = TestApi.newTenant();
        panelId = TestPanels.createPanel(pool, api.tenant.id(), List.of(
                TestPanels.column("n", "number", 0, TestPanels.precision(0)),
                TestPanels.column("body", "text", 1, TestPanels.settings())));
        path = "/api/v1/panels/" + panelId + "/rows:stream";
        for (int batch = 0; batch < ROWS / 1000; batch++) {
            StringBuilder rows = new StringBuilder("{\"rows\": [");
            for (int i = 0; i < 1000; i++) {
                rows.append(i == 0 ? "" : ",").append("{\"values\": {\"n\": ").append(batch * 1000 + i)
                        .append(", \"body\": \"").append(TEXT).append("\"}}");
            }
            api.asEditor().body(rows.append("]}").toString()).post("/api/v1/panels/" + panelId + "/rows/batch-create")
                    .then().statusCode(201);
        }
    }

    @Test
    void clientsThatHangUpMidStreamLeaveNoConnectionOrTransactionBehind() throws Exception {
        // More hang-ups than the pool has connections (20): one leaked connection each would exhaust it.
        for (int i = 0; i < 25; i++) {
            try (RawHttpStream stream = RawHttpStream.post(RestAssured.port, path, api.viewer, "{\"checkpointEvery\": 100}")) {
                assertEquals(200, stream.status());
                assertTrue(stream.header("content-type").startsWith("application/x-ndjson"), stream.header("content-type"));
                assertNotNull(stream.readLine());
                assertNotNull(stream.readLine());
            }
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> openStreams() == 0);
        // The service is fine: a query, and a whole stream read to its end line.
        api.asViewer().body("{\"limit\": 1}").post("/api/v1/panels/" + panelId + "/query").then().statusCode(200);
        List<Long> all = numbers(RowStreamResourceTest.Lines.parse(api.asViewer().urlEncodingEnabled(false).body("{\"columns\": [\"n\"]}").post(path)
                .then().statusCode(200).extract().asString()).rows());
        assertEquals(ROWS, all.size());
    }

    @Test
    void aStreamTheServerCannotFinishHasNoEndLineAndResumesFromItsLastCheckpoint() throws Exception {
        List<JsonNode> kept = new ArrayList<>();
        List<JsonNode> sinceCheckpoint = new ArrayList<>();
        String checkpoint = null;
        boolean ended = false;
        int checkpoints = 0;
        try (RawHttpStream stream = RawHttpStream.post(RestAssured.port, path, api.viewer, "{\"checkpointEvery\": 100}")) {
            assertEquals(200, stream.status());
            assertEquals("{\"columns\":[\"n\",\"body\"]}", stream.readLine());
            String line;
            while ((line = stream.readLine()) != null) {
                JsonNode node = RowStreamResourceTest.read(line);
                if (node.isArray()) {
                    sinceCheckpoint.add(node);
                } else if (node.path("end").asBoolean()) {
                    ended = true;
                } else {
                    kept.addAll(sinceCheckpoint);
                    sinceCheckpoint.clear();
                    checkpoint = node.get("cursor").asText();
                    if (++checkpoints == 3) {
                        // The server is mid-stream (waiting for this reader): its database session goes away.
                        assertEquals(1, terminateStreams(), "one stream's session");
                    }
                }
            }
        }
        assertTrue(!ended, "a cut stream has no end line");
        assertTrue(kept.size() >= 300 && kept.size() < ROWS, "cut in the middle: " + kept.size());
        assertNotNull(checkpoint);
        await().atMost(Duration.ofSeconds(30)).until(() -> openStreams() == 0);

        RowStreamResourceTest.Lines rest = RowStreamResourceTest.Lines.parse(api.asViewer().urlEncodingEnabled(false)
                .body("{\"checkpointEvery\": 100, \"after\": \"" + checkpoint + "\"}").post(path)
                .then().statusCode(200).extract().asString());
        List<JsonNode> resumed = new ArrayList<>(kept);
        resumed.addAll(rest.rows());
        List<Long> whole = numbers(RowStreamResourceTest.Lines.parse(api.asViewer().urlEncodingEnabled(false)
                .body("{\"columns\": [\"n\"]}").post(path).then().statusCode(200).extract().asString()).rows());
        assertEquals(ROWS, whole.size());
        // Compared without printing 5,000 numbers: the uninterrupted stream's rows, in its order, each once.
        assertTrue(whole.equals(numbers(resumed)), "every row once, in order: " + resumed.size() + " rows read, "
                + new java.util.HashSet<>(numbers(resumed)).size() + " different");
        assertEquals(TEXT, resumed.getLast().get(1).asText());
    }

    private static List<Long> numbers(List<JsonNode> rows) {
        return rows.stream().map(row -> row.get(0).asLong()).toList();
    }

    /** data-service sessions of this database still in a transaction that read this panel's table. */
    private long openStreams() {
        return pool.preparedQuery("select count(*) from pg_stat_activity where datname = current_database()"
                        + " and pid <> pg_backend_pid() and state like 'idle in transaction%' and query like $1")
                .execute(Tuple.of("%" + TestPanels.table(panelId) + "%"))
                .map(rows -> rows.iterator().next().getLong(0)).await().atMost(Duration.ofSeconds(10));
    }

    private long terminateStreams() {
        return pool.preparedQuery("select count(*) filter (where pg_terminate_backend(pid)) from pg_stat_activity"
                        + " where datname = current_database() and pid <> pg_backend_pid() and state <> 'idle'"
                        + " and query like $1 and query like 'SELECT%'")
                .execute(Tuple.of("%" + TestPanels.table(panelId) + "%"))
                .map(rows -> rows.iterator().next().getLong(0)).await().atMost(Duration.ofSeconds(10));
    }
}
