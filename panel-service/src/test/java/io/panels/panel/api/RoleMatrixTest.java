package io.panels.panel.api;

import static io.panels.panel.TestApi.as;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.panels.common.testing.Keycloak;
import io.panels.panel.TestApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * Every endpoint as every caller, as docs/permissions.md lists it: viewers and editors read,
 * admins and owners change schema, another tenant's admin finds nothing. A refused call changes nothing.
 */
@QuarkusTest
class RoleMatrixTest {

    /** A fresh panel with one column for each call, so that one call's change never meets another's. */
    record Target(String panelId, String columnId) {
        String panel() {
            return "/api/v1/panels/" + panelId;
        }

        String column() {
            return panel() + "/columns/" + columnId;
        }
    }

    record Row(String name, BiFunction<RequestSpecification, Target, Response> call, int viewer, int editor, int admin,
               int owner, int otherTenantsAdmin) {
    }

    @Test
    void everyEndpointAnswersEachRoleAsDocumented() {
        Keycloak.TestTenant tenant = Keycloak.createTenant();
        Map<String, String> tokens = new LinkedHashMap<>();
        for (String role : List.of("viewer", "editor", "admin", "owner")) {
            tokens.put(role, tenant.member(role).token());
        }
        tokens.put("other", TestApi.newTenant(false).admin);

        List<Row> rows = List.of(
                new Row("list", (r, t) -> r.get("/api/v1/panels"), 200, 200, 200, 200, 200),
                new Row("usage", (r, t) -> r.get("/api/v1/panels/usage"), 200, 200, 200, 200, 200),
                new Row("get", (r, t) -> r.get(t.panel()), 200, 200, 200, 200, 404),
                new Row("get column", (r, t) -> r.get(t.column()), 200, 200, 200, 200, 404),
                new Row("create", (r, t) -> r.body("{\"name\":\"New\"}").post("/api/v1/panels"), 403, 403, 201, 201, 201),
                new Row("update", (r, t) -> r.header("If-Match", "\"1\"").body("{\"name\":\"Renamed\"}").put(t.panel()),
                        403, 403, 200, 200, 404),
                new Row("archive", (r, t) -> r.post(t.panel() + "/archive"), 403, 403, 200, 200, 404),
                new Row("restore", (r, t) -> r.post(t.panel() + "/restore"), 403, 403, 200, 200, 404),
                new Row("delete", (r, t) -> r.delete(t.panel()), 403, 403, 204, 204, 404),
                new Row("duplicate", (r, t) -> r.post(t.panel() + "/duplicate"), 403, 403, 201, 201, 404),
                new Row("add column", (r, t) -> r.body("{\"name\":\"B\",\"type\":\"text\"}").post(t.panel() + "/columns"),
                        403, 403, 201, 201, 404),
                new Row("update column", (r, t) -> r.header("If-Match", "\"1\"").body("{\"name\":\"A2\",\"type\":\"text\"}")
                        .put(t.column()), 403, 403, 200, 200, 404),
                new Row("reorder", (r, t) -> r.header("If-Match", "\"1\"").body("{\"columnIds\":[\"" + t.columnId() + "\"]}")
                        .put(t.panel() + "/columns/order"), 403, 403, 200, 200, 404),
                new Row("delete column", (r, t) -> r.delete(t.column()), 403, 403, 204, 204, 404));

        TestApi owner = TestApi.newTenantWithAdmin(tenant, tokens.get("owner"));
        Target shared = target(owner);
        List<String> mismatches = new ArrayList<>();
        for (Row row : rows) {
            Map<String, Integer> expected = Map.of("viewer", row.viewer(), "editor", row.editor(), "admin", row.admin(),
                    "owner", row.owner(), "other", row.otherTenantsAdmin());
            for (Map.Entry<String, String> caller : tokens.entrySet()) {
                int wanted = expected.get(caller.getKey());
                // A call that may change its panel gets a fresh one; refused calls and reads share one.
                Target target = wanted < 300 && !row.name().startsWith("get") && !row.name().equals("list")
                        && !row.name().equals("usage") ? target(owner) : shared;
                int status = row.call().apply(as(caller.getValue()), target).statusCode();
                if (status != wanted) {
                    mismatches.add(row.name() + " as " + caller.getKey() + ": " + status + ", expected " + wanted);
                }
            }
        }
        owner.getPanel(shared.panelId()).then().body("version", equalTo(1))
                .body("name", equalTo("Target")).body("columns.name", contains("A"));
        assertEquals(List.of(), mismatches);
    }

    private static Target target(TestApi owner) {
        Response created = owner.createPanel("{\"name\":\"Target\",\"columns\":[{\"name\":\"A\",\"type\":\"text\"}]}");
        return new Target(created.path("id"), created.path("columns[0].id"));
    }
}
