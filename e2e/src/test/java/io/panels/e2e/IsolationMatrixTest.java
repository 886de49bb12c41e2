package io.panels.e2e;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.panels.common.testing.Keycloak;
import io.panels.e2e.ApiOperations.Operation;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Tenant isolation, endpoint by endpoint: every operation of every service (from the committed
 * OpenAPI documents) is called through the gateway and directly at its service (inside the cluster
 * nothing stands in front of a service) with no token, with forged and expired tokens, with another
 * tenant's owner token aimed at this tenant's resources, and with a viewer's token on writes. Each
 * must be refused with the expected status and a problem+json body, another tenant's lists must not
 * show any of this tenant's ids, and afterwards the tenant's state is exactly what it was.
 */
@ExtendWith(Suite.class)
class IsolationMatrixTest {

    /** Writes a viewer may make (reads by POST, their own inbox, personal views, exports). */
    private static final Set<String> VIEWERS_MAY = Set.of(
            "POST /api/v1/panels/{panelId}/query",
            "POST /api/v1/panels/{panelId}/rows:stream",
            "POST /api/v1/notifications/read-all",
            "POST /api/v1/exports");
    /** Writes a viewer aims at someone else's resource: it does not exist for them. */
    private static final Map<String, Integer> VIEWER_EXPECTED = Map.of(
            "POST /api/v1/notifications/{id}/read", 404,
            "POST /api/v1/exports/{id}/cancel", 404);

    private record Outcome(String via, Operation operation, String caller, int expected, int actual, String problem) {
        boolean passed() {
            return expected == actual && problem == null;
        }

        @Override
        public String toString() {
            return via + " " + operation + " as " + caller + ": expected " + expected + ", got " + actual
                    + (problem == null ? "" : " (" + problem + ")");
        }
    }

    private final List<Outcome> outcomes = new ArrayList<>();

    @Test
    void everyEndpointRefusesEveryoneButTheMembersItIsFor() {
        List<Operation> operations = ApiOperations.all();
        String[] services = operations.stream().map(Operation::service).distinct().toArray(String[]::new);
        URI gateway = Suite.gateway(services);
        StaffedTenant tenant = StaffedTenant.create(gateway);
        StaffedTenant other = StaffedTenant.create(gateway);
        ApiFixture fixture = ApiFixture.build(gateway, tenant, Set.of(services));
        String platformAdmin = Keycloak.token("platform-admin", "platform-admin", "openid");
        Map<String, String> before = fixture.fingerprint(platformAdmin);
        Map<String, String> forged = ForgedTokens.of(tenant.token("owner"), tenant.username("owner"),
                StaffedTenant.PASSWORD, tenant.slug());

        for (String via : List.of("gateway", "direct")) {
            for (Operation operation : operations) {
                if (operation.isPublic()) {
                    continue;
                }
                URI base = via.equals("gateway") ? gateway : Suite.url(operation.service());
                String path = fixture.path(operation);
                String body = fixture.body(operation);
                expect(via, base, operation, path, body, null, "no token", 401);
                forged.forEach((name, token) -> expect(via, base, operation, path, body, token, name + " token", 401));
                if (operation.isPlatform()) {
                    expect(via, base, operation, path, body, tenant.token("owner"), "tenant owner", 403);
                    continue;
                }
                boolean aimsAtTheTenant = !operation.parameters().isEmpty() || operation.queryNamesAResource(fixture.values())
                        || (body != null && fixture.ids().stream().anyMatch(body::contains));
                if (aimsAtTheTenant) {
                    expect(via, base, operation, path, body, other.token("owner"), "other tenant's owner", 404);
                } else if (!operation.writes()) {
                    expectNoLeak(via, base, operation, path, other.token("owner"), fixture.ids());
                }
                String key = operation.method() + " " + operation.path();
                if (operation.writes() && !VIEWERS_MAY.contains(key)) {
                    expect(via, base, operation, path, body, tenant.token("viewer"), "viewer", VIEWER_EXPECTED.getOrDefault(key, 403));
                }
            }
        }

        report(operations);
        fixture.gaps().forEach(gap -> System.out.println("ApiFixture made up: " + gap));
        List<Outcome> failed = outcomes.stream().filter(outcome -> !outcome.passed()).toList();
        assertTrue(failed.isEmpty(), failed.size() + " of " + outcomes.size() + " requests were not refused as expected:\n"
                + String.join("\n", failed.stream().map(Outcome::toString).toList()));
        assertEquals(before, fixture.fingerprint(platformAdmin), "a refused request changed the tenant's state");
    }

    private void expect(String via, URI base, Operation operation, String path, String body, String token,
                        String caller, int expected) {
        Response response = send(base, operation, path, body, token);
        String problem = null;
        String contentType = response.getContentType();
        if (response.statusCode() >= 400 && (contentType == null || !contentType.startsWith("application/problem+json"))) {
            problem = "content type " + contentType;
        }
        outcomes.add(new Outcome(via, operation, caller, expected, response.statusCode(), problem));
    }

    private void expectNoLeak(String via, URI base, Operation operation, String path, String token, List<String> ids) {
        Response response = send(base, operation, path, null, token);
        String reply = response.asString();
        String leaked = ids.stream().filter(reply::contains).findFirst().orElse(null);
        outcomes.add(new Outcome(via, operation, "other tenant's owner (list)", 200, response.statusCode(),
                leaked == null ? null : "shows the tenant's id " + leaked));
    }

    private static Response send(URI base, Operation operation, String path, String body, String token) {
        RequestSpecification request = given().baseUri(base.toString()).urlEncodingEnabled(false)
                .contentType(body != null ? operation.contentType() : "application/json");
        if (token != null) {
            request.auth().oauth2(token);
        }
        if (body != null) {
            request.body(body);
        }
        return request.request(operation.method(), path);
    }

    private void report(List<Operation> operations) {
        Map<String, int[]> byService = new TreeMap<>();
        for (Outcome outcome : outcomes) {
            int[] counts = byService.computeIfAbsent(outcome.operation().service(), service -> new int[2]);
            counts[0]++;
            counts[1] += outcome.passed() ? 1 : 0;
        }
        StringBuilder table = new StringBuilder("\nTenant isolation matrix (" + operations.size() + " operations)\n")
                .append(String.format("%-22s %9s %9s%n", "service", "requests", "refused"));
        byService.forEach((service, counts) -> table.append(String.format("%-22s %9d %9d%n", service, counts[0], counts[1])));
        System.out.println(table);
    }
}
