package io.panels.common.tenant;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.panels.common.testing.Keycloak;
import io.panels.common.testing.Keycloak.TestTenant;
import io.panels.common.testing.Keycloak.TestUser;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Service identity (ADR 0023) with real Keycloak tokens: this test app trusts
 * {@code panels-export-service} only (src/test/resources/application.properties).
 */
@QuarkusTest
class TrustedServicesTest {

    static TestTenant tenant;
    static TestUser owner;

    @BeforeAll
    static void createTenant() {
        tenant = Keycloak.createTenant();
        owner = tenant.member("owner");
    }

    static String serviceToken(String client) {
        return given().baseUri(Keycloak.BASE_URL).contentType(ContentType.URLENC)
                .formParam("grant_type", "client_credentials").formParam("client_id", client)
                .formParam("client_secret", client + "-secret")
                .when().post("/realms/" + Keycloak.REALM + "/protocol/openid-connect/token")
                .then().statusCode(200).extract().path("access_token");
    }

    @Test
    void aTrustedServiceActsReadOnlyInTheTenantItNames() {
        given().auth().oauth2(serviceToken("panels-export-service")).header(TrustedServices.TENANT_HEADER, tenant.id().toString())
                .when().get("/api/v1/me").then().statusCode(200)
                .body("tenantId", equalTo(tenant.id().toString()))
                .body("role", equalTo("VIEWER"))
                .body("subject", equalTo("service:panels-export-service"));
        given().auth().oauth2(serviceToken("panels-export-service")).header(TrustedServices.TENANT_HEADER, tenant.id().toString())
                .contentType(ContentType.JSON).body("{\"text\":\"x\",\"priority\":1}")
                .when().post("/api/v1/notes")
                .then().statusCode(403).body("type", equalTo("https://panels.io/problems/insufficient-role"));
    }

    @Test
    void theUserItWorksForIsTheActingUser() {
        given().auth().oauth2(serviceToken("panels-export-service")).header(TrustedServices.TENANT_HEADER, tenant.id().toString())
                .header(TrustedServices.ON_BEHALF_OF_HEADER, owner.id())
                .when().get("/api/v1/acting-user").then().statusCode(200)
                .body("subject", equalTo("service:panels-export-service"))
                .body("actingUser", equalTo(owner.id()));
        given().auth().oauth2(serviceToken("panels-export-service")).header(TrustedServices.TENANT_HEADER, tenant.id().toString())
                .when().get("/api/v1/acting-user").then().statusCode(200)
                .body("actingUser", equalTo("service:panels-export-service"));
    }

    @Test
    void anUnlistedClientOrAMissingOrMalformedTenantHeaderGetsNothing() {
        given().auth().oauth2(serviceToken("panels-view-service")).header(TrustedServices.TENANT_HEADER, tenant.id().toString())
                .when().get("/api/v1/me").then().statusCode(403)
                .body("type", equalTo("https://panels.io/problems/tenant-required"));
        given().auth().oauth2(serviceToken("panels-export-service"))
                .when().get("/api/v1/me").then().statusCode(403)
                .body("type", equalTo("https://panels.io/problems/tenant-required"));
        given().auth().oauth2(serviceToken("panels-export-service")).header(TrustedServices.TENANT_HEADER, "not-a-uuid")
                .when().get("/api/v1/me").then().statusCode(403)
                .body("type", equalTo("https://panels.io/problems/tenant-required"));
    }

    @Test
    void aUserTokenWithTheHeadersStaysInItsOwnTenantWithItsOwnRole() {
        UUID otherTenant = Keycloak.createTenant().id();
        given().auth().oauth2(owner.token()).header(TrustedServices.TENANT_HEADER, otherTenant.toString())
                .header(TrustedServices.ON_BEHALF_OF_HEADER, "someone-else")
                .when().get("/api/v1/acting-user").then().statusCode(200)
                .body("subject", equalTo(owner.id()))
                .body("actingUser", equalTo(owner.id()));
        given().auth().oauth2(owner.token()).header(TrustedServices.TENANT_HEADER, otherTenant.toString())
                .when().get("/api/v1/me").then().statusCode(200)
                .body("tenantId", equalTo(tenant.id().toString()))
                .body("role", equalTo("OWNER"));
    }

    @Test
    void theRuleRequiresAServiceAccountTokenOfATrustedClient() {
        Set<String> trusted = Set.of("panels-export-service");
        String client = "panels-export-service";
        String account = "service-account-panels-export-service";
        String tenantId = UUID.randomUUID().toString();
        assertTrue(TrustedServices.read(trusted, client, client, account, tenantId, null).isPresent());
        assertTrue(TrustedServices.read(trusted, client, null, account, tenantId, null).isPresent());
        assertTrue(TrustedServices.read(trusted, client, client, null, tenantId, null).isPresent());
        // A user's token through the trusted client: azp, but no client_id claim and the user's own name.
        assertTrue(TrustedServices.read(trusted, client, null, "ada@example.com", tenantId, null).isEmpty());
        assertTrue(TrustedServices.read(Set.of(), client, client, account, tenantId, null).isEmpty());
        assertTrue(TrustedServices.read(trusted, client, client, account, null, null).isEmpty());
        TrustedServices.ServiceCall call = TrustedServices.read(trusted, client, client, account, tenantId, "bad value with spaces")
                .orElseThrow();
        assertEquals("service:panels-export-service", call.access().subject());
        assertTrue(call.onBehalfOf().isEmpty(), "a malformed on-behalf-of value is ignored");
    }
}
