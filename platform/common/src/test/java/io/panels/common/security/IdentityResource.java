package io.panels.common.security;

import io.panels.common.tenant.TenantContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Test-only: everything a resource can learn about its caller, to compare cached and verified identities. */
@Path("/api/v1/identity")
public class IdentityResource {

    @Inject
    SecurityIdentity identity;

    @Inject
    TenantContext tenant;

    @GET
    public Map<String, Object> identity() {
        JsonWebToken token = (JsonWebToken) identity.getPrincipal();
        Map<String, Object> claims = new TreeMap<>();
        token.getClaimNames().forEach(name -> claims.put(name, String.valueOf((Object) token.getClaim(name))));
        Map<String, Object> reply = new TreeMap<>();
        reply.put("principal", identity.getPrincipal().getName());
        reply.put("principalType", identity.getPrincipal().getClass().getName());
        reply.put("roles", new TreeSet<>(identity.getRoles()));
        reply.put("claims", claims);
        reply.put("tenantId", tenant.tenantId().toString());
        reply.put("role", tenant.role().name());
        reply.put("subject", tenant.subject());
        reply.put("actingUser", tenant.actingUser());
        reply.put("attributes", new TreeSet<>(identity.getAttributes().keySet()));
        reply.put("fromCache", identity.getAttribute(CachedTokenIdentityProvider.FROM_CACHE_ATTRIBUTE) != null);
        reply.put("requestBound", identity.getAttribute(RoutingContext.class.getName()) != null);
        // The request the identity carries, where augmentors read headers: its own marker header, not an earlier request's.
        RoutingContext request = HttpSecurityUtils.getRoutingContextAttribute(identity);
        reply.put("requestMarker", request == null ? "none" : String.valueOf(request.request().getHeader("X-Test-Marker")));
        return reply;
    }
}
