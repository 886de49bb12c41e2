package io.panels.e2e;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Server-side request forgery through data sources (ADR 0027, docs/data-sources.md): a tenant must
 * not be able to make data-service read from our own network, whatever kind of source it sets up.
 *
 * <p><b>Production rules</b>, through the suite's gateway and data-service (https only, no
 * allow-list): every literal address form of loopback, 169.254.169.254, the private and special
 * ranges, IPv6 loopback / link-local / ULA and IPv4-mapped IPv6, credentials in the URL, plain http
 * and other schemes, as an HTTP JSON or CSV URL and as a PostgreSQL / MariaDB host, is a 400
 * problem+json on {@code config.url} / {@code config.host} at creation, at change and at preview,
 * and nothing is registered; names are not resolved when saved, and one resolving to loopback (or
 * to nothing) is refused at preview with a 422 {@code source-failed} that says why. The local source
 * the sandbox reaches ({@code http://127.0.0.2}) is refused here too: only an explicit allow-list
 * entry lets it through.
 *
 * <p><b>Against {@link SyncSandbox}</b> (allows 127.0.0.2 only, DNS from a hosts file), through its
 * gateway: names resolving to loopback, metadata, private, CGNAT, IPv6 loopback / ULA / link-local,
 * IPv4-mapped addresses, to an allowed and a loopback address at once, or to nothing, for every
 * kind; a public-looking source answering 302 to loopback, metadata, private, IPv6 and mapped
 * addresses, to a name resolving to loopback, or through a second hop; and DNS rebinding (an HTTP
 * and a PostgreSQL source whose names passed and synced, then answer 127.0.0.1): each preview is a
 * 422 problem+json saying the address is refused, each run ends {@code failed} with the reason.
 * The servers on 127.0.0.1 the attacks aim at never get a connection, while the controls (the same
 * kinds at the allowed address, a real PostgreSQL through a relay) sync their rows.
 */
@ExtendWith(Suite.class)
class DataSourceSsrfTest {

    /** Literal targets of HTTP sources: refused when saved, whatever the allow-list of a deployment says (except the last). */
    private static final List<String> REFUSED_URLS = List.of(
            "https://127.0.0.1/orders", "https://127.0.0.2:8443/orders", "https://127.1/orders", "https://2130706433/orders",
            "https://169.254.169.254/latest/meta-data/", "https://[::ffff:169.254.169.254]/latest/meta-data/",
            "https://10.0.0.1/orders", "https://172.16.0.1/orders", "https://172.31.255.254/orders", "https://192.168.1.1/orders",
            "https://100.64.0.1/orders", "https://0.0.0.0/orders", "https://224.0.0.1/orders",
            "https://[::1]/orders", "https://[::]/orders", "https://[::ffff:127.0.0.1]/orders", "https://[::ffff:7f00:1]/orders",
            "https://[::ffff:10.0.0.1]/orders", "https://[fe80::1]/orders", "https://[fd00::1]/orders", "https://[fc00::1]/orders",
            "https://user:secret@93.184.215.14/orders", "https://93.184.215.14@127.0.0.1/orders",
            "http://93.184.215.14/orders", "file:///etc/passwd", "gopher://127.0.0.1:6379/_PING", "ftp://93.184.215.14/orders",
            "jar:http://93.184.215.14/x.jar!/", "http://" + SyncSandbox.ALLOWED + ":8080/orders");
    /** Names: not resolved when saved; refused when resolved (production DNS: /etc/hosts). */
    private static final List<String> REFUSED_NAMES = List.of(
            "https://localhost/orders", "https://LOCALHOST./orders", "https://0x7f000001/orders",
            "https://metadata.google.internal/computeMetadata/v1/", "https://unknown.panels-e2e.test/orders");
    /** Literal database hosts. */
    private static final List<String> REFUSED_HOSTS = List.of(
            "127.0.0.1", "127.0.0.2", "169.254.169.254", "10.0.0.1", "172.16.0.1", "172.31.255.254", "192.168.1.1",
            "100.64.0.1", "0.0.0.0", "::1", "[::1]", "::", "::ffff:127.0.0.1", "::ffff:169.254.169.254", "::ffff:10.0.0.1",
            "fe80::1", "fd00::1", "fc00::1");

    private final List<String> checks = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private int requests;

    @Test
    void dataSourcesNeverReachLoopbackPrivateOrMetadataAddresses() throws Exception {
        productionRulesThroughTheGateway();
        namesRedirectsAndRebindingAgainstAnAllowingService();
        System.out.println("\nData-source SSRF: " + checks.size() + " checks (" + requests + " requests), " + failures.size()
                + " failed\n" + String.join("\n", checks));
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    // ---- the production rules ----------------------------------------------------------------

    private void productionRulesThroughTheGateway() {
        URI gateway = Suite.gateway("auth-service", "panel-service", "data-service");
        StaffedTenant tenant = StaffedTenant.create(gateway);
        String owner = tenant.token("owner");
        String panelId = panel(gateway, owner);
        String sources = "/api/v1/panels/" + panelId + "/sources";
        String httpId = created(call(gateway, owner).body(http("http_json", "https://93.184.215.14/orders")).post(sources));
        String dbId = created(call(gateway, owner).body(database("postgresql", "db.example.com", 5432, "u", "p")).post(sources));
        int registered = 2;

        for (String url : REFUSED_URLS) {
            for (String kind : List.of("http_json", "csv_url")) {
                refused("create " + kind + " " + url, "config.url", call(gateway, owner).body(http(kind, url)).post(sources));
            }
            refused("preview " + url, "config.url", call(gateway, owner).body(http("http_json", url)).post(sources + "/preview"));
            refused("change to " + url, "config.url", call(gateway, owner)
                    .body(Map.of("config", Map.of("url", url, "recordsPath", "$.data[*]"))).patch(sources + "/" + httpId));
        }
        for (String host : REFUSED_HOSTS) {
            for (String kind : List.of("postgresql", "mariadb")) {
                refused("create " + kind + " host " + host, "config.host",
                        call(gateway, owner).body(database(kind, host, 5432, "u", "p")).post(sources));
            }
            refused("preview host " + host, "config.host",
                    call(gateway, owner).body(database("postgresql", host, 5432, "u", "p")).post(sources + "/preview"));
            refused("change host to " + host, "config.host", call(gateway, owner).body(Map.of("config", Map.of("host", host,
                    "port", 5432, "database", "postgres", "username", "u", "query", "SELECT 1 AS qty"))).patch(sources + "/" + dbId));
        }
        // Names pass when saved (no DNS on the request path) and are refused where they are resolved.
        List<String> names = new ArrayList<>(REFUSED_NAMES);
        names.add("https://" + hostName() + "/orders");
        for (String url : names) {
            Response create = call(gateway, owner).body(http("http_json", url)).post(sources);
            if (isRefusal(create, "config.url")) {
                check("refused (400 on config.url): create " + url, true);
                continue;
            }
            String id = created(create);
            registered++;
            refusedAtPreview("preview of a saved source at " + url, call(gateway, owner).post(sources + "/" + id + "/preview"));
            refusedAtPreview("preview of " + url, call(gateway, owner).body(http("http_json", url)).post(sources + "/preview"));
        }
        String localId = created(call(gateway, owner).body(database("postgresql", "localhost", 5432, "u", "p")).post(sources));
        registered++;
        refusedAtPreview("preview of a saved postgresql source at localhost", call(gateway, owner).post(sources + "/" + localId + "/preview"));

        Response list = call(gateway, owner).get(sources + "?limit=1000");
        requests++;
        check("only the sources with names or public addresses are registered (" + registered + ")",
                list.statusCode() == 200 && list.jsonPath().getList("sources").size() == registered, list.asString());
        Response http = call(gateway, owner).get(sources + "/" + httpId);
        Response db = call(gateway, owner).get(sources + "/" + dbId);
        requests += 2;
        check("the refused changes left the sources as they were",
                "https://93.184.215.14/orders".equals(http.path("config.url")) && "db.example.com".equals(db.path("config.host"))
                        && Integer.valueOf(1).equals(http.path("version")) && Integer.valueOf(1).equals(db.path("version")),
                http.asString() + " " + db.asString());
    }

    // ---- names, redirects and rebinding, against a service that allows 127.0.0.2 ---------------

    private void namesRedirectsAndRebindingAgainstAnAllowingService() throws Exception {
        URI api = SyncSandbox.gateway();
        SyncSandbox.writeHosts(SyncSandbox.ALLOWED);
        AtomicInteger legitimate = new AtomicInteger();
        HttpServer source = null;
        try (SyncSandbox.Tripwire internal = new SyncSandbox.Tripwire("127.0.0.1", 0);
             SyncSandbox.Tripwire internalDb = new SyncSandbox.Tripwire("127.0.0.1", 0);
             SyncSandbox.Relay relay = new SyncSandbox.Relay(SyncSandbox.ALLOWED, internalDb.port(), "127.0.0.1", 5432);
             SyncSandbox.PgRole role = SyncSandbox.PgRole.create()) {
            // The legitimate source on the allowed address, same port as the internal server on 127.0.0.1.
            int port = internal.port();
            int dbPort = internalDb.port();
            source = HttpServer.create(new InetSocketAddress(SyncSandbox.ALLOWED, port), 0);
            source.createContext("/orders", exchange -> answer(exchange, legitimate, "application/json",
                    "{\"data\": [{\"name\": \"a\", \"qty\": 1}, {\"name\": \"b\", \"qty\": 2}]}"));
            source.createContext("/orders.csv", exchange -> answer(exchange, legitimate, "text/csv", "name,qty\na,1\nb,2\n"));
            Map<String, String> redirects = new LinkedHashMap<>();
            redirects.put("loopback", "http://127.0.0.1:" + port + "/internal");
            redirects.put("metadata", "http://169.254.169.254/latest/meta-data/");
            redirects.put("private", "http://10.1.2.3/internal");
            redirects.put("v6-loopback", "http://[::1]:" + port + "/internal");
            redirects.put("mapped", "http://[::ffff:127.0.0.1]:" + port + "/internal");
            redirects.put("name", "http://loopback.panels-e2e.test:" + port + "/internal");
            redirects.put("second-hop", "http://public.panels-e2e.test:" + port + "/redirect/loopback");
            source.createContext("/redirect/", exchange -> {
                String to = redirects.get(exchange.getRequestURI().getPath().substring("/redirect/".length()));
                exchange.getRequestBody().readAllBytes();
                exchange.getResponseHeaders().add("Location", to);
                exchange.sendResponseHeaders(302, -1);
                exchange.close();
            });
            source.start();

            StaffedTenant tenant = StaffedTenant.create(api);
            String owner = tenant.token("owner");
            String panelId = panel(api, owner);
            String sources = "/api/v1/panels/" + panelId + "/sources";

            // The controls, and the names that will rebind, sync from the allowed address.
            String jsonUrl = "http://public.panels-e2e.test:" + port + "/orders";
            Map<String, String> controls = new LinkedHashMap<>();
            controls.put("http_json at the allowed address", created(call(api, owner).body(http("http_json", jsonUrl)).post(sources)));
            controls.put("csv_url at the allowed address", created(call(api, owner)
                    .body(http("csv_url", "http://public.panels-e2e.test:" + port + "/orders.csv")).post(sources)));
            controls.put("postgresql at the allowed address (relayed to the real server)", created(call(api, owner)
                    .body(database("postgresql", "db.panels-e2e.test", dbPort, role.name(), role.password())).post(sources)));
            String rebind = created(call(api, owner).body(http("http_json", "http://rebind.panels-e2e.test:" + port + "/orders")).post(sources));
            String dbRebind = created(call(api, owner)
                    .body(database("postgresql", "dbrebind.panels-e2e.test", dbPort, role.name(), role.password())).post(sources));
            controls.put("http_json at a name that will rebind", rebind);
            controls.put("postgresql at a name that will rebind", dbRebind);
            Map<String, String> controlRuns = new LinkedHashMap<>();
            controls.forEach((name, id) -> controlRuns.put(name, run(api, owner, sources, id)));
            controlRuns.forEach((name, runPath) -> {
                Response run = finished(api, owner, runPath);
                check("a control syncs: " + name, "completed".equals(run.path("status"))
                        && ((Number) run.path("rowsInserted")).intValue() >= 1, run.asString());
            });

            // DNS rebinding: the names that passed (and synced) now answer 127.0.0.1.
            SyncSandbox.writeHosts("127.0.0.1");
            Map<String, String> attacks = new LinkedHashMap<>();
            attacks.put("http_json rebound to 127.0.0.1", rebind);
            attacks.put("postgresql rebound to 127.0.0.1", dbRebind);

            List<String> names = List.of("loopback", "metadata", "private", "private172", "private192", "cgnat", "v6loopback",
                    "ula", "linklocal", "mapped", "mixed", "unknown");
            for (String name : names) {
                for (String kind : List.of("http_json", "csv_url")) {
                    String url = "http://" + name + ".panels-e2e.test:" + port + (kind.equals("csv_url") ? "/orders.csv" : "/orders");
                    attack(api, owner, sources, kind + " at " + url, http(kind, url), "config.url", attacks);
                }
            }
            for (String url : List.of("http://localhost:" + port + "/orders", "http://" + hostName() + ":" + port + "/orders")) {
                attack(api, owner, sources, "http_json at " + url, http("http_json", url), "config.url", attacks);
            }
            for (String name : List.of("loopback", "localhost", "metadata", "private", "v6loopback", "mapped", "mixed", "unknown")) {
                String host = name.equals("localhost") ? name : name + ".panels-e2e.test";
                for (String kind : List.of("postgresql", "mariadb")) {
                    attack(api, owner, sources, kind + " at host " + host,
                            database(kind, host, dbPort, role.name(), role.password()), "config.host", attacks);
                }
            }
            for (String name : redirects.keySet()) {
                String url = "http://public.panels-e2e.test:" + port + "/redirect/" + name;
                attack(api, owner, sources, "http_json redirected (" + name + ")", http("http_json", url), "config.url", attacks);
            }
            for (String name : List.of("loopback", "metadata")) {
                String url = "http://public.panels-e2e.test:" + port + "/redirect/" + name;
                attack(api, owner, sources, "csv_url redirected (" + name + ")", http("csv_url", url), "config.url", attacks);
            }
            // Literals stay refused when saved, also where a deployment allows a neighbouring address.
            for (String url : List.of("http://127.0.0.1:" + port + "/orders", "http://[::1]:" + port + "/orders",
                    "http://[::ffff:127.0.0.1]:" + port + "/orders", "http://169.254.169.254/latest/meta-data/")) {
                refused("create at " + url + " with 127.0.0.2 allowed", "config.url", call(api, owner).body(http("http_json", url)).post(sources));
            }
            for (String host : List.of("127.0.0.1", "::1", "169.254.169.254", "10.0.0.1")) {
                refused("create postgresql at " + host + " with 127.0.0.2 allowed", "config.host",
                        call(api, owner).body(database("postgresql", host, dbPort, role.name(), role.password())).post(sources));
            }
            // A legitimate source changed to an attacking name: accepted (names are not resolved on save), refused at the run.
            String changed = created(call(api, owner).body(http("http_json", jsonUrl)).post(sources));
            Response patch = call(api, owner).body(Map.of("config", Map.of("url", "http://loopback.panels-e2e.test:" + port + "/orders",
                    "recordsPath", "$.data[*]"))).patch(sources + "/" + changed);
            requests++;
            check("a change to a name is saved (resolved only when used)", patch.statusCode() == 200, patch.asString());
            attacks.put("http_json changed to a name resolving to 127.0.0.1", changed);

            // Preview the saved attacks, then run them all.
            Map<String, String> runs = new LinkedHashMap<>();
            attacks.forEach((what, id) -> {
                refusedAtPreview("preview of " + what, call(api, owner).post(sources + "/" + id + "/preview"));
                runs.put(what, run(api, owner, sources, id));
            });
            runs.forEach((what, runPath) -> {
                Response run = finished(api, owner, runPath);
                String failure = run.path("failure");
                boolean refusedRun = "failed".equals(run.path("status")) && failure != null
                        && (failure.contains("refused") || failure.contains("does not resolve"))
                        && ((Number) run.path("rowsInserted")).intValue() == 0;
                if (what.contains("rebound")) {
                    refusedRun &= failure != null && failure.contains("127.0.0.1");
                }
                check("the run fails with the reason: " + what + (failure == null ? "" : " (" + failure + ")"), refusedRun, run.asString());
            });
            check("the internal HTTP server on 127.0.0.1 never got a connection", internal.connections() == 0,
                    internal.connections() + " connections");
            check("the internal database port on 127.0.0.1 never got a connection", internalDb.connections() == 0,
                    internalDb.connections() + " connections");
            check("the allowed source was read (the controls reach a real server)", legitimate.get() >= 3, legitimate.get() + " requests");
            check("the allowed database was reached through the relay", relay.connections() >= 2, relay.connections() + " connections");
        } finally {
            if (source != null) {
                source.stop(0);
            }
            SyncSandbox.writeHosts(SyncSandbox.ALLOWED);
        }
    }

    /** Saves an attacking source (or sees it refused when saved) and records it for preview and run. */
    private void attack(URI api, String owner, String sources, String what, String body, String field, Map<String, String> attacks) {
        Response create = call(api, owner).body(body).post(sources);
        requests++;
        if (isRefusal(create, field)) {
            check("refused (400 on " + field + "): create " + what, true);
        } else if (create.statusCode() == 201) {
            attacks.put(what, create.path("id"));
        } else {
            check("create " + what + " is refused or saved", false, create.statusCode() + " " + create.asString());
        }
    }

    // ---- helpers -----------------------------------------------------------------------------

    private static String panel(URI api, String owner) {
        String panelId = call(api, owner).body(Map.of("name", "SSRF", "columns", List.of(
                        Map.of("name", "Name", "type", "text"), Map.of("name", "Qty", "type", "number"))))
                .post("/api/v1/panels").then().statusCode(201).extract().path("id");
        Awaitility.await("the panel's table").atMost(Duration.ofSeconds(90))
                .until(() -> call(api, owner).get("/api/v1/panels/" + panelId + "/rows").statusCode() == 200);
        return panelId;
    }

    static String http(String kind, String url) {
        boolean json = kind.equals("http_json");
        Map<String, Object> config = json ? Map.of("url", url, "recordsPath", "$.data[*]") : Map.of("url", url);
        return toJson(Map.of("name", "Source " + UUID.randomUUID(), "kind", kind, "config", config,
                "mapping", List.of(Map.of("source", json ? "$.name" : "name", "column", "name"),
                        Map.of("source", json ? "$.qty" : "qty", "column", "qty")),
                "mode", "append"));
    }

    static String database(String kind, String host, int port, String username, String password) {
        return toJson(Map.of("name", "Source " + UUID.randomUUID(), "kind", kind,
                "config", Map.of("host", host, "port", port, "database", "postgres", "username", username,
                        "query", "SELECT 'db' AS name, 1 AS qty"),
                "credentials", Map.of("password", password),
                "mapping", List.of(Map.of("source", "name", "column", "name"), Map.of("source", "qty", "column", "qty")),
                "mode", "append"));
    }

    private static String toJson(Object value) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private String created(Response response) {
        requests++;
        if (response.statusCode() != 201) {
            throw new IllegalStateException("expected 201, got " + response.statusCode() + ": " + response.asString());
        }
        return response.path("id");
    }

    /** Queues a run; its path. */
    private String run(URI api, String owner, String sources, String sourceId) {
        Response queued = call(api, owner).post(sources + "/" + sourceId + "/runs");
        requests++;
        if (queued.statusCode() != 202) {
            throw new IllegalStateException("run of " + sourceId + ": " + queued.statusCode() + " " + queued.asString());
        }
        return sources + "/" + sourceId + "/runs/" + queued.path("id");
    }

    private Response finished(URI api, String owner, String runPath) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        Response run = call(api, owner).get(runPath);
        requests++;
        while (Instant.now().isBefore(deadline) && List.of("queued", "running").contains(run.<String>path("status"))) {
            PrivatePlatform.pause(Duration.ofMillis(500));
            run = call(api, owner).get(runPath);
        }
        return run;
    }

    private static boolean isRefusal(Response response, String field) {
        String type = response.getContentType();
        if (response.statusCode() != 400 || type == null || !type.startsWith("application/problem+json")) {
            return false;
        }
        List<Object> fields = response.jsonPath().getList("errors.field");
        return fields != null && fields.contains(field);
    }

    private void refused(String what, String field, Response response) {
        requests++;
        check("refused (400 on " + field + "): " + what, isRefusal(response, field), response.statusCode() + " " + response.asString());
    }

    /** A preview that resolved the name (or followed the redirect) and refused it: 422 source-failed saying why. */
    private void refusedAtPreview(String what, Response response) {
        requests++;
        String type = response.getContentType();
        String detail = response.statusCode() >= 400 ? response.path("detail") : null;
        boolean refused = response.statusCode() == 422 && type != null && type.startsWith("application/problem+json")
                && detail != null && (detail.contains("refused") || detail.contains("does not resolve"));
        check("refused at preview (422 source-failed): " + what + (detail == null ? "" : " (" + detail + ")"), refused,
                response.statusCode() + " " + response.asString());
    }

    private void check(String what, boolean passed) {
        check(what, passed, null);
    }

    private void check(String what, boolean passed, String detail) {
        checks.add((passed ? "ok     " : "FAILED ") + what);
        if (!passed) {
            failures.add(what + (detail == null ? "" : ": " + detail));
        }
    }

    private static void answer(HttpExchange exchange, AtomicInteger hits, String type, String body) throws IOException {
        hits.incrementAndGet();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getRequestBody().readAllBytes();
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static RequestSpecification call(URI api, String token) {
        return given().baseUri(api.toString()).auth().oauth2(token).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString());
    }
}
