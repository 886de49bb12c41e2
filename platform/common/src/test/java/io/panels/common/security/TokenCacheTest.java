package io.panels.common.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.panels.common.tenant.TrustedServices;
import io.panels.common.testing.Keycloak;
import io.panels.common.testing.Keycloak.TestTenant;
import io.panels.common.testing.Keycloak.TestUser;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.restassured.http.ContentType;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The verified-token cache (ADR 0050) through the HTTP API with real Keycloak tokens, switched on (the default). */
@QuarkusTest
class TokenCacheTest {

    static TestTenant tenant;
    static TestUser owner;

    @Inject
    VerifiedTokenCache cache;

    @BeforeAll
    static void createTenant() {
        tenant = Keycloak.createTenant();
        owner = tenant.member("owner");
    }

    static Map<String, Object> identityOf(String token) {
        return given().auth().oauth2(token).when().get("/api/v1/identity")
                .then().statusCode(200).extract().jsonPath().getMap("");
    }

    /** What must be equal between a verified and a cached identity: all but the cache's own mark. */
    static Map<String, Object> withoutCacheMark(Map<String, Object> identity) {
        Map<String, Object> copy = new HashMap<>(identity);
        copy.remove("fromCache");
        copy.remove("requestMarker");
        @SuppressWarnings("unchecked")
        List<String> attributes = new java.util.ArrayList<>((List<String>) copy.get("attributes"));
        attributes.remove(CachedTokenIdentityProvider.FROM_CACHE_ATTRIBUTE);
        copy.put("attributes", attributes);
        return copy;
    }

    @Test
    void aRepeatedTokenIsAnsweredFromTheCacheWithTheSameIdentity() {
        String token = owner.token();
        long hits = cache.hits();
        long stores = cache.stores();

        Map<String, Object> verified = identityOf(token);
        Map<String, Object> cached = identityOf(token);
        Map<String, Object> again = identityOf(token);

        assertEquals(false, verified.get("fromCache"));
        assertEquals(true, cached.get("fromCache"));
        assertEquals(true, again.get("fromCache"));
        assertEquals(stores + 1, cache.stores(), "verified and stored once");
        assertEquals(hits + 2, cache.hits());
        assertEquals(withoutCacheMark(verified), withoutCacheMark(cached));
        assertEquals(tenant.id().toString(), cached.get("tenantId"));
        assertEquals("OWNER", cached.get("role"));
        assertEquals(owner.id(), cached.get("subject"));
        assertEquals(true, cached.get("requestBound"), "a cached identity carries the current request");
    }

    @Test
    void aCachedIdentityCarriesTheCurrentRequestNotTheOneItWasVerifiedFor() {
        String token = owner.token();
        Map<String, Object> verified = given().auth().oauth2(token).header("X-Test-Marker", "first").when().get("/api/v1/identity")
                .then().statusCode(200).extract().jsonPath().getMap("");
        Map<String, Object> cached = given().auth().oauth2(token).header("X-Test-Marker", "second").when().get("/api/v1/identity")
                .then().statusCode(200).extract().jsonPath().getMap("");
        assertEquals(false, verified.get("fromCache"));
        assertEquals(true, cached.get("fromCache"));
        // Augmentors (service identity) read headers from this request; the first one must not be kept alive nor reused.
        assertEquals("second", cached.get("requestMarker"));
        // What the cache keeps holds no request: a finished request (its body too) would stay alive with the entry.
        SecurityIdentity kept = cache.find(token).orElseThrow();
        assertNull(kept.getAttribute(HttpSecurityUtils.ROUTING_CONTEXT_ATTRIBUTE));
        assertNull(kept.getAttribute(RoutingContext.class.getName()));
    }

    @Test
    void aTamperedSignatureNeverHitsTheCache() {
        String token = owner.token();
        identityOf(token);
        identityOf(token);
        String[] parts = token.split("\\.");
        char[] signature = parts[2].toCharArray();
        int middle = signature.length / 2;
        signature[middle] = signature[middle] == 'A' ? 'B' : 'A';
        String tampered = parts[0] + "." + parts[1] + "." + new String(signature);
        long hits = cache.hits();
        long stores = cache.stores();

        for (int i = 0; i < 2; i++) {
            given().auth().oauth2(tampered).when().get("/api/v1/identity")
                    .then().statusCode(401).contentType("application/problem+json");
        }

        assertEquals(hits, cache.hits());
        assertEquals(stores, cache.stores());
        assertTrue(cache.find(tampered).isEmpty());
    }

