package io.panels.common.security;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Answers a bearer-token request from {@link VerifiedTokenCache} before quarkus-oidc parses and
 * verifies the token (docs/adr/0050). Quarkus tries the identity providers of a request type by
 * descending priority and moves on to the next when one returns no identity, so a miss falls
 * through to quarkus-oidc's own provider unchanged; the request is marked so that
 * {@link VerifiedTokenStore} keeps what that provider verified. The augmentors (service identity,
 * ADR 0023) run after either, on every request, because they read the request's headers.
 */
@ApplicationScoped
public class CachedTokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    /** Request attribute: the token this provider missed, for {@link VerifiedTokenStore}. */
    static final String MISSED_TOKEN_ATTRIBUTE = "panels.token-cache.missed";
    /** Identity attribute on an identity served from the cache (tests and debugging). */
    public static final String FROM_CACHE_ATTRIBUTE = "panels.token-cache.hit";

    /** Identity attributes that belong to one HTTP request and are replaced by the current one's. */
    static final String ROUTING_CONTEXT_ATTRIBUTE = RoutingContext.class.getName();
    static final String REQUEST_CONTEXT_ATTRIBUTE = AuthenticationRequestContext.class.getName();

    private final VerifiedTokenCache cache;

    public CachedTokenIdentityProvider(VerifiedTokenCache cache) {
        this.cache = cache;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public int priority() {
        // Higher runs first: before quarkus-oidc's provider, which keeps the default (1001).
        return 2000;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        if (!cache.enabled() || request.getToken() == null) {
            return Uni.createFrom().nullItem();
        }
        String token = request.getToken().getToken();
        Optional<SecurityIdentity> cached = cache.find(token);
        if (cached.isEmpty()) {
            request.setAttribute(MISSED_TOKEN_ATTRIBUTE, token);
            return Uni.createFrom().nullItem();
        }
        RoutingContext current = HttpSecurityUtils.getRoutingContextAttribute(request);
        return Uni.createFrom().item(copy((QuarkusSecurityIdentity) cached.get())
                .addAttribute(ROUTING_CONTEXT_ATTRIBUTE, current)
                .addAttribute(REQUEST_CONTEXT_ATTRIBUTE, current != null ? current.get(REQUEST_CONTEXT_ATTRIBUTE) : null)
                .addAttribute(FROM_CACHE_ATTRIBUTE, Boolean.TRUE)
                .build());
    }

    /**
     * Principal, roles, credentials, permissions and attributes of {@code identity}, without the
     * objects of the request it was built for. Not {@code QuarkusSecurityIdentity.builder(identity)}:
     * that delegates permission checks to the original, which would keep its request alive.
     */
    static QuarkusSecurityIdentity.Builder copy(QuarkusSecurityIdentity identity) {
        Map<String, Object> attributes = new HashMap<>(identity.getAttributes());
        attributes.remove(ROUTING_CONTEXT_ATTRIBUTE);
        attributes.remove(REQUEST_CONTEXT_ATTRIBUTE);
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(identity.getPrincipal())
                .addRoles(identity.getRoles())
                .addCredentials(identity.getCredentials())
                .addPermissions(identity.getPermissions())
                .addAttributes(attributes)
                .setAnonymous(identity.isAnonymous());
    }
}
