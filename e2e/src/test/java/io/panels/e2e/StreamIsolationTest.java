package io.panels.e2e;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Tenant isolation of the live stream (docs/stream.md), through the gateway and directly at
 * notification-service: no token, forged / {@code alg: none} / other-realm / expired tokens (on the
 * upgrade and in the first message), another tenant's member subscribing to this tenant's panel and
 * view, a token of another tenant sent on an open connection, and a resume after this tenant's event
 * id. Each is refused as the protocol says, and nothing of this tenant reaches anyone else while it
 * writes rows: the other tenant's connection sees its own rows (it works) and none of these.
 */
@ExtendWith(Suite.class)
class StreamIsolationTest {

    private static final Duration REPLY = Duration.ofSeconds(15);

    private final List<String> checks = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();

    @Test
    void noOneButTheTenantsMembersSeesItsStream() {
        URI gateway = Suite.gateway("auth-service", "panel-service", "data-service", "view-service", "notification-service");
        URI direct = Suite.url("notification-service");
        StaffedTenant tenant = StaffedTenant.create(gateway);
        StaffedTenant other = StaffedTenant.create(gateway);
        String panelId = panel(gateway, tenant.token("owner"), "Secret plans");
        String otherPanelId = panel(gateway, other.token("owner"), "Other plans");
        String viewId = awaitDefaultView(gateway, tenant.token("owner"), panelId);
        Map<String, String> forged = ForgedTokens.of(tenant.token("viewer"), tenant.username("viewer"), StaffedTenant.PASSWORD,
                tenant.slug());

        // The tenant's own viewer: the control, it must see the tenant's rows.
        try (StreamClient member = subscribed(gateway, tenant.token("viewer"), panelId);
             StreamClient intruder = subscribed(gateway, other.token("owner"), otherPanelId)) {
            check("the tenant's viewer subscribes to its panel", member != null);
            check("the other tenant's owner subscribes to its own panel", intruder != null);

            // The other tenant's member asks for this tenant's panel, view, and a made-up one: not-found alike.
            for (String subscription : List.of("\"panelId\":\"" + panelId + "\"", "\"viewId\":\"" + viewId + "\"",
                    "\"panelId\":\"" + UUID.randomUUID() + "\"")) {
                int before = intruder.messages().size();
                intruder.send("{\"type\":\"subscribe\"," + subscription + "}");
                String reply = intruder.await(m -> intruder.messages().indexOf(m) >= before
                        && (m.contains("\"error\"") || m.contains("\"subscribed\"")), REPLY);
                check("another tenant's subscribe " + subscription + " is not-found",
                        reply != null && reply.contains("\"not-found\""), reply);
            }
            // ...and a presence request for it (who watches another tenant's panel is not theirs to know).
            intruder.send("{\"type\":\"presence\",\"panelId\":\"" + panelId + "\"}");

            // Connections that must not work: no token, forged ones, through the gateway and directly.
            List<StreamClient> refused = new ArrayList<>();
            try {
                for (URI base : List.of(gateway, direct)) {
                    String via = base.equals(gateway) ? "gateway" : "direct";
                    StreamClient anonymous = StreamClient.open(base, null);
                    refused.add(anonymous);
                    anonymous.send("{\"type\":\"subscribe\",\"panelId\":\"" + panelId + "\"}");
                    String reply = anonymous.await(m -> m.contains("\"error\""), REPLY);
                    check(via + ": no token, subscribe answers unauthorized", reply != null && reply.contains("\"unauthorized\""), reply);
                    for (Map.Entry<String, String> token : forged.entrySet()) {
                        StreamClient onUpgrade = StreamClient.open(base, token.getValue());
                        refused.add(onUpgrade);
                        int code = onUpgrade.refusedWith() != 0 ? onUpgrade.refusedWith() : onUpgrade.closeCode(REPLY);
                        check(via + ": " + token.getKey() + " token on the upgrade is refused (401 or 4401)",
                                code == 401 || code == 4401, "got " + code);
                        StreamClient inMessage = StreamClient.open(base, null);
                        refused.add(inMessage);
                        inMessage.send("{\"type\":\"auth\",\"token\":\"" + token.getValue() + "\"}");
                        inMessage.send("{\"type\":\"subscribe\",\"panelId\":\"" + panelId + "\"}");
                        check(via + ": " + token.getKey() + " token in the first message closes with 4401",
                                inMessage.closeCode(REPLY) == 4401, inMessage.messages().toString());
                    }
                }
                // A member's connection that switches to another tenant's token is closed.
                StreamClient switching = subscribed(gateway, tenant.token("viewer"), panelId);
                int beforeSwitch = switching.messages().size();
                switching.send("{\"type\":\"auth\",\"token\":\"" + other.token("owner") + "\"}");
                check("a token of another tenant on an open connection closes it with 4401",
                        switching.closeCode(REPLY) == 4401, switching.messages().toString());

                // The tenant writes; its viewer sees it, no one else does.
                String marker = "only-for-" + tenant.slug() + "-" + UUID.randomUUID();
                String rowId = row(gateway, tenant.token("editor"), panelId, marker);
                String event = member.await(m -> m.contains(marker), Duration.ofSeconds(60));
                check("the tenant's viewer receives its row", event != null);
                String eventId = event == null ? "unknown" : event.replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
                // The intruder resumes after the tenant's event id: a replay must not carry it either.
                intruder.send("{\"type\":\"resume\",\"after\":\"" + eventId + "\"}");
                String ownMarker = "own-" + UUID.randomUUID();
                row(gateway, other.token("owner"), otherPanelId, ownMarker);
                check("the other tenant receives its own row (its connection works)",
                        intruder.await(m -> m.contains(ownMarker), Duration.ofSeconds(60)) != null);
                List<String> leaks = new ArrayList<>();
                for (StreamClient client : concat(List.of(intruder), refused)) {
                    for (String message : client.messages()) {
                        if (message.contains(marker) || message.contains(rowId) || message.contains(panelId)
                                && !message.contains("\"not-found\"")) {
                            leaks.add(message);
                        }
                    }
                }
                // The switched connection was the tenant's own before the switch; nothing may follow it.
                switching.messages().stream().skip(beforeSwitch).filter(m -> m.contains(marker) || m.contains(rowId)).forEach(leaks::add);
                switching.close();
                check("nothing of the tenant reached another tenant or a refused connection", leaks.isEmpty(), leaks.toString());
            } finally {
                refused.forEach(StreamClient::close);
            }
        }
        System.out.println("\nStream isolation: " + checks.size() + " checks, " + failures.size() + " failed\n"
                + String.join("\n", checks));
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    private StreamClient subscribed(URI base, String token, String panelId) {
        StreamClient client = StreamClient.open(base, token);
        if (client.await(m -> m.contains("\"ready\""), REPLY) == null) {
            client.close();
            return null;
        }
        // The stream learns a new panel from panel.created: ask until it knows it.
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            int before = client.messages().size();
            client.send("{\"type\":\"subscribe\",\"panelId\":\"" + panelId + "\"}");
            String reply = client.await(m -> client.messages().indexOf(m) >= before
                    && (m.contains("\"subscribed\"") || m.contains("\"error\"")), REPLY);
            if (reply != null && reply.contains("\"subscribed\"")) {
                return client;
            }
            PrivatePlatform.pause(Duration.ofSeconds(1));
        }
        client.close();
        return null;
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

    private static List<StreamClient> concat(List<StreamClient> first, List<StreamClient> second) {
        List<StreamClient> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    static String panel(URI api, String token, String name) {
        return call(api, token).body(Map.of("name", name, "columns", List.of(Map.of("name", "Title", "type", "text"))))
                .post("/api/v1/panels").then().statusCode(201).extract().path("id");
    }

    private static String awaitDefaultView(URI api, String token, String panelId) {
        return org.awaitility.Awaitility.await("the panel's default view").atMost(Duration.ofSeconds(60))
                .until(() -> call(api, token).queryParam("panelId", panelId).get("/api/v1/views"),
                        reply -> reply.statusCode() == 200 && reply.path("views[0].id") != null)
                .path("views[0].id");
    }

    private static String row(URI api, String token, String panelId, String title) {
        return org.awaitility.Awaitility.await("a row in " + panelId).atMost(Duration.ofSeconds(60))
                .until(() -> call(api, token).body(Map.of("values", Map.of("title", title)))
                        .post("/api/v1/panels/" + panelId + "/rows"), reply -> reply.statusCode() == 201)
                .path("id");
    }

    static RequestSpecification call(URI api, String token) {
        return given().baseUri(api.toString()).auth().oauth2(token).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString());
    }
}
