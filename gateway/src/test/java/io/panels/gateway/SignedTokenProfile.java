package io.panels.gateway;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The gateway trusting {@link TestTokens#TRUSTED} (issuer and audience of its own) instead of Keycloak. */
public class SignedTokenProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.oidc.auth-server-url", "",
                "quarkus.oidc.public-key", TestTokens.publicKey(),
                "quarkus.oidc.token.issuer", TestTokens.ISSUER,
                "quarkus.oidc.token.audience", TestTokens.AUDIENCE,
                "quarkus.oidc.jwks.resolve-early", "false");
    }
}
