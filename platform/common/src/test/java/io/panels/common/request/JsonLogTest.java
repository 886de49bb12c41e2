package io.panels.common.request;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.ClaimType;
import io.quarkus.test.security.oidc.OidcSecurity;
import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Production logs are JSON lines that carry the request and tenant of the work they describe. */
@QuarkusTest
@TestProfile(JsonLogTest.JsonLogs.class)
class JsonLogTest {

    static final String TENANT = "0195f000-0000-7000-8000-00000000d001";
    static final Path LOG = Path.of("target/json-log-test.log");

    public static class JsonLogs implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.log.file.enabled", "true",
                    "quarkus.log.file.path", LOG.toString(),
                    "quarkus.log.file.json.enabled", "true");
        }
    }

    @Test
    @TestSecurity(user = "editor-d")
    @OidcSecurity(claims = {
            @Claim(key = "organization", value = "{\"d\":{\"id\":\"" + TENANT + "\"}}", type = ClaimType.JSON_OBJECT),
            @Claim(key = "tenant_roles", value = "[\"" + TENANT + ":editor\"]", type = ClaimType.JSON_ARRAY)})
    void aFailureIsLoggedAsJsonWithItsRequestAndTenant() {
        String requestId = "log-" + UUID.randomUUID();
        given().header("X-Request-Id", requestId).contentType(ContentType.JSON).body("{\"text\":\"x\",\"priority\":1}")
                .when().post("/api/v1/notes/failing").then().statusCode(500);

        JsonNode line = Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> findLine(requestId), Optional::isPresent).orElseThrow();
        assertEquals("ERROR", line.path("level").asText());
        assertEquals(TENANT, line.path("mdc").path("tenantId").asText());
    }

    private static Optional<JsonNode> findLine(String requestId) throws Exception {
        if (!Files.exists(LOG)) {
            return Optional.empty();
        }
        ObjectMapper json = new ObjectMapper();
        for (String text : Files.readAllLines(LOG)) {
            if (text.contains(requestId)) {
                JsonNode line = json.readTree(text);
                if (requestId.equals(line.path("mdc").path("requestId").asText())) {
                    return Optional.of(line);
                }
            }
        }
        return Optional.empty();
    }
}
