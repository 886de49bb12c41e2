package io.panels.e2e;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.panels.common.testing.Keycloak;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Tokens an attacker (or a stale client) could present instead of a member's own, each built from
 * a real token of that member: its signature replaced by another key's, {@code alg: none}, one
 * issued by another realm, and a genuine Keycloak token that has expired.
 */
public final class ForgedTokens {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder URL_DECODER = Base64.getUrlDecoder();
    private static final String SHORT_LIVED_SECRET = "e2e-short-lived-secret";

    private ForgedTokens() {
    }

    /** Name of each forged token → the token, for the member whose real token is {@code genuine}. */
    public static Map<String, String> of(String genuine, String username, String password, String slug) {
        Map<String, String> forged = new LinkedHashMap<>();
        forged.put("wrong signature", resigned(genuine));
        forged.put("alg none", unsigned(genuine));
        forged.put("another realm", Keycloak.masterAdminToken());
        forged.put("expired", expired(username, password, slug));
        return forged;
    }

    private static String resigned(String genuine) {
        String[] parts = genuine.split("\\.");
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            PrivateKey key = generator.generateKeyPair().getPrivate();
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(key);
            rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            return parts[0] + "." + parts[1] + "." + URL.encodeToString(rs256.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String unsigned(String genuine) {
        String[] parts = genuine.split("\\.");
        try {
            ObjectNode header = (ObjectNode) JSON.readTree(URL_DECODER.decode(parts[0]));
            header.put("alg", "none");
            return URL.encodeToString(JSON.writeValueAsBytes(header)) + "." + parts[1] + ".";
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A real token of the member, from a client made for this run whose tokens live 2 s, used once
     * it has expired (the client is removed again).
     */
    private static String expired(String username, String password, String slug) {
        String clientId = "e2e-short-lived-" + UUID.randomUUID().toString().substring(0, 8);
        String admin = Keycloak.masterAdminToken();
        String adminApi = Keycloak.BASE_URL + "/admin/realms/" + Keycloak.REALM + "/clients";
        String location = given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("clientId", clientId, "enabled", true, "publicClient", false, "secret", SHORT_LIVED_SECRET,
                        "directAccessGrantsEnabled", true, "standardFlowEnabled", false,
                        "attributes", Map.of("access.token.lifespan", "2"),
                        "protocolMappers", List.of(Map.of("name", "tenant_roles", "protocol", "openid-connect",
                                "protocolMapper", "oidc-usermodel-attribute-mapper",
                                "config", Map.of("access.token.claim", "true", "user.attribute", "tenant_roles",
                                        "claim.name", "tenant_roles", "jsonType.label", "String", "multivalued", "true")))))
                .post(adminApi).then().statusCode(201).extract().header("Location");
        try {
            String token = given().contentType(ContentType.URLENC)
                    .formParams(Map.of("grant_type", "password", "client_id", clientId, "client_secret", SHORT_LIVED_SECRET,
                            "username", username, "password", password, "scope", "openid organization:" + slug))
                    .post(Keycloak.BASE_URL + "/realms/" + Keycloak.REALM + "/protocol/openid-connect/token")
                    .then().statusCode(200).extract().path("access_token");
            Instant expiry = Instant.ofEpochSecond(Keycloak.claims(token).path("exp").asLong());
            sleepUntil(expiry.plus(Duration.ofSeconds(2)));
            return token;
        } finally {
            given().auth().oauth2(Keycloak.masterAdminToken()).delete(location).then().statusCode(204);
        }
    }

    private static void sleepUntil(Instant instant) {
        long millis = Duration.between(Instant.now(), instant).toMillis();
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
