package io.panels.notification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.panels.common.testing.Keycloak;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Real tokens that expire within seconds, from a test client of their own (made once through the
 * Admin API, with the same tenant_roles mapper as panels-test and a short access-token lifespan),
 * so the stream's expiry handling is tested against Keycloak's own {@code exp}.
 */
public final class ShortLivedTokens {

    public static final int LIFESPAN_SECONDS = 5;
    private static final String CLIENT = "panels-test-short-lived";
    private static final String SECRET = "panels-test-short-lived-secret";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static boolean ensured;

    private ShortLivedTokens() {
    }

    public static String token(Keycloak.TestUser user) {
        ensureClient();
        String form = form(Map.of("grant_type", "password", "client_id", CLIENT, "client_secret", SECRET,
                "username", user.username(), "password", user.username(), "scope", "openid organization:" + user.tenant().alias()));
        HttpRequest request = HttpRequest.newBuilder(URI.create(Keycloak.BASE_URL + "/realms/" + Keycloak.REALM + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        JsonNode body = JSON.valueToTree(Map.of());
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("token request answered " + response.statusCode() + ": " + response.body());
            }
            body = JSON.readTree(response.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return body.path("access_token").asText();
    }

    private static synchronized void ensureClient() {
        if (ensured) {
            return;
        }
        Map<String, Object> mapper = Map.of("name", "tenant_roles", "protocol", "openid-connect",
                "protocolMapper", "oidc-usermodel-attribute-mapper", "consentRequired", false,
                "config", Map.of("access.token.claim", "true", "id.token.claim", "true", "userinfo.token.claim", "true",
                        "introspection.token.claim", "true", "user.attribute", "tenant_roles", "claim.name", "tenant_roles",
                        "jsonType.label", "String", "multivalued", "true", "aggregate.attrs", "false"));
        Map<String, Object> client = new java.util.HashMap<>();
        client.put("clientId", CLIENT);
        client.put("name", "Panels tests: short-lived tokens");
        client.put("enabled", true);
        client.put("publicClient", false);
        client.put("protocol", "openid-connect");
        client.put("clientAuthenticatorType", "client-secret");
        client.put("secret", SECRET);
        client.put("standardFlowEnabled", false);
        client.put("directAccessGrantsEnabled", true);
        client.put("protocolMappers", List.of(mapper));
        client.put("attributes", Map.of("access.token.lifespan", String.valueOf(LIFESPAN_SECONDS)));
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(Keycloak.BASE_URL + "/admin/realms/" + Keycloak.REALM + "/clients"))
                    .header("Authorization", "Bearer " + Keycloak.masterAdminToken())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(client))).build();
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            // 409: made by an earlier run, with the same settings.
            if (response.statusCode() != 201 && response.statusCode() != 409) {
                throw new IllegalStateException("creating " + CLIENT + " answered " + response.statusCode() + ": " + response.body());
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        ensured = true;
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