    @Test
    void aTokenThatFailsVerificationIsNotStored() {
        String otherRealm = Keycloak.masterAdminToken();
        long stores = cache.stores();
        for (int i = 0; i < 2; i++) {
            given().auth().oauth2(otherRealm).when().get("/api/v1/me").then().statusCode(401);
        }
        assertEquals(stores, cache.stores());
        assertTrue(cache.find(otherRealm).isEmpty());
    }

    @Test
    void anotherTenantsTokenNeverGetsThisTenantsIdentity() {
        TestUser stranger = Keycloak.createTenant().member("viewer");
        String ours = owner.token();
        String theirs = stranger.token();
        identityOf(ours);
        identityOf(theirs);

        Map<String, Object> cachedOurs = identityOf(ours);
        Map<String, Object> cachedTheirs = identityOf(theirs);

        assertEquals(true, cachedTheirs.get("fromCache"));
        assertEquals(stranger.tenant().id().toString(), cachedTheirs.get("tenantId"));
        assertEquals("VIEWER", cachedTheirs.get("role"));
        assertEquals(stranger.id(), cachedTheirs.get("subject"));
        assertEquals(tenant.id().toString(), cachedOurs.get("tenantId"));
    }

    @Test
    void anExpiredTokenIsRefusedEvenIfCached() {
        String shortLived = Keycloak.shortLivedServiceToken(3);
        long expiresAt = Keycloak.claims(shortLived).path("exp").asLong();
        // Verified (a token without a tenant is a 403, not a 401) and then answered from the cache.
        given().auth().oauth2(shortLived).when().get("/api/v1/me").then().statusCode(403);
        long hits = cache.hits();
        given().auth().oauth2(shortLived).when().get("/api/v1/me").then().statusCode(403);
        assertEquals(hits + 1, cache.hits());

        Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250))
                .until(() -> System.currentTimeMillis() / 1000 > expiresAt);
        given().auth().oauth2(shortLived).when().get("/api/v1/me")
                .then().statusCode(401).contentType("application/problem+json");
        assertTrue(cache.find(shortLived).isEmpty());
    }

    @Test
    void theServiceIdentityHeaderIsReadOnEveryCachedRequest() {
        TestTenant other = Keycloak.createTenant();
        String service = serviceToken("panels-export-service");
        given().auth().oauth2(service).header(TrustedServices.TENANT_HEADER, tenant.id().toString())
                .when().get("/api/v1/identity").then().statusCode(200)
                .body("tenantId", equalTo(tenant.id().toString())).body("fromCache", equalTo(false));
        given().auth().oauth2(service).header(TrustedServices.TENANT_HEADER, other.id().toString())
                .header(TrustedServices.ON_BEHALF_OF_HEADER, owner.id())
                .when().get("/api/v1/identity").then().statusCode(200)
                .body("fromCache", equalTo(true))
                .body("tenantId", equalTo(other.id().toString()))
                .body("role", equalTo("VIEWER"))
                .body("actingUser", equalTo(owner.id()));
        given().auth().oauth2(service).when().get("/api/v1/me")
                .then().statusCode(403).body("type", equalTo("https://panels.io/problems/tenant-required"));
    }

    @Test
    void theRolesOfACachedIdentityStillDecide() {
        TestUser viewer = tenant.member("viewer");
        String token = viewer.token();
        identityOf(token);
        assertFalse(cache.find(token).isEmpty());
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"text\":\"x\",\"priority\":1}")
                .when().post("/api/v1/notes")
                .then().statusCode(403).body("type", equalTo("https://panels.io/problems/insufficient-role"));
    }

    @Test
    void printsTheServerCpuPerRequest() throws Exception {
        AuthenticationCost.print("on", owner.token());
    }

    static String serviceToken(String client) {
        return given().baseUri(Keycloak.BASE_URL).contentType(ContentType.URLENC)
                .formParam("grant_type", "client_credentials").formParam("client_id", client)
                .formParam("client_secret", client + "-secret")
                .when().post("/realms/" + Keycloak.REALM + "/protocol/openid-connect/token")
                .then().statusCode(200).extract().path("access_token");
    }
}
