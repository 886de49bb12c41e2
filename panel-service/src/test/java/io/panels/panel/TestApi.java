package io.panels.panel;

import static io.restassured.RestAssured.given;

import io.panels.common.testing.Keycloak;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** A throw-away tenant with one member per role and their real tokens, and short-hands for calls. */
public final class TestApi {

    public final Keycloak.TestTenant tenant;
    public final String admin;
    public final String editor;
    public final String viewer;

    private TestApi(Keycloak.TestTenant tenant, String admin, String editor, String viewer) {
        this.tenant = tenant;
        this.admin = admin;
        this.editor = editor;
        this.viewer = viewer;
    }

    /** A new tenant with an admin; editor and viewer tokens only when {@code allRoles}. */
    public static TestApi newTenant(boolean allRoles) {
        Keycloak.TestTenant tenant = Keycloak.createTenant();
        String admin = tenant.member("admin").token();
        return allRoles
                ? new TestApi(tenant, admin, tenant.member("editor").token(), tenant.member("viewer").token())
                : new TestApi(tenant, admin, null, null);
    }

    /** The given tenant, acting through a member whose token is given (editor and viewer unset). */
    public static TestApi newTenantWithAdmin(Keycloak.TestTenant tenant, String adminToken) {
        return new TestApi(tenant, adminToken, null, null);
    }

    public static RequestSpecification as(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }

    public RequestSpecification asAdmin() {
        return as(admin);
    }

    /** Creates a panel as admin from a JSON body and answers the reply (asserting 201). */
    public Response createPanel(String body) {
        return asAdmin().body(body).post("/api/v1/panels").then().statusCode(201).extract().response();
    }

    public String createPanelNamed(String name) {
        return createPanel("{\"name\":\"" + name + "\"}").path("id");
    }

    public Response getPanel(String panelId) {
        return asAdmin().get("/api/v1/panels/" + panelId).then().statusCode(200).extract().response();
    }
}
