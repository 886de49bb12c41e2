package io.panels.auth.client;

/** A Keycloak service-account client made for an integration, with its current secret. */
public record IntegrationClient(String clientId, String clientUuid, String secret) {
}
