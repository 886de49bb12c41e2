package io.panels.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.panels.auth.client.KeycloakAdmin;
import io.panels.auth.domain.NewTenant;
import io.panels.auth.domain.ProvisionedTenant;
import io.panels.auth.domain.TenantProvisioning;
import io.panels.common.problem.ProblemException;
import io.panels.events.Topics;
import io.panels.events.tenant.PlanLimits;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Tenant creation across Keycloak and the database leaves nothing half-made (docs/adr/0008):
 * a Keycloak refusal midway undoes the steps taken; a creation interrupted midway (the process
 * died after Keycloak made the organization, before anything was recorded) is finished by a
 * resume, even two at once, with one organization and one tenant.created; an undo waits for a
 * resume running meanwhile; the database failing at the last step leaves it pending until a retry
 * finishes it.
 */
@QuarkusTest
class TenantProvisioningTest {

    @Inject
    TenantProvisioning provisioning;

    @Inject
    KeycloakAdmin keycloak;

    @Inject
    Pool pool;

    @Test
    void aKeycloakRefusalMidwayLeavesNothingAndFreesTheSlug() {
        String slug = "t-" + Fixtures.random();
        // A valid e-mail address that Keycloak refuses as a user name: the failure comes after the
        // organization was made.
        String refusedOwner = "o'brien-" + Fixtures.random() + "@" + slug + ".test";
        given().auth().oauth2(Fixtures.platformAdmin()).contentType(ContentType.JSON)
                .body(Fixtures.tenantRequest(slug, refusedOwner))
                .when().post("/api/v1/platform/tenants")
                .then().statusCode(422).contentType("application/problem+json")
                .body("type", equalTo("https://panels.io/problems/keycloak-refused"));

        assertEquals(0, KeycloakAdminLookup.organizationsNamed(slug), "no organization left in Keycloak");
        assertTrue(KeycloakAdminLookup.userByEmail(refusedOwner).isEmpty(), "no user left in Keycloak");
        String fine = "obrien-" + Fixtures.random() + "@" + slug + ".test";
        given().auth().oauth2(Fixtures.platformAdmin()).contentType(ContentType.JSON)
                .body(Fixtures.tenantRequest(slug, fine))
                .when().post("/api/v1/platform/tenants")
                .then().statusCode(201).body("tenant.slug", equalTo(slug));
    }

    @Test
    void anInterruptedCreationIsFinishedOnceByConcurrentResumes() {
        String slug = "t-" + Fixtures.random();
        NewTenant request = new NewTenant(slug, "Interrupted " + slug, "team", new PlanLimits(1, 2, 3),
                "owner-" + Fixtures.random() + "@" + slug + ".test");
        UUID creation = provisioning.start(request).await().atMost(Duration.ofSeconds(10));
        // What step 1 does, then "the process dies": Keycloak has the organization, the database knows nothing.
        UUID organization = keycloak.createOrganization(slug, creation).await().atMost(Duration.ofSeconds(10));

        try (TopicWatch topic = TopicWatch.open(Topics.TENANTS)) {
            List<ProvisionedTenant> finished = Uni.join().all(provisioning.resume(creation)
                                    .onFailure().recoverWithItem((ProvisionedTenant) null),
                            provisioning.resume(creation).onFailure().recoverWithItem((ProvisionedTenant) null))
                    .andFailFast().await().atMost(Duration.ofSeconds(30));
            assertTrue(finished.stream().anyMatch(t -> t != null && t.tenant().id().equals(organization)));
            assertEquals(1, KeycloakAdminLookup.organizationsNamed(slug));
            assertEquals(1, KeycloakAdminLookup.organizationMembers(organization));

            // Repeating the original request now answers the finished tenant's slug as taken; the
            // events were written once.
            given().auth().oauth2(Fixtures.platformAdmin()).contentType(ContentType.JSON)
                    .body(Fixtures.tenantRequest(slug, request.ownerEmail()))
                    .when().post("/api/v1/platform/tenants")
                    .then().statusCode(409);
            assertEquals(1, topic.await(organization, "tenant.created", 2, Duration.ofSeconds(5)).size());
            assertEquals(1, topic.await(organization, "member.added", 2, Duration.ofSeconds(1)).size());
        }
        given().auth().oauth2(Fixtures.platformAdmin()).when().get("/api/v1/platform/tenants/" + organization)
                .then().statusCode(200).body("status", equalTo("active")).body("slug", equalTo(slug));
    }

