package io.panels.common.tenant;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * Service identity (docs/adr/0023): a background job of one service (an export worker) calls
 * another service long after the user's request, so it cannot carry the user's token. It calls
 * with its own Keycloak client-credentials token instead, naming the tenant in
 * {@value #TENANT_HEADER}. Such a call acts in that tenant as a read-only {@code viewer} with
 * subject {@code service:<client id>}, and only when all of these hold:
 * <ul>
 * <li>the token is the client's service-account token: Keycloak names that account
 * {@code service-account-<client id>} ({@code preferred_username}) and, with its default
 * {@code service_account} scope, adds a {@code client_id} claim; either mark is accepted, so a
 * user's token obtained through the same client never qualifies (the trusted clients also allow
 * no user login flow at all);</li>
 * <li>its client is listed in {@code panels.tenancy.trusted-services} of the called service;</li>
 * <li>the header holds a tenant id.</li>
 * </ul>
 * Anything else is left exactly as it was: the token's own claims decide (and a token without an
 * organization is refused as before). The gateway drops both headers from outside requests.
 * {@value #ON_BEHALF_OF_HEADER} names the user the work is for; it is recorded as the actor.
 */
@ApplicationScoped
public class TrustedServices implements SecurityIdentityAugmentor {

    public static final String TENANT_HEADER = "X-Panels-Tenant";
    public static final String ON_BEHALF_OF_HEADER = "X-Panels-On-Behalf-Of";
    /** Identity attribute holding the {@link TenantAccess} granted to a trusted service. */
    public static final String ACCESS_ATTRIBUTE = "panels.service-access";
    /** Identity attribute holding the user a trusted service acts for (the outbox records it as actor). */
    public static final String ACTING_USER_ATTRIBUTE = "panels.acting-user";

    private static final Logger LOG = Logger.getLogger(TrustedServices.class);
    private static final String SERVICE_ACCOUNT_PREFIX = "service-account-";
    private static final String SUBJECT_PREFIX = "service:";
    private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9._:@-]{1,128}");

    private final Set<String> trusted;

    public TrustedServices(TenancySettings settings) {
        this.trusted = settings.trustedServices().orElse(Set.of());
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (trusted.isEmpty() || identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            return Uni.createFrom().item(identity);
        }
        RoutingContext request = HttpSecurityUtils.getRoutingContextAttribute(identity);
        if (request == null) {
            LOG.debugf("No HTTP request for %s: its own claims decide", token.getName());
            return Uni.createFrom().item(identity);
        }
        Object azp = TokenClaims.value(token, "azp");
        Object clientId = TokenClaims.value(token, "client_id");
        Optional<ServiceCall> call = read(trusted, azp, clientId, TokenClaims.value(token, "preferred_username"),
                request.request().getHeader(TENANT_HEADER), request.request().getHeader(ON_BEHALF_OF_HEADER));
        if (call.isEmpty()) {
            LOG.debugf("Not a trusted service call (azp %s, client_id %s, tenant header %s): its own claims decide",
                    azp, clientId, request.request().getHeader(TENANT_HEADER));
            return Uni.createFrom().item(identity);
        }
        QuarkusSecurityIdentity.Builder builder = QuarkusSecurityIdentity.builder(identity)
                .addAttribute(ACCESS_ATTRIBUTE, call.get().access());
        call.get().onBehalfOf().ifPresent(user -> builder.addAttribute(ACTING_USER_ATTRIBUTE, user));
        return Uni.createFrom().item(builder.build());
    }

    /** What a trusted service's call may do, and for whom. */
    public record ServiceCall(TenantAccess access, Optional<String> onBehalfOf) {
    }

    /**
     * The rule, without HTTP: empty unless the token belongs to a trusted client's service account
     * and a tenant id is named. A malformed on-behalf-of value is ignored, not trusted.
     */
    public static Optional<ServiceCall> read(Set<String> trusted, Object azpClaim, Object clientIdClaim,
                                             Object usernameClaim, String tenantHeader, String onBehalfOfHeader) {
        String azp = azpClaim == null ? null : text(azpClaim);
        boolean serviceAccount = azp != null && (clientIdClaim != null && azp.equals(text(clientIdClaim))
                || usernameClaim != null && (SERVICE_ACCOUNT_PREFIX + azp).equals(text(usernameClaim)));
        if (!serviceAccount || !trusted.contains(azp) || tenantHeader == null) {
            return Optional.empty();
        }
        UUID tenantId;
        try {
            tenantId = UUID.fromString(tenantHeader.trim());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        Optional<String> onBehalfOf = Optional.ofNullable(onBehalfOfHeader)
                .filter(user -> USER_ID.matcher(user).matches());
        return Optional.of(new ServiceCall(new TenantAccess(tenantId, null, Role.VIEWER, SUBJECT_PREFIX + azp), onBehalfOf));
    }

    private static String text(Object claim) {
        return claim instanceof jakarta.json.JsonString json ? json.getString() : String.valueOf(claim);
    }

}
