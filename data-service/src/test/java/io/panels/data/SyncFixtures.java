package io.panels.data;

import static org.awaitility.Awaitility.await;

import io.panels.data.TestApi;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/** Panels and sources for the sync tests: a small panel, JSON bodies of sources, waiting for a run's end. */
public final class SyncFixtures {

    private SyncFixtures() {
    }

    /** The panel the sync tests fill: an external id (unique), a name, a price, a status, a flag. */
    public static List<io.panels.events.panel.ColumnDefinition> columns() {
        return List.of(
                TestPanels.column("ext", "text", 0, false, true, TestPanels.settings()),
                TestPanels.column("name", "text", 1, true, false, TestPanels.settings()),
                TestPanels.column("price", "number", 2, TestPanels.precision(2)),
                TestPanels.column("status", "single_select", 3, TestPanels.options("todo", "done")),
                TestPanels.column("done", "boolean", 4, TestPanels.settings()));
    }

    public static String sources(UUID panelId) {
        return "/api/v1/panels/" + panelId + "/sources";
    }

    /** An http_json source body; {@code extra} is spliced into the config object. */
    public static String httpSource(String url, String mode, String extraConfig, String credentials) {
        return """
                {"name": "Orders API", "kind": "http_json",
                 "config": {"url": "%s", "recordsPath": "$.data[*]"%s},
                 %s
                 "mapping": [{"source": "$.id", "column": "ext"}, {"source": "$.name", "column": "name"},
                             {"source": "$.price.amount", "column": "price"}, {"source": "state", "column": "status"},
                             {"source": "$.done", "column": "done"}],
                 "mode": "%s", "keyColumn": "ext"}
                """.formatted(url, extraConfig == null ? "" : ", " + extraConfig,
                credentials == null ? "" : "\"credentials\": " + credentials + ",", mode);
    }

    public static String record(int i, String state) {
        return "{\"id\": \"r" + i + "\", \"name\": \"Record " + i + "\", \"price\": {\"amount\": " + i + ".5}, \"state\": \"" + state
                + "\", \"done\": " + (i % 2 == 0) + "}";
    }

    /** Asks for a run as {@code token} and waits for its end; answers the finished run. */
    public static Response runAndWait(String token, String source) {
        String runs = source + "/runs";
        String runId = TestApi.as(token).post(runs).then().statusCode(202).extract().path("id");
        return awaitRun(token, runs + "/" + runId);
    }

    public static Response awaitRun(String token, String run) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> List.of("completed", "failed", "skipped")
                .contains(TestApi.as(token).get(run).then().statusCode(200).extract().<String>path("status")));
        return TestApi.as(token).get(run).then().extract().response();
    }
}
