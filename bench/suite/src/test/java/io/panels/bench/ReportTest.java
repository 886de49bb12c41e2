package io.panels.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

    private static Result result(String scenario, String target, double throughput, double p95, long errors) {
        return new Result(scenario, target, "what", 16, 20, 1000, errors, throughput, "req/s", 5, p95, p95 * 2, p95 * 3, 6, "1.00 2.00 3.00",
                "1.50 2.00 3.00", Map.of("gateway", new ProcessSampler.Usage(50, 90, 300)), null, null, null);
    }

    @Test
    void pairsEachPeerScenarioWithItsRatio() {
        Report report = new Report();
        report.add(result("peer-list-page", "panels", 800, 20, 0));
        report.add(result("peer-list-page", "nocodb", 50, 400, 0));
        report.add(result("peer-count", "panels", 30, 900, 0));
        report.add(result("peer-count", "nocodb", 60, 300, 0));
        report.add(result("panel-list", "panels", 2500, 10, 0));
        var pairs = report.peerPairs();
        assertEquals(2, pairs.size());
        assertEquals("peer-list-page", pairs.get(0)[0]);
        assertEquals("16.00", pairs.get(0)[3]);
        assertEquals("0.05", pairs.get(0)[6]);
        assertEquals("yes", pairs.get(0)[7]);
        assertEquals("0.50", pairs.get(1)[3]);
        assertEquals("**no**", pairs.get(1)[7]);
    }

    @Test
    void writesJsonCsvAndMarkdown(@TempDir Path directory) throws Exception {
        Report report = new Report();
        report.fact("mode", "smoke");
        report.add(result("panel-list", "panels", 2500, 10, 0).withGoal(">= 2,000 req/s, p95 < 25 ms", true));
        report.add(result("view-page", "panels", 100, 150, 3).withGoal("p95 < 100 ms", false));
        String markdown = report.write(directory, "run");
        assertTrue(markdown.contains("| panel-list | panels | 16 | 2,500 req/s | 5.0 | 10.0 | 20.0 | 30.0 | 1,000 | 0 | >= 2,000 req/s, p95 < 25 ms | yes |"),
                markdown);
        assertTrue(markdown.contains("| **no** |"), markdown);
        assertTrue(markdown.contains("50 / 90 %, 300 MiB"), markdown);
        assertEquals(3, Files.readAllLines(directory.resolve("run.csv")).size());
        var json = Json.parse(Files.readString(directory.resolve("run.json")));
        assertEquals("smoke", json.path("facts").path("mode").asText());
        assertEquals(2, json.path("results").size());
        assertEquals(3, report.errors());
    }

    @Test
    void tabulatesTheCostOfEachHop() {
        Report report = new Report();
        report.add(hop("view-page", 40, 90));
        report.add(hop("view-page:view-service", 25, 60));
        report.add(hop("view-page:data-service", 10, 20));
        report.add(result("panel-list", "panels", 2500, 10, 0));
        var lines = report.hopTable();
        assertEquals(3, lines.size(), String.join("\n", lines));
        assertEquals("| view-page | gateway | 16 | 100 req/s | 40.0 | 90.0 | 15.0 | 30.0 |", lines.get(0));
        assertEquals("| view-page | view-service | 16 | 100 req/s | 25.0 | 60.0 | 15.0 | 40.0 |", lines.get(1));
        assertEquals("| view-page | data-service | 16 | 100 req/s | 10.0 | 20.0 |  |  |", lines.get(2));
        assertTrue(report.markdown().contains("The cost of each hop"));
    }

    private static Result hop(String scenario, double p50, double p95) {
        return new Result(scenario, "panels", "what", 16, 20, 2000, 0, 100, "req/s", p50, p95, p95, p95, p50, "1.00 1.00 1.00", "1.00 1.00 1.00",
                Map.of(), null, null, null);
    }
}
