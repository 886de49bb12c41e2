package io.panels.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.panels.common.testing.Keycloak;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The journey of a new customer, through the gateway in front of auth-, panel- and data-service
 * running as real processes: the platform team creates the tenant, its owner accepts, invites an
 * editor who signs in and finds the tenant in /me, the owner builds a panel with several column
 * types and a formula, and the editor's first row comes back with the formula computed.
 */
@ExtendWith(Suite.class)
class TenantJourneyTest {

    private static final String PASSWORD = "journey-password-1";

    @Test
    void aNewTenantIsCreatedStaffedAndGetsItsFirstPanel() {
        URI api = Suite.gateway("auth-service", "panel-service", "data-service");
        URI auth = api;
        URI panels = api;
        String slug = "j-" + UUID.randomUUID().toString().substring(0, 10);
        String ownerEmail = "owner@" + slug + ".test";
        String editorEmail = "editor@" + slug + ".test";

        // The platform team creates the tenant and its first owner, who gets an invitation link.
        String platformAdmin = Keycloak.token("platform-admin", "platform-admin", "openid");
        String ownerInvitation = call(auth, platformAdmin).body(Map.of(
                        "name", "Journey " + slug, "slug", slug, "plan", "team", "ownerEmail", ownerEmail,
                        "limits", Map.of("maxPanels", 10, "maxRowsPerPanel", 100_000, "maxRequestsPerMinute", 600)))
                .post("/api/v1/platform/tenants")
                .then().statusCode(201).body("tenant.slug", equalTo(slug))
                .extract().path("owner.invitation.token");
        accept(auth, ownerInvitation, "Olive", "Owner");
        String owner = Keycloak.token(ownerEmail, PASSWORD, "openid organization:" + slug);

        // The owner invites an editor, who accepts and signs in to the tenant.
        String editorInvitation = call(auth, owner).body(Map.of("email", editorEmail, "role", "editor"))
                .post("/api/v1/invitations").then().statusCode(201).extract().path("token");
        accept(auth, editorInvitation, "Eddie", "Editor");
        String editor = Keycloak.token(editorEmail, PASSWORD, "openid organization:" + slug);
        call(auth, editor).get("/api/v1/me").then().statusCode(200)
                .body("tenant.slug", equalTo(slug))
                .body("tenant.role", equalTo("editor"))
                .body("tenants.slug", hasItem(slug));

        // The owner builds a panel with several column types and a formula over two of them.
        String panelId = call(panels, owner).header("Idempotency-Key", UUID.randomUUID().toString())
                .body("""
                        {"name": "Orders", "columns": [
                          {"name": "Customer", "type": "text", "required": true},
                          {"name": "Qty", "type": "number"},
                          {"name": "Price", "type": "currency", "settings": {"currency": "EUR"}},
                          {"name": "Status", "type": "single_select",
                           "settings": {"options": [{"name": "Open"}, {"name": "Shipped", "colour": "green"}]}},
                          {"name": "Due", "type": "date"},
                          {"name": "Total", "type": "formula", "settings": {"formula": "{Qty} * {Price}"}}]}""")
                .post("/api/v1/panels")
                .then().statusCode(201)
                .body("columns.key", contains("customer", "qty", "price", "status", "due", "total"))
                .body("columns[5].settings.resultType", equalTo("number"))
                .extract().path("id");

        // data-service builds the panel's table from panel.created; the editor's row gets its total.
        Map<String, Object> row = Map.of("values", Map.of("customer", "Ada", "qty", 3, "price", 2.5));
        String rowId = Awaitility.await("the panel's table, built from its event").atMost(Duration.ofSeconds(60))
                .until(() -> call(api, editor).body(row).post("/api/v1/panels/" + panelId + "/rows"),
                        reply -> reply.statusCode() == 201)
                .then().body("values.total", equalTo(7.5f)).extract().path("id");
        call(api, editor).body(Map.of("query", Map.of("filter", Map.of("conjunction", "and", "conditions",
                        List.of(Map.of("column", "qty", "op", "gt", "value", 1))))))
                .post("/api/v1/panels/" + panelId + "/query")
                .then().statusCode(200).body("rows.id", contains(rowId)).body("count.value", equalTo(1));

        // The editor reads the panel but may not change its schema.
        call(panels, editor).get("/api/v1/panels/" + panelId).then().statusCode(200).body("name", equalTo("Orders"));
        call(panels, editor).body(Map.of("name", "Notes", "type", "long_text"))
                .post("/api/v1/panels/" + panelId + "/columns")
                .then().statusCode(403).contentType("application/problem+json");
    }

    private static void accept(URI auth, String invitationToken, String firstName, String lastName) {
        given().baseUri(auth.toString()).contentType(ContentType.JSON)
                .body(Map.of("token", invitationToken, "password", PASSWORD, "firstName", firstName, "lastName", lastName))
                .post("/api/v1/public/invitations/accept")
                .then().statusCode(200);
    }

    private static RequestSpecification call(URI service, String token) {
        return given().baseUri(service.toString()).auth().oauth2(token).contentType(ContentType.JSON);
    }
}
