package io.panels.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.panels.auth.Fixtures.TestTenant;
import io.panels.auth.Fixtures.TestUser;
import io.panels.common.testing.Keycloak;
import io.panels.events.EventCatalog;
import io.panels.events.EventEnvelope;
import io.panels.events.Topics;
import io.panels.events.testing.EventSchemaAssert;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

@QuarkusTest
class MemberResourceTest {

    private static final Duration EVENTS = Duration.ofSeconds(20);

    @Test
    void anInvitedEditorSignsInAndSeesTheTenantInMe() {
        TestTenant tenant = Fixtures.tenant();
        String email = "editor-" + Fixtures.random() + "@" + tenant.slug + ".test";
        try (TopicWatch topic = TopicWatch.open(Topics.TENANTS)) {
            var link = given().auth().oauth2(tenant.owner.token()).contentType(ContentType.JSON)
                    .body(Map.of("email", email, "role", "editor"))
                    .when().post("/api/v1/invitations")
                    .then().statusCode(201).extract().jsonPath();
            assertTrue(link.getString("url").endsWith(link.getString("token")));

            Fixtures.accept(link.getString("token"));
            String token = Keycloak.token(email, Fixtures.PASSWORD, "openid organization:" + tenant.slug);
            given().auth().oauth2(token).when().get("/api/v1/me")
                    .then().statusCode(200)
                    .body("email", equalTo(email))
                    .body("platformAdmin", equalTo(false))
                    .body("tenant.id", equalTo(tenant.id.toString()))
                    .body("tenant.slug", equalTo(tenant.slug))
                    .body("tenant.role", equalTo("editor"))
                    .body("tenants.slug", hasItem(tenant.slug));
            EventEnvelope added = topic.await(tenant.id, "member.added", 1, EVENTS).get(0);
            EventSchemaAssert.assertValid(EventCatalog.MEMBER_ADDED, added);
            assertTrue(added.dataAsString().contains("\"role\":\"editor\""));
        }
        // The link works once.
        given().auth().oauth2(tenant.owner.token()).when().get("/api/v1/invitations")
                .then().statusCode(200).body("items.state", hasItem("accepted"));
    }

    @Test
    void aUserInSeveralTenantsSeesThemAllAndATokenNamesOne() {
        TestTenant first = Fixtures.tenant();
        TestTenant second = Fixtures.tenant();
        // The owner of the first tenant is invited into the second as a viewer (an existing user joins as is).
        String invitation = given().auth().oauth2(second.owner.token()).contentType(ContentType.JSON)
                .body(Map.of("email", first.owner.email, "role", "viewer"))
                .when().post("/api/v1/invitations")
                .then().statusCode(201).extract().path("token");
        given().contentType(ContentType.JSON).body(Map.of("token", invitation))
                .when().post("/api/v1/public/invitations/accept")
                .then().statusCode(200).body("role", equalTo("viewer")).body("tenantSlug", equalTo(second.slug));

        given().auth().oauth2(first.owner.unscopedToken()).when().get("/api/v1/me")
                .then().statusCode(200)
                .body("tenant", nullValue())
                .body("tenants.slug", hasItems(first.slug, second.slug));
        String secondToken = Keycloak.token(first.owner.email, Fixtures.PASSWORD, "openid organization:" + second.slug);
        given().auth().oauth2(secondToken).when().get("/api/v1/me")
                .then().statusCode(200).body("tenant.slug", equalTo(second.slug)).body("tenant.role", equalTo("viewer"));
        // A tenant API refuses a token naming no tenant, and a viewer may not list members.
        given().auth().oauth2(first.owner.unscopedToken()).when().get("/api/v1/members")
                .then().statusCode(403).body("type", equalTo("https://panels.io/problems/tenant-required"));
        given().auth().oauth2(secondToken).when().get("/api/v1/members").then().statusCode(403);
    }

