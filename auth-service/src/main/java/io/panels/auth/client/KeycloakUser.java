package io.panels.auth.client;

public record KeycloakUser(String id, String username, String email) {
}
