package io.panels.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The merged OpenAPI document and Swagger UI, with one service down. */
@QuarkusTest
@QuarkusTestResource(Backends.class)
class DocsTest {

    @Test
    void theDocumentMergesEveryServiceThatAnswers() {
        given().when().get("/api/v1/openapi")
                .then().statusCode(200)
                .contentType("application/json")
                .body("info.title", equalTo("Panels API"))
                .body("paths.'/api/v1/auth-things'.get.operationId", equalTo("authList"))
                .body("paths.'/api/v1/panel-things'.get.operationId", equalTo("panelList"))
                .body("paths.'/api/v1/notification-things'", notNullValue())
                .body("components.schemas.panelThing.type", equalTo("object"))
                .body("components.schemas.Problem", notNullValue())
                .body("x-panels-services.panel-service", equalTo("included"))
                .body("x-panels-services.export-service", equalTo("unavailable"));
    }

    @Test
    void swaggerUiReadsIt() {
        given().when().get("/api/v1/docs/")
                .then().statusCode(200)
                .contentType(containsString("text/html"));
    }
}
