package io.panels.data;

import static io.restassured.RestAssured.given;

import io.panels.common.testing.Keycloak;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** A throw-away tenant with an editor and a viewer and their real Keycloak tokens. */
public final class TestApi {

    public final Keycloak.TestTenant tenant;
    public final String editor;
    public final String viewer;

    private TestApi(Keycloak.TestTenant tenant, String editor, String viewer) {
        this.tenant = tenant;
        this.editor = editor;
        this.viewer = viewer;
    }

    public static TestApi newTenant() {
        Keycloak.TestTenant tenant = Keycloak.createTenant();
        return new TestApi(tenant, tenant.member("editor").token(), tenant.member("viewer").token());
    }

    public static RequestSpecification as(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }

    public RequestSpecification asEditor() {
        return as(editor);
    }

    public RequestSpecification asViewer() {
        return as(viewer);
    }
}
