package io.panels.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.panels.auth.Fixtures.TestTenant;
import io.panels.common.testing.Keycloak;
import io.panels.events.EventCatalog;
import io.panels.events.EventEnvelope;
import io.panels.events.Topics;
import io.panels.events.testing.EventSchemaAssert;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TenantResourceTest {

    private static final Duration EVENTS = Duration.ofSeconds(20);

    @Test
    void aPlatformAdminCreatesATenantWithItsOrganizationOwnerAndEvents() {
        String slug = "t-" + Fixtures.random();
        String ownerEmail = "owner-" + Fixtures.random() + "@" + slug + ".test";
        try (TopicWatch topic = TopicWatch.open(Topics.TENANTS)) {
            var created = given().auth().oauth2(Fixtures.platformAdmin()).contentType(ContentType.JSON)
                    .body(Fixtures.tenantRequest(slug, ownerEmail))
                    .when().post("/api/v1/platform/tenants")
                    .then().statusCode(201)
                    .header("Location", containsString("/api/v1/platform/tenants/"))
                    .body("tenant.slug", equalTo(slug))
                    .body("tenant.status", equalTo("active"))
                    .body("tenant.limits.maxPanels", equalTo(100))
                    .body("owner.email", equalTo(ownerEmail))
                    .body("owner.invitation.token", notNullValue())
                    .extract().jsonPath();
            UUID tenantId = UUID.fromString(created.getString("tenant.id"));

            // The owner sets a password through the link and gets a token naming the tenant as owner.
            Fixtures.accept(created.getString("owner.invitation.token"));
            String token = Keycloak.token(ownerEmail, Fixtures.PASSWORD, "openid organization:" + slug);
            var claims = Keycloak.claims(token);
            assertEquals(tenantId.toString(), claims.path("organization").path(slug).path("id").asText());
            assertTrue(claims.path("tenant_roles").toString().contains(tenantId + ":owner"));

            EventEnvelope tenantCreated = topic.await(tenantId, "tenant.created", 1, EVENTS).get(0);
            EventSchemaAssert.assertValid(EventCatalog.TENANT_CREATED, tenantCreated);
            assertEquals(tenantId.toString(), tenantCreated.subject());
            assertEquals(tenantId.toString(), tenantCreated.key());
            assertEquals("/panels/auth-service", tenantCreated.source());
            assertTrue(tenantCreated.dataAsString().contains("\"alias\":\"" + slug + "\""));
            EventEnvelope memberAdded = topic.await(tenantId, "member.added", 1, EVENTS).get(0);
            EventSchemaAssert.assertValid(EventCatalog.MEMBER_ADDED, memberAdded);
            assertTrue(memberAdded.dataAsString().contains("\"role\":\"owner\""));
        }
    }

    @Test
    void badInputIsAProblemAndCreatesNothing() {
        String slug = "t-" + Fixtures.random();
        Map<String, Object> request = Fixtures.tenantRequest(slug, "x-" + Fixtures.random() + "@example.test");
        for (Map.Entry<String, Object> bad : List.<Map.Entry<String, Object>>of(
                Map.entry("name", "x".repeat(201)),
                Map.entry("name", " "),
                Map.entry("slug", "Not A Slug"),
                Map.entry("slug", "-dash"),
                Map.entry("ownerEmail", "not-an-email"),
                Map.entry("limits", Map.of("maxPanels", -1, "maxRowsPerPanel", 1, "maxRequestsPerMinute", 1)))) {
            Map<String, Object> body = new java.util.HashMap<>(request);
            body.put(bad.getKey(), bad.getValue());
            given().auth().oauth2(Fixtures.platformAdmin()).contentType(ContentType.JSON).body(body)
                    .when().post("/api/v1/platform/tenants")
                    .then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors.field", hasItem(startsWith(bad.getKey())));
        }
        given().auth().oauth2(Fixtures.platformAdmin()).contentType(ContentType.JSON).body("{\"name\":")
                .when().post("/api/v1/platform/tenants")
                .then().statusCode(400).contentType("application/problem+json");
        // Nothing was made: the slug is still free.
        given().auth().oauth2(Fixtures.platformAdmin()).contentType(ContentType.JSON).body(request)
                .when().post("/api/v1/platform/tenants")
                .then().statusCode(201);
    }

    @Test
    void aSlugIsUniqueAndAnIdempotencyKeyReplaysTheReply() {
        String slug = "t-" + Fixtures.random();
        Map<String, Object> request = Fixtures.tenantRequest(slug, "o-" + Fixtures.random() + "@example.test");
        String key = UUID.randomUUID().toString();
        String first = given().auth().oauth2(Fixtures.platformAdmin()).header("Idempotency-Key", key)
                .contentType(ContentType.JSON).body(request)
                .when().post("/api/v1/platform/tenants")
                .then().statusCode(201).extract().path("tenant.id");
        given().auth().oauth2(Fixtures.platformAdmin()).header("Idempotency-Key", key)
                .contentType(ContentType.JSON).body(request)
                .when().post("/api/v1/platform/tenants")
                .then().statusCode(201).header("Idempotent-Replayed", "true").body("tenant.id", equalTo(first));
        Map<String, Object> other = Fixtures.tenantRequest(slug, "other-" + Fixtures.random() + "@example.test");
        given().auth().oauth2(Fixtures.platformAdmin()).header("Idempotency-Key", key)
                .contentType(ContentType.JSON).body(other)
                .when().post("/api/v1/platform/tenants")
                .then().statusCode(422).contentType("application/problem+json");
        given().auth().oauth2(Fixtures.platformAdmin()).contentType(ContentType.JSON).body(other)
                .when().post("/api/v1/platform/tenants")
                .then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("https://panels.io/problems/slug-taken"));
    }

    @Test
    void listGetAndUpdateWithOptimisticConcurrency() {
        TestTenant tenant = Fixtures.tenant();
        String etag = given().auth().oauth2(Fixtures.platformAdmin())
                .when().get("/api/v1/platform/tenants/" + tenant.id)
                .then().statusCode(200).body("slug", equalTo(tenant.slug)).extract().header("ETag");
        Map<String, Object> change = Map.of("name", "Renamed", "plan", "enterprise",
                "limits", Map.of("maxPanels", 5, "maxRowsPerPanel", 10, "maxRequestsPerMinute", 60));
        try (TopicWatch topic = TopicWatch.open(Topics.TENANTS)) {
            given().auth().oauth2(Fixtures.platformAdmin()).header("If-Match", etag).contentType(ContentType.JSON).body(change)
                    .when().put("/api/v1/platform/tenants/" + tenant.id)
                    .then().statusCode(200).body("name", equalTo("Renamed")).body("limits.maxPanels", equalTo(5));
            EventSchemaAssert.assertValid(EventCatalog.TENANT_UPDATED, topic.await(tenant.id, "tenant.updated", 1, EVENTS).get(0));
        }
        // The same If-Match again is stale now.
        given().auth().oauth2(Fixtures.platformAdmin()).header("If-Match", etag).contentType(ContentType.JSON).body(change)
                .when().put("/api/v1/platform/tenants/" + tenant.id)
                .then().statusCode(412).contentType("application/problem+json");

        String page = given().auth().oauth2(Fixtures.platformAdmin()).queryParam("limit", 1)
                .when().get("/api/v1/platform/tenants")
                .then().statusCode(200).body("items.size()", equalTo(1)).extract().path("nextCursor");
        given().auth().oauth2(Fixtures.platformAdmin()).queryParam("limit", 1).queryParam("cursor", page)
                .when().get("/api/v1/platform/tenants")
                .then().statusCode(200).body("items.size()", equalTo(1));
        given().auth().oauth2(Fixtures.platformAdmin()).queryParam("limit", 1001)
                .when().get("/api/v1/platform/tenants")
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(Fixtures.platformAdmin())
                .when().get("/api/v1/platform/tenants/" + UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void aSuspendedTenantsTokensAreRefusedUntilItIsReactivated() {
        TestTenant tenant = Fixtures.tenant();
        String ownerToken = tenant.owner.token();
        given().auth().oauth2(ownerToken).when().get("/api/v1/members").then().statusCode(200);
        try (TopicWatch topic = TopicWatch.open(Topics.TENANTS)) {
            given().auth().oauth2(Fixtures.platformAdmin()).contentType(ContentType.JSON).body(Map.of("reason", "unpaid"))
                    .when().post("/api/v1/platform/tenants/" + tenant.id + "/suspend")
                    .then().statusCode(200).body("status", equalTo("suspended")).body("suspendedReason", equalTo("unpaid"));
            // The token issued before the suspension is still valid for Keycloak, not for Panels.
            given().auth().oauth2(ownerToken).when().get("/api/v1/members")
                    .then().statusCode(403).body("type", equalTo("https://panels.io/problems/tenant-suspended"));
            given().auth().oauth2(Fixtures.platformAdmin())
                    .when().post("/api/v1/platform/tenants/" + tenant.id + "/reactivate")
                    .then().statusCode(200).body("status", equalTo("active"));
            given().auth().oauth2(ownerToken).when().get("/api/v1/members").then().statusCode(200);
            EventSchemaAssert.assertValid(EventCatalog.TENANT_SUSPENDED,
                    topic.await(tenant.id, "tenant.suspended", 1, EVENTS).get(0));
            EventSchemaAssert.assertValid(EventCatalog.TENANT_REACTIVATED,
                    topic.await(tenant.id, "tenant.reactivated", 1, EVENTS).get(0));
        }
    }

    @Test
    void deletingATenantRemovesItsOrganizationAndRoles() {
        TestTenant tenant = Fixtures.tenant();
        try (TopicWatch topic = TopicWatch.open(Topics.TENANTS)) {
            given().auth().oauth2(Fixtures.platformAdmin())
                    .when().delete("/api/v1/platform/tenants/" + tenant.id)
                    .then().statusCode(204);
            EventSchemaAssert.assertValid(EventCatalog.TENANT_DELETED, topic.await(tenant.id, "tenant.deleted", 1, EVENTS).get(0));
        }
        assertTrue(KeycloakAdminLookup.organization(tenant.id).isEmpty(), "organization deleted");
        assertTrue(!KeycloakAdminLookup.tenantRoles(tenant.owner.id).toString().contains(tenant.id.toString()),
                "owner's role removed");
        given().auth().oauth2(Fixtures.platformAdmin())
                .when().delete("/api/v1/platform/tenants/" + tenant.id)
                .then().statusCode(404);
        given().auth().oauth2(Fixtures.platformAdmin())
                .when().get("/api/v1/platform/tenants/" + tenant.id)
                .then().statusCode(200).body("status", equalTo("deleted"));
    }

    @Test
    void selfServiceSignUpMakesATenantWhenSwitchedOn() {
        // Switched on in the test profile (panels.auth.signup.enabled); off by default.
        String slug = "t-" + Fixtures.random();
        String email = "founder-" + Fixtures.random() + "@" + slug + ".test";
        String token = given().contentType(ContentType.JSON)
                .body(Map.of("name", "Signed up", "slug", slug, "email", email))
                .when().post("/api/v1/public/signup")
                .then().statusCode(201)
                .body("tenant.plan", equalTo("free"))
                .body("tenant.limits.maxPanels", equalTo(20))
                .body("owner.email", equalTo(email))
                .extract().path("owner.invitation.token");
        Fixtures.accept(token);
        given().auth().oauth2(Keycloak.token(email, Fixtures.PASSWORD, "openid organization:" + slug))
                .when().get("/api/v1/me")
                .then().statusCode(200).body("tenant.slug", equalTo(slug)).body("tenant.role", equalTo("owner"));
        given().contentType(ContentType.JSON).body(Map.of("name", "Again", "slug", slug, "email", email))
                .when().post("/api/v1/public/signup")
                .then().statusCode(409);
        given().contentType(ContentType.JSON).body(Map.of("name", "", "slug", "X", "email", "nope"))
                .when().post("/api/v1/public/signup")
                .then().statusCode(400).body("errors.size()", equalTo(3));
    }

    @Test
    void anOrganizationMadeOutsideAuthServiceIsImportedWithItsMembers() {
        Keycloak.TestTenant organization = Keycloak.createTenant();
        Keycloak.TestUser admin = organization.member("admin");
        Keycloak.TestUser viewer = organization.member("viewer");
        // Unknown to auth-service until imported.
        given().auth().oauth2(admin.token()).when().get("/api/v1/members")
                .then().statusCode(403).body("type", equalTo("https://panels.io/problems/tenant-unknown"));
        Map<String, Object> request = Map.of("organizationId", organization.id().toString(), "plan", "team",
                "limits", Map.of("maxPanels", 10, "maxRowsPerPanel", 1000, "maxRequestsPerMinute", 100));
        try (TopicWatch topic = TopicWatch.open(Topics.TENANTS)) {
            given().auth().oauth2(Fixtures.platformAdmin()).contentType(ContentType.JSON).body(request)
                    .when().post("/api/v1/platform/tenants/import")
                    .then().statusCode(201).body("slug", equalTo(organization.alias())).body("status", equalTo("active"));
            EventSchemaAssert.assertValid(EventCatalog.TENANT_CREATED,
                    topic.await(organization.id(), "tenant.created", 1, EVENTS).get(0));
            topic.await(organization.id(), "member.added", 2, EVENTS)
                    .forEach(event -> EventSchemaAssert.assertValid(EventCatalog.MEMBER_ADDED, event));
        }
        given().auth().oauth2(admin.token()).when().get("/api/v1/members")
                .then().statusCode(200).body("items.userId", org.hamcrest.Matchers.hasItems(admin.id(), viewer.id()));
        given().auth().oauth2(Fixtures.platformAdmin()).contentType(ContentType.JSON).body(request)
                .when().post("/api/v1/platform/tenants/import")
                .then().statusCode(409);
        given().auth().oauth2(Fixtures.platformAdmin()).contentType(ContentType.JSON)
                .body(Map.of("organizationId", UUID.randomUUID().toString(), "plan", "team",
                        "limits", Map.of("maxPanels", 10, "maxRowsPerPanel", 1000, "maxRequestsPerMinute", 100)))
                .when().post("/api/v1/platform/tenants/import")
                .then().statusCode(404);
    }

    @Test
    void aLostFirstOwnerLinkIsReplacedByANewOne() {
        String slug = "t-" + Fixtures.random();
        String ownerEmail = "owner-" + Fixtures.random() + "@" + slug + ".test";
        UUID tenantId = UUID.fromString(given().auth().oauth2(Fixtures.platformAdmin()).contentType(ContentType.JSON)
                .body(Fixtures.tenantRequest(slug, ownerEmail))
                .when().post("/api/v1/platform/tenants")
                .then().statusCode(201).extract().path("tenant.id"));
        String token = given().auth().oauth2(Fixtures.platformAdmin()).contentType(ContentType.JSON)
                .body(Map.of("email", ownerEmail))
                .when().post("/api/v1/platform/tenants/" + tenantId + "/owner-invitation")
                .then().statusCode(201).extract().path("token");
        Fixtures.accept(token);
        given().auth().oauth2(Keycloak.token(ownerEmail, Fixtures.PASSWORD, "openid organization:" + slug))
                .when().get("/api/v1/members")
                .then().statusCode(200).body("items.role", org.hamcrest.Matchers.contains("owner"));
        given().auth().oauth2(Fixtures.platformAdmin()).contentType(ContentType.JSON).body(Map.of("email", ownerEmail))
                .when().post("/api/v1/platform/tenants/" + UUID.randomUUID() + "/owner-invitation")
                .then().statusCode(404);
    }

    @Test
    void onlyPlatformAdminsManageTenants() {
        TestTenant tenant = Fixtures.tenant();
        given().when().get("/api/v1/platform/tenants").then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(tenant.owner.token()).when().get("/api/v1/platform/tenants")
                .then().statusCode(403).body("type", equalTo("https://panels.io/problems/platform-admin-required"));
        given().auth().oauth2(tenant.owner.token()).contentType(ContentType.JSON)
                .body(Fixtures.tenantRequest("t-" + Fixtures.random(), "x@example.test"))
                .when().post("/api/v1/platform/tenants")
                .then().statusCode(403);
        given().auth().oauth2(tenant.owner.token()).contentType(ContentType.JSON).body("{}")
                .when().post("/api/v1/platform/tenants/" + tenant.id + "/suspend")
                .then().statusCode(403);
        given().auth().oauth2(Fixtures.platformAdmin()).when().get("/api/v1/platform/tenants/" + tenant.id)
                .then().statusCode(200).body("status", equalTo("active"));
    }
}
