package io.panels.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The run's report: JSON (everything), CSV (one line per result) and a Markdown summary. */
final class Report {

    private final List<Result> results = new ArrayList<>();
    private final Map<String, String> facts = new LinkedHashMap<>();

    synchronized void add(Result result) {
        results.add(result);
    }

    synchronized void fact(String name, String value) {
        facts.put(name, value);
    }

    synchronized List<Result> results() {
        return List.copyOf(results);
    }

    long errors() {
        return results().stream().mapToLong(Result::errors).sum();
    }

    /** Writes {@code <base>.json}, {@code <base>.csv} and {@code <base>.md}; answers the Markdown. */
    synchronized String write(Path directory, String base) throws IOException {
        Files.createDirectories(directory);
        ObjectNode json = Json.object();
        ObjectNode factsNode = json.putObject("facts");
        facts.forEach(factsNode::put);
        ArrayNode list = json.putArray("results");
        results.forEach(r -> list.add(Json.MAPPER.valueToTree(r)));
        Files.writeString(directory.resolve(base + ".json"), Json.MAPPER.writeValueAsString(json));
        Files.writeString(directory.resolve(base + ".csv"), csv());
        String markdown = markdown();
        Files.writeString(directory.resolve(base + ".md"), markdown);
        return markdown;
    }

    String csv() {
        StringBuilder out = new StringBuilder("scenario,target,users,seconds,requests,errors,throughput,unit,p50_ms,p95_ms,p99_ms,max_ms,"
                + "mean_ms,load_before,load_after,goal,goal_met,cpu_avg_percent,rss_max_mib\n");
        for (Result r : results) {
            out.append(String.join(",", r.scenario(), r.target(), Integer.toString(r.users()), number(r.seconds()), Long.toString(r.requests()),
                    Long.toString(r.errors()), number(r.throughput()), r.unit(), number(r.p50()), number(r.p95()), number(r.p99()),
                    number(r.max()), number(r.mean()), quote(r.loadBefore()), quote(r.loadAfter()), quote(Optional.ofNullable(r.goal()).orElse("")),
                    r.goalMet() == null ? "" : r.goalMet().toString(),
                    quote(usage(r, u -> number(u.cpuAveragePercent()))), quote(usage(r, u -> number(u.rssMaxMiB())))))
                    .append('\n');
        }
        return out.toString();
    }

