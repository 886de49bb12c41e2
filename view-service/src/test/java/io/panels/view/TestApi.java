package io.panels.view;

import static io.restassured.RestAssured.given;

import io.panels.common.testing.Keycloak;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** A throw-away tenant with an admin, an editor and two viewers, and their real Keycloak tokens. */
public final class TestApi {

    public final Keycloak.TestTenant tenant;
    public final Keycloak.TestUser editorUser;
    public final Keycloak.TestUser viewerUser;
    public final String admin;
    public final String editor;
    public final String viewer;
    public final String otherViewer;

    private TestApi(Keycloak.TestTenant tenant, Keycloak.TestUser admin, Keycloak.TestUser editor, Keycloak.TestUser viewer,
                    Keycloak.TestUser otherViewer) {
        this.tenant = tenant;
        this.editorUser = editor;
        this.viewerUser = viewer;
        this.admin = admin.token();
        this.editor = editor.token();
        this.viewer = viewer.token();
        this.otherViewer = otherViewer.token();
    }

    public static TestApi newTenant() {
        Keycloak.TestTenant tenant = Keycloak.createTenant();
        return new TestApi(tenant, tenant.member("admin"), tenant.member("editor"), tenant.member("viewer"), tenant.member("viewer"));
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
