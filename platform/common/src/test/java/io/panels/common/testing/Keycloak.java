package io.panels.common.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Real tokens from the dev platform's Keycloak for tests, and throw-away tenants made through its
 * Admin API, so each test owns its tenant and users (random names) and never depends on another.
 * Shipped in the panels-common test-jar for every service's tests.
 */
public final class Keycloak {

    public static final String BASE_URL = setting("PANELS_KEYCLOAK_URL", "http://127.0.0.1:8180");
    public static final String REALM = "panels";
    public static final String TEST_CLIENT = "panels-test";
    public static final String TEST_CLIENT_SECRET = "panels-test-secret";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private Keycloak() {
    }

    /** A tenant (organization) made for one test, with a way to add members and get their tokens. */
    public record TestTenant(UUID id, String alias) {

        /** A new user of this tenant with {@code role}; the password is the username. */
        public TestUser member(String role) {
            String username = role + "-" + UUID.randomUUID().toString().substring(0, 8) + "@" + alias + ".test";
            String userId = createUser(username, List.of(id + ":" + role));
            admin("POST", "/organizations/" + id + "/members", JSON.valueToTree(userId));
            return new TestUser(userId, username, this);
        }
    }

    public record TestUser(String id, String username, TestTenant tenant) {

        /** An access token scoped to this user's tenant. */
        public String token() {
            return Keycloak.token(username, username, "openid organization:" + tenant.alias());
        }
    }

    /** Creates an organization with a random alias. */
    public static TestTenant createTenant() {
        String alias = "t-" + UUID.randomUUID().toString().substring(0, 12);
        Map<String, Object> organization = Map.of("name", "Test " + alias, "alias", alias, "enabled", true,
                "domains", List.of(Map.of("name", alias + ".test")));
        String location = admin("POST", "/organizations", JSON.valueToTree(organization));
        return new TestTenant(UUID.fromString(location.substring(location.lastIndexOf('/') + 1)), alias);
    }

    /** A password-grant access token for {@code scope} through the test client. */
    public static String token(String username, String password, String scope) {
        JsonNode body = post(BASE_URL + "/realms/" + REALM + "/protocol/openid-connect/token", form(Map.of(
                "grant_type", "password", "client_id", TEST_CLIENT, "client_secret", TEST_CLIENT_SECRET,
                "username", username, "password", password, "scope", scope)));
        return body.path("access_token").asText();
    }

    /** The decoded claims of a JWT (no verification: for assertions about what Keycloak issued). */
    public static JsonNode claims(String jwt) {
        try {
            return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String createUser(String username, List<String> tenantRoles) {
        Map<String, Object> user = Map.of(
                "username", username, "email", username, "emailVerified", true, "enabled", true,
                "firstName", "Test", "lastName", "User",
                "attributes", Map.of("tenant_roles", tenantRoles),
                "credentials", List.of(Map.of("type", "password", "value", username, "temporary", false)));
        String location = admin("POST", "/users", JSON.valueToTree(user));
        return location.substring(location.lastIndexOf('/') + 1);
    }

    /**
     * A client-credentials token of a new confidential client whose access tokens live
     * {@code lifespanSeconds} (a per-client Keycloak setting), for tests that need a token to expire.
     * The token names no tenant.
     */
    public static String shortLivedServiceToken(int lifespanSeconds) {
        String clientId = "ttl-" + UUID.randomUUID().toString().substring(0, 12);
        String secret = clientId + "-secret";
        admin("POST", "/clients", JSON.valueToTree(Map.of("clientId", clientId, "enabled", true,
                "publicClient", false, "secret", secret, "serviceAccountsEnabled", true,
                "standardFlowEnabled", false, "directAccessGrantsEnabled", false,
                "attributes", Map.of("access.token.lifespan", String.valueOf(lifespanSeconds)))));
        return post(BASE_URL + "/realms/" + REALM + "/protocol/openid-connect/token", form(Map.of(
                "grant_type", "client_credentials", "client_id", clientId, "client_secret", secret)))
                .path("access_token").asText();
    }

    /** A token of the master realm's admin: valid for Keycloak, never for a Panels service. */
    public static String masterAdminToken() {
        return post(BASE_URL + "/realms/master/protocol/openid-connect/token", form(Map.of(
                "grant_type", "password", "client_id", "admin-cli",
                "username", setting("PANELS_KEYCLOAK_ADMIN", "admin"),
                "password", setting("PANELS_KEYCLOAK_ADMIN_PASSWORD", "admin")))).path("access_token").asText();
    }

    /** Calls the Admin API of realm {@code panels} as the master admin; answers the Location header. */
    private static String admin(String method, String path, JsonNode body) {
        String adminToken = masterAdminToken();
        HttpRequest request = HttpRequest.newBuilder(URI.create(BASE_URL + "/admin/realms/" + REALM + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + adminToken)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        HttpResponse<String> response = send(request);
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.headers().firstValue("Location").orElse("");
    }

    private static JsonNode post(String url, String form) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        HttpResponse<String> response = send(request);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("POST " + url + " answered " + response.statusCode() + ": " + response.body());
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static String setting(String env, String fallback) {
        String value = System.getenv(env);
        return value == null || value.isBlank() ? fallback : value;
    }
}