    @Test
    void ownersChangeRolesWithIfMatchAndTheEventTellsBeforeAndAfter() {
        TestTenant tenant = Fixtures.tenant();
        TestUser viewer = tenant.member("viewer");
        String etag = given().auth().oauth2(tenant.owner.token()).when().get("/api/v1/members/" + viewer.id)
                .then().statusCode(200).body("role", equalTo("viewer")).extract().header("ETag");
        try (TopicWatch topic = TopicWatch.open(Topics.TENANTS)) {
            given().auth().oauth2(tenant.owner.token()).header("If-Match", etag).contentType(ContentType.JSON)
                    .body(Map.of("role", "editor"))
                    .when().put("/api/v1/members/" + viewer.id + "/role")
                    .then().statusCode(200).body("role", equalTo("editor"));
            EventEnvelope changed = topic.await(tenant.id, "member.role_changed", 1, EVENTS).get(0);
            EventSchemaAssert.assertValid(EventCatalog.MEMBER_ROLE_CHANGED, changed);
            assertTrue(changed.dataAsString().contains("\"previousRole\":\"viewer\""));
        }
        given().auth().oauth2(tenant.owner.token()).header("If-Match", etag).contentType(ContentType.JSON)
                .body(Map.of("role", "admin"))
                .when().put("/api/v1/members/" + viewer.id + "/role")
                .then().statusCode(412).contentType("application/problem+json");
        // Keycloak carries the new role into the member's next token.
        assertTrue(Keycloak.claims(viewer.freshToken()).path("tenant_roles").toString().contains(tenant.id + ":editor"));

        given().auth().oauth2(tenant.owner.token()).contentType(ContentType.JSON).body(Map.of("role", "boss"))
                .when().put("/api/v1/members/" + viewer.id + "/role")
                .then().statusCode(400).body("errors.field", hasItem("role"));
        given().auth().oauth2(tenant.owner.token()).contentType(ContentType.JSON).body(Map.of("role", "admin"))
                .when().put("/api/v1/members/no-such-user/role")
                .then().statusCode(404);
        given().auth().oauth2(tenant.owner.token()).when().get("/api/v1/members/" + viewer.id)
                .then().statusCode(200).body("role", equalTo("editor"));
    }

    @Test
    void theLastOwnerCannotBeDemotedOrRemovedNotEvenByTwoConcurrentDemotions() {
        TestTenant tenant = Fixtures.tenant();
        given().auth().oauth2(tenant.owner.token()).contentType(ContentType.JSON).body(Map.of("role", "admin"))
                .when().put("/api/v1/members/" + tenant.owner.id + "/role")
                .then().statusCode(409).body("type", equalTo("https://panels.io/problems/last-owner"));
        given().auth().oauth2(tenant.owner.token()).when().delete("/api/v1/members/" + tenant.owner.id)
                .then().statusCode(409);

        TestUser second = tenant.member("owner");
        String firstToken = tenant.owner.token();
        String secondToken = second.token();
        // Each owner demotes the other at the same time: one of them must stay owner.
        CompletableFuture<Response> a = CompletableFuture.supplyAsync(() -> given().auth().oauth2(firstToken)
                .contentType(ContentType.JSON).body(Map.of("role", "editor"))
                .put("/api/v1/members/" + second.id + "/role"));
        CompletableFuture<Response> b = CompletableFuture.supplyAsync(() -> given().auth().oauth2(secondToken)
                .contentType(ContentType.JSON).body(Map.of("role", "editor"))
                .put("/api/v1/members/" + tenant.owner.id + "/role"));
        List<Integer> statuses = List.of(a.join().statusCode(), b.join().statusCode());
        assertTrue(statuses.contains(200) && statuses.contains(409), "one demotion wins, the other is refused: " + statuses);
        // The winner is still an owner: its token lists the members.
        List<String> roles = given().auth().oauth2(statuses.get(0) == 200 ? firstToken : secondToken)
                .when().get("/api/v1/members").then().statusCode(200).extract().path("items.role");
        assertEquals(1, roles.stream().filter("owner"::equals).count());
    }

