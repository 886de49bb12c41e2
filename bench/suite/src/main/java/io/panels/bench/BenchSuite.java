package io.panels.bench;

import io.gatling.javaapi.core.Session;
import io.panels.common.testing.Repository;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The benchmark suite (issue 13; bench/README.md): starts the services from the built fast-jars with
 * the gateway in front, makes throw-away tenants with real Keycloak tokens, seeds through the bulk
 * paths, runs the chosen scenarios through the gateway (and the shared ones against NocoDB too),
 * samples CPU and RSS of every process, and writes JSON, CSV and a Markdown summary.
 *
 * <pre>bench/suite/run [scenario ...|all] [--smoke] [--peer|--no-peer] [--out DIR]</pre>
 *
 * Exits 1 when any request of any scenario failed (or a scenario could not run), 2 on bad arguments.
 */
public final class BenchSuite {

    /** Between a scenario and the service a hop measurement enters at ({@code view-page:view-service}); see {@link Report}. */
    static final String HOP = ":";

    private final Settings settings;
    private final Report report = new Report();
    private final Path gatlingResults;
    private final AtomicInteger rowNumbers = new AtomicInteger(10_000_000);
    private Services services;
    private Map<String, Long> pids = new LinkedHashMap<>();
    private Panels api;
    private Panels.Member owner;
    private Panels.Panel bigPanel;
    private Panels.Panel peerPanel;
    private NocoDb nocodb;

    private BenchSuite(Settings settings, Path gatlingResults) {
        this.settings = settings;
        this.gatlingResults = gatlingResults;
    }

