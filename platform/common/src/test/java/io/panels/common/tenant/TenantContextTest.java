package io.panels.common.tenant;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.panels.common.TestDatabase;
import io.panels.common.ids.Ids;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.ClaimType;
import io.quarkus.test.security.oidc.OidcSecurity;
import io.restassured.http.ContentType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The tenant and role come from the token's claims, and the roles gate writes. */
@QuarkusTest
class TenantContextTest {

    static final String TENANT_A = "0195f000-0000-7000-8000-00000000a001";
    static final String TENANT_B = "0195f000-0000-7000-8000-00000000b001";
    static final String NOTE = "{\"text\":\"quarterly numbers\",\"priority\":3}";

    @Test
    @TestSecurity(user = "viewer-a")
    @OidcSecurity(claims = {
            @Claim(key = "organization", value = "{\"a\":{\"id\":\"" + TENANT_A + "\"}}", type = ClaimType.JSON_OBJECT),
            @Claim(key = "tenant_roles", value = "[\"" + TENANT_A + ":viewer\"]", type = ClaimType.JSON_ARRAY)})
    void aViewerReadsButCannotWrite() {
        given().when().get("/api/v1/me").then().statusCode(200)
                .body("tenantId", equalTo(TENANT_A))
                .body("role", equalTo("VIEWER"))
                .body("subject", equalTo("viewer-a"));
        given().contentType(ContentType.JSON).body(NOTE).when().post("/api/v1/notes")
                .then().statusCode(403).contentType("application/problem+json")
                .body("type", equalTo("https://panels.io/problems/insufficient-role"));
    }

    @Test
    @TestSecurity(user = "nobody")
    @OidcSecurity(claims = @Claim(key = "tenant_roles", value = "[\"" + TENANT_A + ":owner\"]", type = ClaimType.JSON_ARRAY))
    void aTokenWithoutAnOrganizationIsRefused() {
        given().when().get("/api/v1/me").then().statusCode(403).contentType("application/problem+json")
                .body("type", equalTo("https://panels.io/problems/tenant-required"));
    }

    @Test
    @TestSecurity(user = "both")
    @OidcSecurity(claims = {
            @Claim(key = "organization", value = "{\"a\":{\"id\":\"" + TENANT_A + "\"},\"b\":{\"id\":\"" + TENANT_B + "\"}}",
                    type = ClaimType.JSON_OBJECT),
            @Claim(key = "tenant_roles", value = "[\"" + TENANT_A + ":owner\",\"" + TENANT_B + ":owner\"]",
                    type = ClaimType.JSON_ARRAY)})
    void aTokenNamingTwoOrganizationsIsRefused() {
        given().when().get("/api/v1/me").then().statusCode(403)
                .body("type", equalTo("https://panels.io/problems/tenant-ambiguous"));
    }

    @Test
    void noTokenIsA401Problem() {
        given().when().get("/api/v1/me").then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer");
    }

    @Test
    @TestSecurity(user = "editor-a")
    @OidcSecurity(claims = {
            @Claim(key = "organization", value = "{\"a\":{\"id\":\"" + TENANT_A + "\"}}", type = ClaimType.JSON_OBJECT),
            @Claim(key = "tenant_roles", value = "[\"" + TENANT_A + ":editor\"]", type = ClaimType.JSON_ARRAY)})
    void anEditorWritesAndReadsItsOwnNote() {
        String id = given().contentType(ContentType.JSON).body(NOTE).when().post("/api/v1/notes")
                .then().statusCode(201).body("text", equalTo("quarterly numbers")).extract().path("id");
        given().when().get("/api/v1/notes/" + id).then().statusCode(200).body("priority", equalTo(3));
    }

    @Test
    @TestSecurity(user = "owner-b")
    @OidcSecurity(claims = {
            @Claim(key = "organization", value = "{\"b\":{\"id\":\"" + TENANT_B + "\"}}", type = ClaimType.JSON_OBJECT),
            @Claim(key = "tenant_roles", value = "[\"" + TENANT_B + ":owner\"]", type = ClaimType.JSON_ARRAY)})
    void anotherTenantsNoteIsNotFoundAndRowLevelSecurityHidesItToo() throws Exception {
        UUID noteOfA = Ids.newId();
        try (Connection connection = TestDatabase.connect();
             PreparedStatement bind = connection.prepareStatement("select set_config('panels.tenant_id', ?, false)");
             PreparedStatement insert = connection.prepareStatement(
                     "insert into note (id, tenant_id, text, priority) values (?, ?, 'secret of A', 1)")) {
            bind.setString(1, TENANT_A);
            bind.execute();
            insert.setObject(1, noteOfA);
            insert.setObject(2, UUID.fromString(TENANT_A));
            insert.executeUpdate();
        }
        given().when().get("/api/v1/notes/" + noteOfA).then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("https://panels.io/problems/not-found"));

        assertEquals(1, TestDatabase.count(UUID.fromString(TENANT_A), "select count(*) from note where id = ?", noteOfA));
        assertEquals(0, TestDatabase.count(UUID.fromString(TENANT_B), "select count(*) from note where id = ?", noteOfA),
                "row-level security must hide tenant A's row from a transaction bound to tenant B");
        assertEquals(0, TestDatabase.count(null, "select count(*) from note where id = ?", noteOfA),
                "a transaction bound to no tenant sees no tenant rows");
    }
}
