package io.panels.notification.domain;

import io.panels.common.problem.ProblemException;
import io.panels.common.tenant.TenancySettings;
import io.panels.common.tenant.TenantAccess;
import io.panels.common.tenant.TenantClaims;
import io.panels.common.tenant.TokenClaims;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.TenantIdentityProvider;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Verifies a stream client's access token exactly as the REST API does (signature against the
 * realm's keys, expiry, issuer: quarkus-oidc) and reads its tenant and role the same way
 * ({@link TenantClaims}). A token naming no tenant, several, or no role is refused.
 */
@ApplicationScoped
public class StreamAuthenticator {

    /** Why a token was not accepted: told to the client in the close reason. */
    public static final class Refused extends RuntimeException {
        public Refused(String message) {
            super(message, null, false, false);
        }
    }

    private final TenantIdentityProvider identities;
    private final TenancySettings tenancy;

    public StreamAuthenticator(TenantIdentityProvider identities, TenancySettings tenancy) {
        this.identities = identities;
        this.tenancy = tenancy;
    }

    public Uni<StreamIdentity> authenticate(String token) {
        if (token == null || token.isBlank()) {
            return Uni.createFrom().failure(new Refused("no token"));
        }
        return identities.authenticate(new AccessTokenCredential(token))
                .onFailure().transform(failure -> new Refused("invalid or expired token"))
                .map(identity -> {
                    if (!(identity.getPrincipal() instanceof JsonWebToken jwt)) {
                        throw new Refused("not an access token");
                    }
                    String subject = jwt.getSubject() != null ? jwt.getSubject() : jwt.getName();
                    TenantAccess access;
                    try {
                        access = TenantClaims.read(TokenClaims.value(jwt, tenancy.organizationClaim()),
                                TokenClaims.value(jwt, tenancy.tenantRolesClaim()), subject);
                    } catch (ProblemException e) {
                        throw new Refused(e.slug());
                    }
                    Object name = jwt.getClaim("preferred_username");
                    return new StreamIdentity(access.tenantId(), subject, name == null ? subject : text(name), access.role(),
                            Instant.ofEpochSecond(jwt.getExpirationTime()));
                });
    }

    private static String text(Object value) {
        return value instanceof jakarta.json.JsonString json ? json.getString() : String.valueOf(value);
    }
}
