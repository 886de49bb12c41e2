package io.panels.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.panels.common.testing.Keycloak;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

/** What Keycloak holds, read independently of auth-service (as the master admin) for assertions. */
final class KeycloakAdminLookup {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private KeycloakAdminLookup() {
    }

    static Optional<JsonNode> organization(UUID id) {
        return get("/organizations/" + id);
    }

    /** Organizations whose alias is exactly {@code alias} (Keycloak searches names; ours are the alias). */
    static long organizationsNamed(String alias) {
        return get("/organizations?exact=true&search=" + URLEncoder.encode(alias, StandardCharsets.UTF_8))
                .map(JsonNode::size).orElse(0);
    }

    static JsonNode tenantRoles(String userId) {
        return get("/users/" + userId).map(user -> user.path("attributes").path("tenant_roles")).orElseThrow();
    }

    static Optional<JsonNode> userByEmail(String email) {
        return get("/users?exact=true&email=" + URLEncoder.encode(email, StandardCharsets.UTF_8))
                .filter(users -> users.size() > 0).map(users -> users.get(0));
    }

    static long organizationMembers(UUID id) {
        return get("/organizations/" + id + "/members").map(JsonNode::size).orElse(0);
    }

    /** Shortens the access-token lifespan of a client to one second (to get a token that expires). */
    static void shortTokens(String clientId) {
        JsonNode client = get("/clients?clientId=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8)).orElseThrow().get(0);
        ((com.fasterxml.jackson.databind.node.ObjectNode) client.path("attributes")).put("access.token.lifespan", "1");
        HttpRequest request = HttpRequest.newBuilder(URI.create(Keycloak.BASE_URL + "/admin/realms/panels/clients/"
                        + client.path("id").asText()))
                .header("Authorization", "Bearer " + Keycloak.masterAdminToken())
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(client.toString())).build();
        try {
            int status = HTTP.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
            if (status != 204) {
                throw new IllegalStateException("PUT client answered " + status);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Optional<JsonNode> get(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(Keycloak.BASE_URL + "/admin/realms/panels" + path))
                .header("Authorization", "Bearer " + Keycloak.masterAdminToken()).GET().build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 404) {
                return Optional.empty();
            }
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + path + " answered " + response.statusCode());
            }
            return Optional.of(JSON.readTree(response.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