    String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("| scenario | target | users | throughput | p50 ms | p95 ms | p99 ms | max ms | requests | errors | goal | met |\n");
        out.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (Result r : results) {
            out.append(String.format(Locale.ROOT, "| %s | %s | %d | %s %s | %s | %s | %s | %s | %,d | %,d | %s | %s |%n", r.scenario(), r.target(),
                    r.users(), grouped(r.throughput()), r.unit(), ms(r.p50()), ms(r.p95()), ms(r.p99()), ms(r.max()), r.requests(), r.errors(),
                    r.goal() == null ? "" : r.goal(), r.goalMet() == null ? "" : r.goalMet() ? "yes" : "**no**"));
        }
        List<String[]> pairs = peerPairs();
        if (!pairs.isEmpty()) {
            out.append("\nSide by side with NocoDB (same rows, columns, concurrency and duration; ratio = Panels / NocoDB:"
                    + " throughput above 1 and p95 below 1 mean Panels is faster):\n\n");
            out.append("| shared scenario | Panels | NocoDB | throughput ratio | Panels p95 ms | NocoDB p95 ms | p95 ratio | Panels faster |\n");
            out.append("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
            for (String[] pair : pairs) {
                out.append(String.join(" | ", "", pair[0], pair[1], pair[2], pair[3], pair[4], pair[5], pair[6], pair[7], "").trim()).append('\n');
            }
        }
        List<String> hops = hopTable();
        if (!hops.isEmpty()) {
            out.append("\nThe cost of each hop (the same request entering at the gateway, then at each service behind it; added = this row"
                    + " minus the next one):\n\n");
            out.append("| scenario | enters at | users | throughput | p50 ms | p95 ms | p50 added ms | p95 added ms |\n");
            out.append("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
            hops.forEach(line -> out.append(line).append('\n'));
        }
        out.append("\nCPU (average / highest 1 s, % of one core; 200 % = both cores) and highest RSS (MiB) of each process during each scenario:\n\n");
        Set<String> processes = new LinkedHashSet<>();
        results.forEach(r -> processes.addAll(r.usage().keySet()));
        out.append("| scenario | target | load avg before → after |");
        processes.forEach(p -> out.append(' ').append(p).append(" |"));
        out.append("\n| --- | --- | --- |");
        processes.forEach(p -> out.append(" --- |"));
        out.append('\n');
        for (Result r : results) {
            out.append("| ").append(r.scenario()).append(" | ").append(r.target()).append(" | ").append(r.loadBefore()).append(" → ")
                    .append(r.loadAfter()).append(" |");
            for (String p : processes) {
                ProcessSampler.Usage u = r.usage().get(p);
                out.append(u == null ? " |" : String.format(Locale.ROOT, " %.0f / %.0f %%, %.0f MiB |", u.cpuAveragePercent(), u.cpuMaxPercent(),
                        u.rssMaxMiB()));
            }
            out.append('\n');
        }
        List<String> notes = results.stream().filter(r -> r.note() != null && !r.note().isBlank())
                .map(r -> "- " + r.scenario() + " (" + r.target() + "): " + r.note()).toList();
        if (!notes.isEmpty()) {
            out.append("\nNotes:\n\n").append(String.join("\n", notes)).append('\n');
        }
        return out.toString();
    }

    /**
     * The hop measurements ({@code <scenario>:<service>}, see BenchSuite#HOP) after their scenario's row (through the gateway),
     * in the order measured, each with what it costs more than the next one inward.
     */
    List<String> hopTable() {
        List<String> lines = new ArrayList<>();
        Set<String> scenarios = new LinkedHashSet<>();
        results.stream().filter(r -> r.scenario().contains(BenchSuite.HOP))
                .forEach(r -> scenarios.add(r.scenario().substring(0, r.scenario().indexOf(BenchSuite.HOP))));
        for (String scenario : scenarios) {
            List<Result> entries = results.stream().filter(r -> r.target().equals("panels")
                    && (r.scenario().equals(scenario) || r.scenario().startsWith(scenario + BenchSuite.HOP))).toList();
            for (int users : entries.stream().map(Result::users).distinct().toList()) {
                List<Result> rows = entries.stream().filter(r -> r.users() == users).toList();
                for (int i = 0; i < rows.size(); i++) {
                    Result r = rows.get(i);
                    Result inner = i + 1 < rows.size() ? rows.get(i + 1) : null;
                    String entry = r.scenario().equals(scenario) ? "gateway" : r.scenario().substring(scenario.length() + BenchSuite.HOP.length());
                    lines.add(String.format(Locale.ROOT, "| %s | %s | %d | %s %s | %s | %s | %s | %s |", scenario, entry, r.users(),
                            grouped(r.throughput()), r.unit(), ms(r.p50()), ms(r.p95()), inner == null ? "" : ms(r.p50() - inner.p50()),
                            inner == null ? "" : ms(r.p95() - inner.p95())));
                }
            }
        }
        return lines;
    }

    /** Each peer scenario measured against both targets: name, throughputs, ratio, p95s, ratio, verdict. */
    List<String[]> peerPairs() {
        List<String[]> pairs = new ArrayList<>();
        for (Result panels : results) {
            if (!panels.target().equals("panels") || !panels.scenario().startsWith("peer-")) {
                continue;
            }
            results.stream().filter(r -> r.target().equals("nocodb") && r.scenario().equals(panels.scenario()) && r.users() == panels.users())
                    .findFirst().ifPresent(noco -> {
                double throughputRatio = panels.throughput() / noco.throughput();
                double p95Ratio = panels.p95() / noco.p95();
                pairs.add(new String[] {panels.scenario(), grouped(panels.throughput()) + " " + panels.unit(),
                        grouped(noco.throughput()) + " " + noco.unit(), String.format(Locale.ROOT, "%.2f", throughputRatio),
                        ms(panels.p95()), ms(noco.p95()), String.format(Locale.ROOT, "%.2f", p95Ratio),
                        throughputRatio > 1 && panels.errors() == 0 ? "yes" : "**no**"});
            });
        }
        return pairs;
    }

    private static String usage(Result r, java.util.function.Function<ProcessSampler.Usage, String> figure) {
        List<String> parts = new ArrayList<>();
        r.usage().forEach((name, u) -> parts.add(name + "=" + figure.apply(u)));
        return String.join(" ", parts);
    }

    static String ms(double value) {
        if (Double.isNaN(value)) {
            return "";
        }
        return value >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.1f", value);
    }

    static String grouped(double value) {
        if (Double.isNaN(value)) {
            return "-";
        }
        return value >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.1f", value);
    }

    private static String number(double value) {
        return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%.2f", value);
    }

    private static String quote(String value) {
        return "\"" + value.replace("\"", "\"\"") + "\"";
    }
}