    @Test
    void theDatabaseFailingAtTheLastStepLeavesTheCreationPendingAndARetryFinishesIt() {
        String slug = "t-" + Fixtures.random();
        NewTenant request = new NewTenant(slug, "Retried " + slug, "team", new PlanLimits(1, 2, 3),
                "owner-" + Fixtures.random() + "@" + slug + ".test");
        UUID creation = provisioning.start(request).await().atMost(Duration.ofSeconds(10));
        // A row in the way makes the final transaction fail (unique slug) after every Keycloak step.
        UUID blocker = UUID.randomUUID();
        pool.preparedQuery("insert into tenant (id, alias, name, plan, max_panels, max_rows_per_panel,"
                        + " max_requests_per_minute, status) values ($1, $2, 'blocker', 'team', 0, 0, 0, 'deleted')")
                .execute(Tuple.of(blocker, slug)).await().atMost(Duration.ofSeconds(10));

        ProblemException failure = assertThrows(ProblemException.class,
                () -> provisioning.resume(creation).await().atMost(Duration.ofSeconds(30)));
        assertEquals(503, failure.status());
        assertEquals(1, KeycloakAdminLookup.organizationsNamed(slug), "the organization waits for the retry");

        pool.preparedQuery("delete from tenant where id = $1").execute(Tuple.of(blocker)).await().atMost(Duration.ofSeconds(10));
        try (TopicWatch topic = TopicWatch.open(Topics.TENANTS)) {
            // The background job (every 2 s in tests) or this repeat finishes it; either way once.
            ProvisionedTenant done = provisioning.resume(creation).await().atMost(Duration.ofSeconds(30));
            assertEquals(slug, done.tenant().alias());
            assertEquals(1, topic.await(done.tenant().id(), "tenant.created", 2, Duration.ofSeconds(5)).size());
        }
        assertEquals(1, KeycloakAdminLookup.organizationsNamed(slug));
    }

    @Test
    void aCreationThatCannotFinishIsUndone() {
        String slug = "t-" + Fixtures.random();
        NewTenant request = new NewTenant(slug, "Undone " + slug, "team", new PlanLimits(1, 2, 3),
                "owner-" + Fixtures.random() + "@" + slug + ".test");
        UUID creation = provisioning.start(request).await().atMost(Duration.ofSeconds(10));
        keycloak.createOrganization(slug, creation).await().atMost(Duration.ofSeconds(10));

        provisioning.undo(creation).await().atMost(Duration.ofSeconds(10));

        assertEquals(0, KeycloakAdminLookup.organizationsNamed(slug));
        given().auth().oauth2(Fixtures.platformAdmin()).contentType(ContentType.JSON)
                .body(Map.of("name", "Again", "slug", slug, "plan", "team",
                        "limits", Map.of("maxPanels", 1, "maxRowsPerPanel", 2, "maxRequestsPerMinute", 3),
                        "ownerEmail", request.ownerEmail()))
                .when().post("/api/v1/platform/tenants")
                .then().statusCode(201);
    }

    @Test
    void anUndoArrivingWhileAResumeRunsWaitsForItAndLeavesTheFinishedTenantWhole() throws Exception {
        String slug = "t-" + Fixtures.random();
        NewTenant request = new NewTenant(slug, "Raced " + slug, "team", new PlanLimits(1, 2, 3),
                "owner-" + Fixtures.random() + "@" + slug + ".test");
        UUID creation = provisioning.start(request).await().atMost(Duration.ofSeconds(10));
        UUID organization = keycloak.createOrganization(slug, creation).await().atMost(Duration.ofSeconds(10));

        CompletableFuture<ProvisionedTenant> resumed = provisioning.resume(creation).subscribeAsCompletionStage();
        // The resume is midway (the owner found and recorded, the membership and the tenant row still
        // to come) when the undo arrives: it must wait its turn, then find the creation done.
        Awaitility.await().pollInterval(Duration.ofMillis(2)).atMost(Duration.ofSeconds(20)).until(() -> pool
                .preparedQuery("select owner_user_id from tenant_provisioning where id = $1").execute(Tuple.of(creation))
                .map(rows -> rows.iterator().next().getString("owner_user_id") != null)
                .await().atMost(Duration.ofSeconds(5)));
        provisioning.undo(creation).await().atMost(Duration.ofSeconds(60));

        assertEquals(organization, resumed.get(60, TimeUnit.SECONDS).tenant().id());
        given().auth().oauth2(Fixtures.platformAdmin()).when().get("/api/v1/platform/tenants/" + organization)
                .then().statusCode(200).body("status", equalTo("active"));
        assertEquals(1, KeycloakAdminLookup.organizationsNamed(slug));
        assertEquals(1, KeycloakAdminLookup.organizationMembers(organization));
    }
}