    public static void main(String[] args) throws Exception {
        boolean smoke = false;
        Boolean peer = null;
        Path out = null;
        Set<String> scenarios = new LinkedHashSet<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--smoke" -> smoke = true;
                case "--peer" -> peer = true;
                case "--no-peer" -> peer = false;
                case "--out" -> out = Path.of(args[++i]);
                case "all" -> scenarios.addAll(Settings.SCENARIOS);
                default -> {
                    if (!Settings.SCENARIOS.contains(args[i])) {
                        System.err.println("unknown argument " + args[i] + "; scenarios: " + String.join(" ", Settings.SCENARIOS)
                                + " all; options: --smoke --peer --no-peer --out DIR");
                        System.exit(2);
                    }
                    scenarios.add(args[i]);
                }
            }
        }
        if (scenarios.isEmpty()) {
            scenarios.addAll(Settings.SCENARIOS);
        }
        // The peer is installed by a full run (about 6 minutes the first time); a smoke run uses it only when it is there.
        boolean withPeer = peer != null ? peer : (!smoke || NocoDb.installed());
        if (!withPeer) {
            System.out.println("NocoDB is left out of this run (--no-peer, or a smoke run without it installed): the peer scenarios run against Panels only");
        }
        Path root = Repository.root();
        Path results = out != null ? out : smoke ? root.resolve("bench/suite/target/results") : root.resolve("bench/results");
        BenchSuite suite = new BenchSuite(Settings.of(smoke), root.resolve("bench/suite/target/gatling"));
        int exit = suite.run(List.copyOf(scenarios), withPeer, results);
        System.exit(exit);
    }

    private int run(List<String> scenarios, boolean withPeer, Path results) throws Exception {
        ZonedDateTime started = ZonedDateTime.now(ZoneOffset.UTC);
        String run = started.format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss"));
        report.fact("started", started.toString());
        report.fact("mode", settings.smoke() ? "smoke" : "full");
        report.fact("scenarios", String.join(" ", scenarios));
        report.fact("settings", settings.toString());
        report.fact("cpus", Integer.toString(Runtime.getRuntime().availableProcessors()));
        report.fact("load average at start", ProcessSampler.loadAverage());
        report.fact("java", System.getProperty("java.version"));
        boolean failed = false;
        services = new Services(run);
        try {
            long t = System.nanoTime();
            String gateway = services.start();
            report.fact("services started in", seconds(t));
            pids = new LinkedHashMap<>(services.pids());
            pids.put("bench-client", ProcessHandle.current().pid());
            api = new Panels(gateway);
            owner = Panels.Member.newTenantOwner();
            warmUp(gateway);
            if (withPeer && scenarios.contains("peer")) {
                try {
                    startPeer();
                } catch (Exception e) {
                    failed = true;
                    System.err.println("NocoDB did not start: " + e);
                    report.add(new Result("peer", "nocodb", "did not start: " + e.getMessage(), 0, 0, 0, 1, Double.NaN, "", Double.NaN,
                            Double.NaN, Double.NaN, Double.NaN, Double.NaN, ProcessSampler.loadAverage(), ProcessSampler.loadAverage(), Map.of(),
                            null, null, "failed: " + e));
                    if (nocodb != null) {
                        nocodb.close();
                        nocodb = null;
                    }
                }
            }
            for (String scenario : scenarios) {
                System.out.printf("%n=== %s (load average %s)%n", scenario, ProcessSampler.loadAverage());
                try {
                    switch (scenario) {
                        case "panel-list" -> panelList(gateway);
                        case "csv-import" -> ensureBigPanel();
                        case "view-page" -> viewPage(gateway);
                        case "single-write" -> singleWrite(gateway);
                        case "batch-write" -> batchWrite(gateway);
                        case "stream-latency" -> streamLatency(gateway);
                        case "export" -> export();
                        case "mixed" -> mixed(gateway);
                        case "peer" -> peer(gateway);
                        default -> throw new IllegalArgumentException(scenario);
                    }
                } catch (Exception e) {
                    failed = true;
                    System.err.println("scenario " + scenario + " failed: " + e);
                    e.printStackTrace();
                    report.add(new Result(scenario, "panels", "did not run: " + e.getMessage(), 0, 0, 0, 1, Double.NaN, "", Double.NaN,
                            Double.NaN, Double.NaN, Double.NaN, Double.NaN, ProcessSampler.loadAverage(), ProcessSampler.loadAverage(), Map.of(),
                            null, null, "failed: " + e));
                }
            }
        } finally {
            if (nocodb != null) {
                nocodb.close();
            }
            services.close();
        }
        report.fact("load average at end", ProcessSampler.loadAverage());
        report.fact("finished", ZonedDateTime.now(ZoneOffset.UTC).toString());
        String base = started.format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HHmm'Z'")) + "-" + (settings.smoke() ? "smoke" : "full");
        String markdown = report.write(results, base);
        System.out.println();
        System.out.println(markdown);
        System.out.println("report: " + results.resolve(base + ".md") + " (.json, .csv beside it)");
        long errors = report.errors();
        if (errors > 0 || failed) {
            System.out.println("FAILED: " + errors + " errors");
            return 1;
        }
        return 0;
    }

    // ---------------------------------------------------------------- scenarios

    /**
     * Runs the reads and writes every scenario is made of, through the gateway, for BENCH_JIT_WARMUP_SECONDS before the first
     * measurement, unmeasured (ADR 0054). Seven JVMs started a moment ago share two cores: until their JIT compilers are done with
     * the request paths, half of each service's CPU goes to compiling, and the first scenarios would measure the compilers.
     */
    private void warmUp(String gateway) throws Exception {
        if (settings.jitWarmup().isZero()) {
            return;
        }
        long t = System.nanoTime();
        Panels.Member member = Panels.Member.newTenantOwner();
        Panels.Panel panel = api.createPanel(member, "Warm-up", true);
        api.awaitRows(member, panel);
        api.seedBatches(member, panel, 0, 5_000);
        String viewId = api.createView(member, panel);
        List<Load.Call> calls = List.of(
                weighted(get("list panels", s -> "/api/v1/panels?limit=50"), 25),
                weighted(get("view rows", s -> "/api/v1/views/" + s.getString("viewId") + "/rows"), 25),
                weighted(get("rows page", s -> "/api/v1/panels/" + s.getString("panelId") + "/rows?limit=50"), 20),
                weighted(insertPanels(panel), 25),
                weighted(batchPanels(panel), 5));
        int users = settings.users().stream().mapToInt(Integer::intValue).max().orElse(16);
        Load.run(new Load.Plan("jit-warmup-" + users, gateway, users, settings.jitWarmup(), List.of(context(member, panel, viewId)), calls),
                gatlingResults);
        report.fact("JIT warm-up (unmeasured reads and writes through the gateway before the first scenario)",
                String.format("%d s at %d users, %s in all", settings.jitWarmup().toSeconds(), users, seconds(t)));
    }

    private void panelList(String gateway) throws Exception {
        Panels.Member member = Panels.Member.newTenantOwner();
        long t = System.nanoTime();
        parallel(settings.listPanels(), 8, i -> api.createPanel(member, "Panel " + i, false));
        report.fact("panel-list seed", settings.listPanels() + " panels of 3 columns in " + seconds(t));
        Load.Call list = get("list panels", s -> "/api/v1/panels?limit=50");
        String what = "GET /api/v1/panels?limit=50 (50 of " + settings.listPanels() + " panels)";
        List<Map<String, Object>> contexts = List.of(context(member, null, null));
        for (Result result : load("panel-list", "panels", what + " through the gateway", gateway, contexts, List.of(list))) {
            report.add(result.withGoal(">= 2,000 req/s, p95 < 25 ms", result.throughput() >= 2000 && result.p95() < 25));
        }
        // The gateway's share (bench/panels): the same page straight from panel-service.
        load("panel-list" + HOP + "panel-service", "panels", what + " straight to panel-service", services.url("panel-service"), contexts,
                List.of(list)).forEach(report::add);
    }

    /** The 1,000,000-row panel (BENCH_BIG_PANEL_ROWS), seeded by a CSV import: the csv-import scenario's measurement. */
    private void ensureBigPanel() throws Exception {
        if (bigPanel != null) {
            return;
        }
        Panels.Panel panel = api.createPanel(owner, "Big", true);
        api.awaitRows(owner, panel);
        settle("csv-import");
        String before = ProcessSampler.loadAverage();
        ProcessSampler sampler = ProcessSampler.withPlatform(pids);
        Panels.Import done = api.importCsv(owner, panel, settings.bigPanelRows());
        Map<String, ProcessSampler.Usage> usage = sampler.stop();
        bigPanel = panel;
        Result result = new Result("csv-import", "panels", String.format("POST /imports of %,d rows x 10 columns (%,.0f MB), until the job is completed",
                done.rows(), done.bytes() / 1e6), 1, done.seconds(), 1, 0, done.rowsPerSecond(), "rows/s", Double.NaN, Double.NaN, Double.NaN,
                done.seconds() * 1000, Double.NaN, before, ProcessSampler.loadAverage(), usage, null, null,
                String.format("upload %.1f s, end to end %.1f s", done.uploadSeconds(), done.seconds()));
        report.add(result.withGoal(">= 100,000 rows/s", done.rowsPerSecond() >= 100_000));
        indexQueriedColumns("big panel", panel);
    }

    /** Indexes on request of the columns the filtered, sorted scenarios use (after the import, which is measured alone). */
    private void indexQueriedColumns(String name, Panels.Panel panel) {
        double seconds = api.requestIndexes(owner, panel, Panels.QUERIED_COLUMNS);
        report.fact("indexes of " + String.join(", ", Panels.QUERIED_COLUMNS) + " on the " + name + " (POST /indexes, until ready)",
                String.format("%.1f s", seconds));
    }

    /**
     * Issue 9: the first page of the filtered, sorted view of the big panel through each hop, in one run: through the gateway
     * (the target), straight to view-service, and data-service's query alone with the body view-service sends.
     */
    private void viewPage(String gateway) throws Exception {
        ensureBigPanel();
        String viewId = api.createView(owner, bigPanel);
        List<Map<String, Object>> contexts = List.of(context(owner, bigPanel, viewId));
        String page = String.format("first page of 100 (5 columns) of a view filtered num > 500000 and cat = B, sorted by num, on %,d rows",
                settings.bigPanelRows());
        Load.Call rows = get("view rows", s -> "/api/v1/views/" + s.getString("viewId") + "/rows");
        for (Result result : load("view-page", "panels", "GET /api/v1/views/{id}/rows through the gateway: " + page, gateway, contexts,
                List.of(rows))) {
            report.add(result.withGoal("p95 < 100 ms", result.p95() < 100));
        }
        load("view-page" + HOP + "view-service", "panels", "the same GET straight to view-service", services.url("view-service"), contexts,
                List.of(rows)).forEach(report::add);
        Load.Call query = new Load.Call("query", 100, "POST", s -> "/api/v1/panels/" + s.getString("panelId") + "/query",
                s -> Panels.viewQueryBody(options(s)), authHeaders(), List.of(200));
        load("view-page" + HOP + "data-service", "panels", "POST /api/v1/panels/{id}/query straight to data-service, the body view-service"
                + " sends for that page", services.url("data-service"), contexts, List.of(query)).forEach(report::add);
    }

    private void singleWrite(String gateway) throws Exception {
        Panels.Panel panel = api.createPanel(owner, "Writes", true);
        api.awaitRows(owner, panel);
        load("single-write", "panels", "POST /api/v1/panels/{id}/rows, one 10-column row each", gateway, List.of(context(owner, panel, null)),
                List.of(insertPanels(panel))).forEach(report::add);
    }

    private void batchWrite(String gateway) throws Exception {
        Panels.Panel panel = api.createPanel(owner, "Batches", true);
        api.awaitRows(owner, panel);
        load("batch-write", "panels", "POST /rows/batch-create, " + settings.batchSize() + " rows each", gateway,
                List.of(context(owner, panel, null)), List.of(batchPanels(panel))).forEach(r -> report.add(rowsPerSecond(r, settings.batchSize())));
    }

    private void streamLatency(String gateway) throws Exception {
        Panels.Panel panel = api.createPanel(owner, "Stream", true);
        api.awaitRows(owner, panel);
        settle("stream-latency");
        String before = ProcessSampler.loadAverage();
        ProcessSampler sampler = ProcessSampler.withPlatform(pids);
        StreamLatency.Figures figures = new StreamLatency(gateway, owner, panel).run(settings.subscribers(), settings.streamWritesPerSecond(),
                settings.duration(), settings.smoke() ? Duration.ofSeconds(1) : Duration.ofSeconds(3));
        Map<String, ProcessSampler.Usage> usage = sampler.stop();
        Percentiles latency = figures.latency();
        long missing = Math.max(0, figures.expected() - figures.received());
        // Is the load generator the bottleneck? Its writer falling behind schedule, or its JVM near a whole core, says so.
        ProcessSampler.Usage client = usage.get("bench-client");
        boolean clientBusy = figures.scheduleLagMs() > 100 || figures.writesPerSecond() < settings.streamWritesPerSecond() * 0.95
                || client != null && client.cpuAveragePercent() > 80;
        Result result = new Result("stream-latency", "panels", String.format("POST /rows at %d/s -> row.created on %d WebSocket subscribers"
                + " (/api/v1/stream through the gateway)", settings.streamWritesPerSecond(), figures.subscribers()), figures.subscribers(),
                figures.seconds(), figures.writes(), figures.writeErrors() + missing, figures.received() / figures.seconds(), "deliveries/s",
                latency.p50(), latency.p95(), latency.p99(), latency.max(), latency.mean(), before, ProcessSampler.loadAverage(), usage, null, null,
                String.format("a probe row reached a subscriber %.1f s after its write, before the schedule started; "
                        + "%,d writes (%.0f/s issued of %d/s asked, schedule at most %.0f ms late), %,d deliveries expected, %,d received;"
                        + " load generator %.0f %% CPU (average, of one core)%s", figures.settleSeconds(), figures.writes(), figures.writesPerSecond(),
                        settings.streamWritesPerSecond(), figures.scheduleLagMs(), figures.expected(), figures.received(),
                        client == null ? Double.NaN : client.cpuAveragePercent(),
                        clientBusy ? ": **the load generator was busy, the latencies are upper bounds**" : ": not the bottleneck")
                        + (figures.retriedUpgrades() > 0 ? String.format("; %d WebSocket upgrades answered 5xx and were tried again",
                                figures.retriedUpgrades()) : "")
                        + "; write outcomes: " + figures.writeBreakdown());
        report.add(result.withGoal("p99 < 100 ms", latency.p99() < 100));
    }

    private void export() throws Exception {
        ensurePeerPanel();
        settle("export");
        String before = ProcessSampler.loadAverage();
        ProcessSampler sampler = ProcessSampler.withPlatform(pids);
        long start = System.nanoTime();
        String body = "{\"panelId\": \"" + peerPanel.id() + "\", \"format\": \"csv\"}";
        String[] location = new String[1];
        // export-service learns panels from panel.created: a panel made a moment ago may be 404 for a while.
        Panels.retry(Duration.ofSeconds(60), "export-service to know the panel", () -> {
            Http.Reply reply = Http.send("POST", api.gateway + "/api/v1/exports", owner.write(), body);
            if (reply.status() == 202) {
                location[0] = api.gateway + "/api/v1/exports/" + reply.json().path("id").asText();
                return true;
            }
            return false;
        });
        com.fasterxml.jackson.databind.JsonNode job;
        do {
            TimeUnit.MILLISECONDS.sleep(100);
            job = Http.send("GET", location[0], owner.auth(), null).expect(200).json();
        } while (List.of("queued", "running").contains(job.path("status").asText()));
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, ProcessSampler.Usage> usage = sampler.stop();
        boolean completed = job.path("status").asText().equals("completed");
        long rows = job.path("rows").asLong();
        report.add(new Result("export", "panels", String.format("POST /api/v1/exports CSV of a %,d-row panel, until the job is completed",
                settings.peerRows()), 1, seconds, 1, completed ? 0 : 1, rows / seconds, "rows/s", Double.NaN, Double.NaN, Double.NaN, seconds * 1000,
                Double.NaN, before, ProcessSampler.loadAverage(), usage, null, null,
                String.format("%s: %,d rows, %,.1f MB in %.1f s", job.path("status").asText(), rows, job.path("bytes").asLong() / 1e6, seconds)));
    }

    private void mixed(String gateway) throws Exception {
        long t = System.nanoTime();
        List<Map<String, Object>> contexts = parallel(settings.tenants(), 4, i -> {
            Panels.Member member = Panels.Member.newTenantOwner();
            Panels.Panel panel = api.createPanel(member, "Mixed", true);
            api.awaitRows(member, panel);
            api.seedBatches(member, panel, 0, settings.tenantRows());
            String viewId = api.createView(member, panel);
            return context(member, panel, viewId);
        });
        report.fact("mixed seed", String.format("%d tenants with a %,d-row panel and a view each in %s", settings.tenants(), settings.tenantRows(),
                seconds(t)));
        List<Load.Call> calls = List.of(
                weighted(get("list panels", s -> "/api/v1/panels?limit=50"), 30),
                weighted(get("view rows", s -> "/api/v1/views/" + s.getString("viewId") + "/rows"), 30),
                weighted(get("rows page", s -> "/api/v1/panels/" + s.getString("panelId") + "/rows?limit=50"), 30),
                weighted(new Load.Call("insert row", 10, "POST", s -> "/api/v1/panels/" + s.getString("panelId") + "/rows",
                        s -> "{\"values\": " + Json.write(Dataset.panelsValues(Dataset.row(rowNumbers.incrementAndGet()), options(s))) + "}",
                        writeHeaders(), List.of(201)), 10));
        load("mixed", "panels", String.format("90 %% reads (panel list, view page, rows page) / 10 %% single-row inserts over %d tenants",
                settings.tenants()), gateway, contexts, calls).forEach(report::add);
    }

    private void peer(String gateway) throws Exception {
        ensurePeerPanel();
        Map<String, Object> panels = context(owner, peerPanel, null);
        String where = "(num,gt,500000)~and(cat,eq,B)";
        String filter = Panels.filterSortQuery(peerPanel.optionIds());
        String filterOnly = filter.substring(0, filter.indexOf(", \"sorts\"")) + "}";
        String table = nocodb == null ? null : "/api/v2/tables/" + nocodb.tableId + "/records";
        Map<String, Function<Session, String>> noco = nocodb == null ? Map.of() : Map.of("xc-token", s -> nocodb.apiToken);
        record Pair(String scenario, String what, Load.Call panels, Load.Call noco, int rowsPerRequest) {
        }
        List<Pair> pairs = List.of(
                new Pair("peer-list-page", "first page of 100 rows", get("list page", s -> "/api/v1/panels/" + s.getString("panelId") + "/rows?limit=100"),
                        new Load.Call("list page", 100, "GET", s -> table + "?limit=100", null, noco, List.of(200)), 1),
                new Pair("peer-filter-sort-page", "first page of 100 rows, num > 500000 and cat = B, sorted by num",
                        new Load.Call("filter sort page", 100, "POST", s -> "/api/v1/panels/" + s.getString("panelId") + "/query", s -> "{\"query\": "
                                + filter + ", \"limit\": 100}", authHeaders(), List.of(200)),
                        new Load.Call("filter sort page", 100, "GET", s -> table + "?limit=100&where=" + where + "&sort=num", null, noco, List.of(200)), 1),
                new Pair("peer-count", "exact count of num > 500000 and cat = B",
                        new Load.Call("count", 100, "POST", s -> "/api/v1/panels/" + s.getString("panelId") + "/query", s -> "{\"query\": "
                                + filterOnly + ", \"limit\": 1, \"count\": \"exact\"}", authHeaders(), List.of(200)),
                        new Load.Call("count", 100, "GET", s -> table + "/count?where=" + where, null, noco, List.of(200)), 1),
                new Pair("peer-single-insert", "insert one 10-column row", insertPanels(peerPanel),
                        new Load.Call("insert row", 100, "POST", s -> table, s -> Json.write(Dataset.nocoRecord(Dataset.row(rowNumbers.incrementAndGet()))),
                                noco, List.of(200)), 1),
                new Pair("peer-bulk-insert", "insert " + settings.batchSize() + " rows in one request", batchPanels(peerPanel),
                        new Load.Call("insert rows", 100, "POST", s -> table, s -> Dataset.nocoBatch(rowNumbers.getAndAdd(settings.batchSize()),
                                settings.batchSize()), noco, List.of(200)), settings.batchSize()));
        for (Pair pair : pairs) {
            System.out.printf("%n--- %s (load average %s)%n", pair.scenario(), ProcessSampler.loadAverage());
            load(pair.scenario(), "panels", pair.what(), gateway, List.of(panels), List.of(pair.panels()))
                    .forEach(r -> report.add(rowsPerSecond(r, pair.rowsPerRequest())));
            if (nocodb != null) {
                load(pair.scenario(), "nocodb", pair.what(), NocoDb.URL, List.of(Map.of()), List.of(pair.noco()))
                        .forEach(r -> report.add(rowsPerSecond(r, pair.rowsPerRequest())));
            }
        }
    }

    // ---------------------------------------------------------------- data

    private void startPeer() throws Exception {
        long t = System.nanoTime();
        nocodb = new NocoDb();
        nocodb.start();
        pids.put("nocodb", nocodb.pid);
        report.fact("nocodb started (installed if needed) in", seconds(t));
    }

    /** The panel both targets share: BENCH_PEER_ROWS rows, in Panels by a CSV import, in NocoDB by bulk inserts of 1,000. */
    private void ensurePeerPanel() throws Exception {
        if (peerPanel != null) {
            return;
        }
        Panels.Panel panel = api.createPanel(owner, "Peer", true);
        api.awaitRows(owner, panel);
        Panels.Import done = api.importCsv(owner, panel, settings.peerRows());
        report.fact("peer panel seed (Panels, CSV import)", String.format("%,d rows in %.1f s: %,.0f rows/s", done.rows(), done.seconds(),
                done.rowsPerSecond()));
        indexQueriedColumns("peer panel", panel);
        peerPanel = panel;
        if (nocodb != null) {
            long t = System.nanoTime();
            nocodb.seed(0, settings.peerRows());
            double s = (System.nanoTime() - t) / 1e9;
            report.fact("peer table seed (NocoDB, 1,000-row bulk inserts)", String.format("%,d rows in %.1f s: %,.0f rows/s", settings.peerRows(), s,
                    settings.peerRows() / s));
        }
    }

    // ---------------------------------------------------------------- loads

    /** Runs a Gatling load at each count of users (after a warm-up run in a full run) with the processes sampled. */
    private List<Result> load(String scenario, String target, String what, String baseUrl, List<Map<String, Object>> contexts,
            List<Load.Call> calls) {
        List<Result> results = new ArrayList<>();
        for (int users : settings.users()) {
            String name = (scenario + "-" + target + "-" + users).replace(HOP, "-");
            if (!settings.smoke() && !settings.warmup().isZero()) {
                settle(name + "-warmup");
                warmUpUntilSteady(name, baseUrl, users, contexts, calls);
            }
            settle(name);
            String before = ProcessSampler.loadAverage();
            ProcessSampler sampler = ProcessSampler.withPlatform(pids);
            Load.Measured m = Load.run(new Load.Plan(name, baseUrl, users, settings.duration(), contexts, calls), gatlingResults);
            Map<String, ProcessSampler.Usage> usage = sampler.stop();
            results.add(new Result(scenario, target, what, users, settings.duration().toSeconds(), m.requests(), m.ko(), m.okPerSecond(), "req/s",
                    m.p50(), m.p95(), m.p99(), m.max(), m.mean(), before, ProcessSampler.loadAverage(), usage, null, null, null));
        }
        return results;
    }

    /**
     * Runs the load unmeasured in rounds of BENCH_WARMUP_SECONDS until two rounds in a row agree on throughput within 10 %, or
     * until BENCH_WARMUP_LIMIT_SECONDS. A fixed 5 s warm-up was not enough: the JIT compilers of the gateway and panel-service
     * were still at work on the panel list's path, which ran at 643 req/s in its first 20 s and at 1,445 req/s in the next.
     */
    private void warmUpUntilSteady(String name, String baseUrl, int users, List<Map<String, Object>> contexts, List<Load.Call> calls) {
        List<String> rounds = new ArrayList<>();
        long limit = System.nanoTime() + settings.warmupLimit().toNanos();
        double previous = Double.NaN;
        boolean steady = false;
        while (!steady && System.nanoTime() < limit) {
            Load.Measured round = Load.run(new Load.Plan(name + "-warmup", baseUrl, users, settings.warmup(), contexts, calls), gatlingResults);
            rounds.add(String.format("%,.0f", round.okPerSecond()));
            steady = previous > 0 && Math.abs(round.okPerSecond() - previous) <= previous * 0.10;
            previous = round.okPerSecond();
        }
        String outcome = String.format("%s after %d round(s) of %d s, req/s: %s", steady ? "steady" : "not steady by the limit", rounds.size(),
                settings.warmup().toSeconds(), String.join(", ", rounds));
        System.out.printf("warm-up of %s: %s%n", name, outcome);
        report.fact("warm-up of " + name, outcome);
    }

    /**
     * Waits until the machine is quiet (at most BENCH_QUIET_LIMIT_SECONDS; never in a smoke run) so that {@code what} is not
     * measured together with the work earlier steps left behind, and records how the wait ended in the report.
     */
    private void settle(String what) {
        if (settings.quietLimit().isZero()) {
            return;
        }
        try {
            MachineQuiet.Settled settled = new MachineQuiet(settings.quietPercent(), 3, settings.quietLimit()).await();
            System.out.printf("before %s: %s%n", what, settled.describe());
            report.fact("before " + what, settled.describe());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a quiet machine", e);
        }
    }

    private static Result rowsPerSecond(Result result, int rowsPerRequest) {
        if (rowsPerRequest == 1) {
            return result;
        }
        return new Result(result.scenario(), result.target(), result.what(), result.users(), result.seconds(), result.requests(), result.errors(),
                result.throughput() * rowsPerRequest, "rows/s", result.p50(), result.p95(), result.p99(), result.max(), result.mean(),
                result.loadBefore(), result.loadAfter(), result.usage(), result.goal(), result.goalMet(),
                String.format("%,.1f requests/s of %d rows", result.throughput(), rowsPerRequest));
    }

    private static Map<String, Object> context(Panels.Member member, Panels.Panel panel, String viewId) {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("member", member);
        if (panel != null) {
            context.put("panelId", panel.id());
            context.put("options", panel.optionIds());
        }
        if (viewId != null) {
            context.put("viewId", viewId);
        }
        return context;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> options(Session session) {
        return (Map<String, String>) session.get("options");
    }

    private static String token(Session session) {
        return ((Panels.Member) session.get("member")).token();
    }

    private static Map<String, Function<Session, String>> authHeaders() {
        return Map.of("Authorization", s -> "Bearer " + token(s));
    }

    private static Map<String, Function<Session, String>> writeHeaders() {
        return Map.of("Authorization", s -> "Bearer " + token(s), "Idempotency-Key", s -> UUID.randomUUID().toString());
    }

    private static Load.Call get(String name, Function<Session, String> path) {
        return new Load.Call(name, 100, "GET", path, null, authHeaders(), List.of(200));
    }

    private static Load.Call weighted(Load.Call call, double percent) {
        return new Load.Call(call.name(), percent, call.method(), call.path(), call.body(), call.headers(), call.statuses());
    }

    private Load.Call insertPanels(Panels.Panel panel) {
        return new Load.Call("insert row", 100, "POST", s -> "/api/v1/panels/" + panel.id() + "/rows",
                s -> "{\"values\": " + Json.write(Dataset.panelsValues(Dataset.row(rowNumbers.incrementAndGet()), panel.optionIds())) + "}",
                writeHeaders(), List.of(201));
    }

    private Load.Call batchPanels(Panels.Panel panel) {
        return new Load.Call("insert rows", 100, "POST", s -> "/api/v1/panels/" + panel.id() + "/rows/batch-create",
                s -> Dataset.panelsBatch(rowNumbers.getAndAdd(settings.batchSize()), settings.batchSize(), panel.optionIds()),
                writeHeaders(), List.of(201));
    }

    // ---------------------------------------------------------------- helpers

    interface Task<T> {
        T run(int index) throws Exception;
    }

    private static <T> List<T> parallel(int count, int threads, Task<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(pool.submit(() -> task.run(index)));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static String seconds(long startNanos) {
        return String.format("%.1f s", (System.nanoTime() - startNanos) / 1e9);
    }
}
