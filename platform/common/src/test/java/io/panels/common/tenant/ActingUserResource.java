package io.panels.common.tenant;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.util.Map;

/** Test-only: shows who a call acts for, so the service-identity tests can see X-Panels-On-Behalf-Of. */
@Path("/api/v1/acting-user")
public class ActingUserResource {

    @Inject
    TenantContext tenant;

    @GET
    public Map<String, String> actingUser() {
        tenant.require(Role.VIEWER);
        return Map.of("subject", tenant.subject(), "actingUser", tenant.actingUser());
    }
}
