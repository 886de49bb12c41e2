package io.panels.common.security;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Stores in {@link VerifiedTokenCache} the identity quarkus-oidc built for a token the cache
 * missed (docs/adr/0050). An augmentor only ever sees an identity that a provider returned, i.e.
 * a token that passed full verification (signature, issuer, audience, expiry); a refused token
 * never gets here. It runs first (highest priority), so it keeps the identity as quarkus-oidc
 * built it, before the per-request augmentors (ADR 0023), which run again on every cache hit.
 */
@ApplicationScoped
public class VerifiedTokenStore implements SecurityIdentityAugmentor {

    private final VerifiedTokenCache cache;

    public VerifiedTokenStore(VerifiedTokenCache cache) {
        this.cache = cache;
    }

    @Override
    public int priority() {
        return Integer.MAX_VALUE;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        return Uni.createFrom().item(identity);
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context,
            Map<String, Object> attributes) {
        Object missed = attributes.get(CachedTokenIdentityProvider.MISSED_TOKEN_ATTRIBUTE);
        AccessTokenCredential credential = identity.getCredential(AccessTokenCredential.class);
        // Only the identity verified for the very token the cache missed on this request.
        if (missed instanceof String token && !identity.isAnonymous()
                && identity.getAttribute(CachedTokenIdentityProvider.FROM_CACHE_ATTRIBUTE) == null
                && credential != null && token.equals(credential.getToken())
                && identity instanceof QuarkusSecurityIdentity verified
                && identity.getPrincipal() instanceof JsonWebToken jwt) {
            // Without the request's own objects, so an entry holds no finished request alive.
            cache.store(token, CachedTokenIdentityProvider.copy(verified).build(), jwt.getExpirationTime());
        }
        return Uni.createFrom().item(identity);
    }
}