    @Test
    void adminsManageMembersButNotOwners() {
        TestTenant tenant = Fixtures.tenant();
        TestUser admin = tenant.member("admin");
        TestUser editor = tenant.member("editor");
        given().auth().oauth2(admin.token()).contentType(ContentType.JSON).body(Map.of("role", "viewer"))
                .when().put("/api/v1/members/" + editor.id + "/role").then().statusCode(200);
        given().auth().oauth2(admin.token()).contentType(ContentType.JSON).body(Map.of("role", "owner"))
                .when().put("/api/v1/members/" + editor.id + "/role").then().statusCode(403);
        given().auth().oauth2(admin.token()).contentType(ContentType.JSON).body(Map.of("role", "admin"))
                .when().put("/api/v1/members/" + tenant.owner.id + "/role").then().statusCode(403);
        given().auth().oauth2(admin.token()).when().delete("/api/v1/members/" + tenant.owner.id).then().statusCode(403);
        given().auth().oauth2(admin.token()).contentType(ContentType.JSON)
                .body(Map.of("email", "x-" + Fixtures.random() + "@example.test", "role", "owner"))
                .when().post("/api/v1/invitations").then().statusCode(403);

        try (TopicWatch topic = TopicWatch.open(Topics.TENANTS)) {
            given().auth().oauth2(admin.token()).when().delete("/api/v1/members/" + editor.id).then().statusCode(204);
            EventSchemaAssert.assertValid(EventCatalog.MEMBER_REMOVED, topic.await(tenant.id, "member.removed", 1, EVENTS).get(0));
        }
        assertTrue(!KeycloakAdminLookup.tenantRoles(editor.id).toString().contains(tenant.id.toString()));
        given().auth().oauth2(admin.token()).when().get("/api/v1/members/" + editor.id).then().statusCode(404);
    }

    @Test
    void anotherTenantsMembersAndInvitationsAreNotFound() {
        TestTenant mine = Fixtures.tenant();
        TestTenant theirs = Fixtures.tenant();
        TestUser theirEditor = theirs.member("editor");
        String theirInvitation = given().auth().oauth2(theirs.owner.token()).contentType(ContentType.JSON)
                .body(Map.of("email", "x-" + Fixtures.random() + "@example.test", "role", "viewer"))
                .when().post("/api/v1/invitations").then().statusCode(201).extract().path("id");

        given().auth().oauth2(mine.owner.token()).when().get("/api/v1/members/" + theirEditor.id).then().statusCode(404);
        given().auth().oauth2(mine.owner.token()).contentType(ContentType.JSON).body(Map.of("role", "viewer"))
                .when().put("/api/v1/members/" + theirEditor.id + "/role").then().statusCode(404);
        given().auth().oauth2(mine.owner.token()).when().delete("/api/v1/members/" + theirEditor.id).then().statusCode(404);
        given().auth().oauth2(mine.owner.token()).when().delete("/api/v1/invitations/" + theirInvitation).then().statusCode(404);
        given().auth().oauth2(theirs.owner.token()).when().get("/api/v1/members/" + theirEditor.id)
                .then().statusCode(200).body("role", equalTo("editor"));
        given().auth().oauth2(theirs.owner.token()).when().get("/api/v1/invitations")
                .then().statusCode(200).body("items.state", hasItem("pending"));
    }

    @Test
    void invitationsValidateExpireOnRevocationAndWorkOnce() {
        TestTenant tenant = Fixtures.tenant();
        given().auth().oauth2(tenant.owner.token()).contentType(ContentType.JSON)
                .body(Map.of("email", "not-an-email", "role", "viewer"))
                .when().post("/api/v1/invitations").then().statusCode(400).body("errors.field", hasItem("email"));
        given().auth().oauth2(tenant.owner.token()).contentType(ContentType.JSON)
                .body(Map.of("email", tenant.owner.email, "role", "viewer"))
                .when().post("/api/v1/invitations").then().statusCode(409);

        var link = given().auth().oauth2(tenant.owner.token()).contentType(ContentType.JSON)
                .body(Map.of("email", "v-" + Fixtures.random() + "@example.test", "role", "viewer"))
                .when().post("/api/v1/invitations").then().statusCode(201).extract().jsonPath();
        // A new account needs a password and names.
        given().contentType(ContentType.JSON).body(Map.of("token", link.getString("token")))
                .when().post("/api/v1/public/invitations/accept")
                .then().statusCode(400).body("errors.field", hasItems("password", "firstName", "lastName"));
        given().auth().oauth2(tenant.owner.token()).when().delete("/api/v1/invitations/" + link.getString("id"))
                .then().statusCode(204);
        given().contentType(ContentType.JSON)
                .body(Map.of("token", link.getString("token"), "password", Fixtures.PASSWORD, "firstName", "A", "lastName", "B"))
                .when().post("/api/v1/public/invitations/accept")
                .then().statusCode(410).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body(Map.of("token", "not-a-token"))
                .when().post("/api/v1/public/invitations/accept")
                .then().statusCode(404).contentType("application/problem+json");
    }
}
