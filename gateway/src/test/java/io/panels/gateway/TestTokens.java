package io.panels.gateway;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * Tokens signed by a key made for the test run. Keycloak will not issue an expired token or one
 * for another audience on demand, so {@link SignedTokenProfile} makes the gateway trust this key
 * and these tokens show how the edge treats each case; a key it does not trust shows a forged one.
 */
final class TestTokens {

    static final String ISSUER = "https://issuer.panels.test";
    static final String AUDIENCE = "panels-api";
    /** Shared through system properties: the test profile and the test run in different class loaders. */
    static final KeyPair TRUSTED = sharedKey();

    private TestTokens() {
    }

    static String tenantToken(KeyPair key, String audience, Instant expires) {
        UUID tenant = UUID.randomUUID();
        JsonObject claims = new JsonObject()
                .put("iss", ISSUER)
                .put("aud", audience)
                .put("sub", UUID.randomUUID().toString())
                .put("azp", "panels-test")
                .put("iat", expires.minusSeconds(300).getEpochSecond())
                .put("exp", expires.getEpochSecond())
                .put("organization", new JsonObject().put("t-signed", new JsonObject().put("id", tenant.toString())))
                .put("tenant_roles", new JsonArray().add(tenant + ":editor"));
        return sign(key.getPrivate(), claims);
    }

    static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static synchronized KeyPair sharedKey() {
        String privateKey = System.getProperty("panels.test.signing-key.private");
        String publicKey = System.getProperty("panels.test.signing-key.public");
        try {
            KeyFactory factory = KeyFactory.getInstance("RSA");
            if (privateKey == null || publicKey == null) {
                KeyPair made = generate();
                System.setProperty("panels.test.signing-key.private",
                        Base64.getEncoder().encodeToString(made.getPrivate().getEncoded()));
                System.setProperty("panels.test.signing-key.public",
                        Base64.getEncoder().encodeToString(made.getPublic().getEncoded()));
                return made;
            }
            return new KeyPair(
                    factory.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(publicKey))),
                    factory.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(privateKey))));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String publicKey() {
        return Base64.getEncoder().encodeToString(TRUSTED.getPublic().getEncoded());
    }

    private static String sign(PrivateKey key, JsonObject claims) {
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        String header = encoder.encodeToString(new JsonObject().put("alg", "RS256").put("typ", "JWT")
                .encode().getBytes(StandardCharsets.UTF_8));
        String payload = encoder.encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8));
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(key);
            signature.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
            return header + "." + payload + "." + encoder.encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
