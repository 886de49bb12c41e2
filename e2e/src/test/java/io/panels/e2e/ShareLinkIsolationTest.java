package io.panels.e2e;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Public share links (docs/view-service.md) as an attacker would try them, through the gateway and
 * directly at view-service: unknown, malformed, revoked and expired tokens, a missing or wrong
 * password, tenant A's token aimed at tenant B's view (an {@code X-Panels-Tenant} header, B's ids
 * as parameters, B's column keys in filters), the share token as a bearer token, and every way to
 * reach a hidden column (filter, sort, search, the page itself). Each is refused as documented
 * (404 alike for every link that does not work, 401 for the password, 400 for hidden columns),
 * every refusal is problem+json, and no reply ever holds a hidden value or anything of tenant B.
 */
@ExtendWith(Suite.class)
class ShareLinkIsolationTest {

    private final List<String> checks = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private final List<String> forbidden = new ArrayList<>();
    private int requests;

    private record Shared(String panelId, String viewId, String visible, String hidden, String token) {
    }

    @Test
    void shareLinksShowTheirViewsVisibleColumnsAndNothingElse() {
        URI gateway = Suite.gateway("auth-service", "panel-service", "data-service", "view-service");
        URI direct = Suite.url("view-service");
        StaffedTenant a = StaffedTenant.create(gateway);
        StaffedTenant b = StaffedTenant.create(gateway);
        Shared shareA = share(gateway, a, "A");
        Shared shareB = share(gateway, b, "B");
        String editor = a.token("editor");
        String shares = "/api/v1/views/" + shareA.viewId() + "/shares";
        String password = "correct-horse-" + UUID.randomUUID().toString().substring(0, 6);
        String protectedToken = call(gateway, editor).body(Map.of("password", password)).post(shares)
                .then().statusCode(201).extract().path("token");
        Instant expiry = Instant.now().plusSeconds(3);
        String expiringToken = call(gateway, editor).body(Map.of("expiresAt", expiry.toString())).post(shares)
                .then().statusCode(201).extract().path("token");
        var revoked = call(gateway, editor).body(Map.of()).post(shares).then().statusCode(201).extract();
        call(gateway, editor).delete(shares + "/" + revoked.path("id")).then().statusCode(204);
        String revokedToken = revoked.path("token");
        forbidden.addAll(List.of(shareA.hidden(), shareB.visible(), shareB.hidden(), shareB.viewId(), shareB.panelId()));

        // The control: A's link works and shows A's visible value.
        Response page = publicCall(gateway, shareA.token(), null).get("/api/v1/public/shares/" + shareA.token() + "/rows");
        check("A's link shows A's visible rows", page.statusCode() == 200 && page.asString().contains(shareA.visible()), page.asString());
        inspect("A's link rows", page);
        Response bPage = publicCall(gateway, shareB.token(), null).get("/api/v1/public/shares/" + shareB.token() + "/rows");
        requests++;
        check("B's link shows B's visible rows (and never its hidden column)",
                bPage.statusCode() == 200 && bPage.asString().contains(shareB.visible()) && !bPage.asString().contains(shareB.hidden()));

        Awaitility.await("the expiring link's end").atMost(Duration.ofSeconds(30)).until(() -> Instant.now().isAfter(expiry.plusSeconds(1)));
        for (URI base : List.of(gateway, direct)) {
            String via = base.equals(gateway) ? "gateway" : "direct";
            for (Map.Entry<String, String> dead : Map.of("unknown", "x" + UUID.randomUUID().toString().replace("-", ""),
                    "revoked", revokedToken, "expired", expiringToken, "malformed", "..%2F..%2Fviews",
                    "overlong", "a".repeat(2000)).entrySet()) {
                for (String suffix : List.of("", "/rows")) {
                    expect(via + ": " + dead.getKey() + " link" + suffix, publicCall(base, dead.getValue(), null)
                            .get("/api/v1/public/shares/" + dead.getValue() + suffix), 404);
                }
            }
            String protectedRows = "/api/v1/public/shares/" + protectedToken + "/rows";
            expect(via + ": password link without a password", publicCall(base, protectedToken, null).get(protectedRows), 401);
            expect(via + ": password link with a wrong password", publicCall(base, protectedToken, "wrong-" + password).get(protectedRows), 401);
            expect(via + ": password link with the right password", publicCall(base, protectedToken, password).get(protectedRows), 200);

            // Hidden columns: never filtered, sorted or searched on, never shown.
            String rows = "/api/v1/public/shares/" + shareA.token() + "/rows";
            expect(via + ": filter on a hidden column", publicCall(base, shareA.token(), null).queryParam("filter",
                    "{\"conditions\": [{\"column\": \"secret\", \"op\": \"eq\", \"value\": \"" + shareA.hidden() + "\"}]}").get(rows), 400);
            expect(via + ": sort on a hidden column", publicCall(base, shareA.token(), null)
                    .queryParam("sorts", "[{\"column\": \"secret\", \"direction\": \"asc\"}]").get(rows), 400);
            expect(via + ": filter on a system field", publicCall(base, shareA.token(), null).queryParam("filter",
                    "{\"conditions\": [{\"column\": \"_created_by\", \"op\": \"is_not_empty\"}]}").get(rows), 400);
            Response search = publicCall(base, shareA.token(), null).queryParam("search", shareA.hidden()).get(rows);
            check(via + ": a search for a hidden value finds nothing", search.statusCode() == 200
                    && search.jsonPath().getList("rows").isEmpty(), search.asString());
            inspect(via + " search", search);

            // A's token aimed at B's view.
            Response header = publicCall(base, shareA.token(), null).header("X-Panels-Tenant", b.id().toString()).get(rows);
            check(via + ": A's link with X-Panels-Tenant of B still shows A's view only",
                    header.statusCode() == 200 && header.asString().contains(shareA.visible()), header.asString());
            inspect(via + " tenant header", header);
            Response ids = publicCall(base, shareA.token(), null).queryParam("viewId", shareB.viewId())
                    .queryParam("panelId", shareB.panelId()).get(rows);
            check(via + ": A's link with B's ids as parameters still shows A's view only",
                    ids.statusCode() == 200 && ids.asString().contains(shareA.visible()), ids.asString());
            inspect(via + " B's ids", ids);
            expect(via + ": A's link filtering on B's value through a visible column finds nothing or is refused",
                    publicCall(base, shareA.token(), null).queryParam("filter", "{\"conditions\": [{\"column\": \"name\", \"op\": \"eq\", \"value\": \""
                            + shareB.visible() + "\"}]}").get(rows), 200);
            expect(via + ": a share token as a bearer token on B's view", given().baseUri(base.toString()).auth().oauth2(shareA.token())
                    .get("/api/v1/views/" + shareB.viewId() + "/rows"), 401);
            expect(via + ": a share token as a bearer token on A's own view", given().baseUri(base.toString()).auth().oauth2(shareA.token())
                    .get("/api/v1/views/" + shareA.viewId() + "/rows"), 401);
            inspect(via + " A's meta", publicCall(base, shareA.token(), null).get("/api/v1/public/shares/" + shareA.token()));
        }
        // B's members cannot list or revoke A's links.
        expect("B's owner lists A's links", call(gateway, b.token("owner")).get(shares), 404);
        expect("B's owner revokes A's link", call(gateway, b.token("owner")).delete(shares + "/" + revoked.path("id")), 404);
        // The listing never shows tokens.
        Response listing = call(gateway, editor).get(shares);
        requests++;
        check("the link listing shows no token", listing.statusCode() == 200 && !listing.asString().contains(shareA.token())
                && !listing.asString().contains(protectedToken), listing.asString());

        System.out.println("\nShare-link isolation: " + requests + " requests, " + checks.size() + " checks, " + failures.size()
                + " failed\n" + String.join("\n", checks));
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    /** A panel with a visible and a hidden column, one row with a marker in each, a view hiding one, and a link to it. */
    private Shared share(URI api, StaffedTenant tenant, String label) {
        String owner = tenant.token("owner");
        String panelId = call(api, owner).body(Map.of("name", "Shared " + label, "columns", List.of(
                        Map.of("name", "Name", "type", "text"), Map.of("name", "Secret", "type", "text"),
                        Map.of("name", "Qty", "type", "number"))))
                .post("/api/v1/panels").then().statusCode(201).extract().path("id");
        String visible = label + "-visible-" + UUID.randomUUID();
        String hidden = label + "-HIDDEN-" + UUID.randomUUID();
        Awaitility.await("a row in the panel").atMost(Duration.ofSeconds(60))
                .until(() -> call(api, owner).body(Map.of("values", Map.of("name", visible, "secret", hidden, "qty", 7)))
                        .post("/api/v1/panels/" + panelId + "/rows").statusCode() == 201);
        String viewId = Awaitility.await("view-service's copy of the panel").atMost(Duration.ofSeconds(60))
                .until(() -> call(api, owner).body("""
                                {"panelId": "%s", "name": "Public", "columns": [{"key": "name", "visible": true},
                                 {"key": "qty", "visible": true}, {"key": "secret", "visible": false}]}""".formatted(panelId))
                        .post("/api/v1/views"), reply -> reply.statusCode() == 201).path("id");
        String token = call(api, owner).body(Map.of()).post("/api/v1/views/" + viewId + "/shares")
                .then().statusCode(201).extract().path("token");
        return new Shared(panelId, viewId, visible, hidden, token);
    }

    private void expect(String what, Response response, int status) {
        String type = response.getContentType();
        boolean problem = response.statusCode() < 400 || (type != null && type.startsWith("application/problem+json"));
        check(what + " → " + status, response.statusCode() == status && problem,
                "got " + response.statusCode() + " " + type + " " + abbreviate(response.asString()));
        inspect(what, response);
    }

    /** No reply may hold a hidden value or anything of tenant B (a problem's {@code instance} echoes the caller's own path). */
    private void inspect(String what, Response response) {
        requests++;
        String body = response.asString().replaceAll("\"instance\"\\s*:\\s*\"[^\"]*\"", "");
        for (String secret : forbidden) {
            if (body.contains(secret)) {
                failures.add(what + ": the reply holds " + secret + ": " + abbreviate(body));
            }
        }
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

    private RequestSpecification publicCall(URI base, String token, String password) {
        RequestSpecification request = given().baseUri(base.toString()).urlEncodingEnabled(true);
        if (password != null) {
            request.header("Panels-Share-Password", password);
        }
        return request;
    }

    private static RequestSpecification call(URI api, String token) {
        return StreamIsolationTest.call(api, token);
    }

    private static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
}
