package io.panels.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatling.javaapi.core.Session;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A request load run by Gatling (ADR 0030): {@code users} virtual users, each sending one of the
 * {@link Call}s (chosen by weight) after the other for {@code duration}, against {@code baseUrl}. Each
 * iteration takes a context (a tenant's token and ids) from {@code contexts} at random. Gatling runs
 * in this JVM ({@code io.gatling.app.Gatling.fromArgs}) with {@link LoadSimulation}, which reads the
 * plan from here; its own report goes to {@code resultsRoot}, and the figures are read back from the
 * report's {@code js/stats.js}.
 */
final class Load {

    /** One kind of request: {@code percent} of the mix, expected statuses. */
    record Call(String name, double percent, String method, Function<Session, String> path, Function<Session, String> body,
            Map<String, Function<Session, String>> headers, List<Integer> statuses) {
    }

    record Plan(String name, String baseUrl, int users, Duration duration, List<Map<String, Object>> contexts, List<Call> calls) {
    }

    /** Gatling's figures for the run: request counts, mean req/s (all and successful), ms percentiles. */
    record Measured(long requests, long ok, long ko, double requestsPerSecond, double okPerSecond, double p50, double p95, double p99,
            double max, double mean) {
    }

    private static volatile Plan current;

    private Load() {
    }

    static Plan current() {
        return current;
    }

    static synchronized Measured run(Plan plan, Path resultsRoot) {
        current = plan;
        try {
            Path results = resultsRoot.resolve(plan.name() + "-" + System.currentTimeMillis());
            Files.createDirectories(results);
            int exit = io.gatling.app.Gatling$.MODULE$.fromArgs(new String[] {"-s", LoadSimulation.class.getName(), "-rf",
                    results.toAbsolutePath().toString(), "-rd", plan.name(), "-l", "panels-bench-suite"});
            Path stats;
            try (Stream<Path> files = Files.walk(results)) {
                stats = files.filter(p -> p.endsWith(Path.of("js", "stats.js"))).findFirst()
                        .orElseThrow(() -> new IllegalStateException("Gatling wrote no report for " + plan.name() + " (exit " + exit + ")"));
            }
            return parse(Files.readString(stats));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            current = null;
        }
    }

    /**
     * Reads the "All Requests" statistics of a Gatling report's {@code js/stats.js}: a JavaScript
     * object ({@code var stats = {type: ..., stats: {...}, contents: ...}}) whose {@code stats} member
     * is JSON (quoted keys, numbers as strings).
     */
    static Measured parse(String statsJs) {
        int start = statsJs.indexOf("stats: {");
        if (start < 0) {
            throw new IllegalArgumentException("no \"stats: {\" in Gatling's stats.js");
        }
        start = statsJs.indexOf('{', start);
        int depth = 0;
        int end = start;
        boolean quoted = false;
        for (; end < statsJs.length(); end++) {
            char c = statsJs.charAt(end);
            if (c == '"' && statsJs.charAt(end - 1) != '\\') {
                quoted = !quoted;
            } else if (!quoted && c == '{') {
                depth++;
            } else if (!quoted && c == '}' && --depth == 0) {
                break;
            }
        }
        JsonNode stats = Json.parse(statsJs.substring(start, end + 1));
        return new Measured(number(stats, "numberOfRequests", "total"), number(stats, "numberOfRequests", "ok"),
                number(stats, "numberOfRequests", "ko"), decimal(stats, "meanNumberOfRequestsPerSecond", "total"),
                decimal(stats, "meanNumberOfRequestsPerSecond", "ok"), decimal(stats, "percentiles1", "ok"), decimal(stats, "percentiles3", "ok"),
                decimal(stats, "percentiles4", "ok"), decimal(stats, "maxResponseTime", "ok"), decimal(stats, "meanResponseTime", "ok"));
    }

    private static long number(JsonNode stats, String name, String part) {
        double value = decimal(stats, name, part);
        return Double.isNaN(value) ? 0 : Math.round(value);
    }

    /** Gatling writes numbers, or "-" where there is none (no successful request). */
    private static double decimal(JsonNode stats, String name, String part) {
        JsonNode value = stats.path(name).path(part);
        if (value.isNumber()) {
            return value.asDouble();
        }
        try {
            return Double.parseDouble(value.asText());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
