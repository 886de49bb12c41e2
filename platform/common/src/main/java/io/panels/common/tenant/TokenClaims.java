package io.panels.common.tenant;

import io.quarkus.oidc.runtime.OidcJwtCallerPrincipal;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Claims of a verified token, read cheaply. */
public final class TokenClaims {

    private TokenClaims() {
    }

    /**
     * A claim as {@link JsonWebToken#getClaim} answers it (JSON-P values), without smallrye-jwt's
     * look-up of the name among the standard claims: for any other name (ours: the organization and
     * the tenant roles) that look-up throws and catches an exception, twice per claim, and these
     * claims are read on every request.
     */
    public static Object value(JsonWebToken token, String name) {
        return token instanceof OidcJwtCallerPrincipal oidc ? oidc.getClaims().getClaimValue(name) : token.getClaim(name);
    }
}
