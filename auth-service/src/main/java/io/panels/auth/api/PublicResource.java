package io.panels.auth.api;

import io.panels.auth.config.AuthSettings;
import io.panels.auth.domain.Invitations;
import io.panels.auth.domain.NewTenant;
import io.panels.auth.domain.TenantProvisioning;
import io.panels.common.problem.ProblemException;
import io.panels.events.tenant.PlanLimits;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The calls that need no token: self-service sign-up (when switched on) and invitation acceptance. */
@Path("/api/v1/public")
@Tag(name = "Public", description = "Sign-up and invitation acceptance; no token")
public class PublicResource {

    private final AuthSettings settings;
    private final TenantProvisioning provisioning;
    private final Invitations invitations;

    public PublicResource(AuthSettings settings, TenantProvisioning provisioning, Invitations invitations) {
        this.settings = settings;
        this.provisioning = provisioning;
        this.invitations = invitations;
    }

    @POST
    @Path("/signup")
    @Operation(summary = "Sign up a new tenant",
            description = "Only when panels.auth.signup.enabled is true (404 otherwise). The tenant gets the sign-up plan; "
                    + "its owner is the user with that e-mail, or a new one who sets a password through the invitation link.")
    @APIResponse(responseCode = "201", description = "Created")
    public Uni<Response> signup(@Valid @NotNull SignupRequest request) {
        AuthSettings.Signup signup = settings.signup();
        if (!signup.enabled()) {
            throw new ProblemException(404, "not-found", "Not found", "Self-service sign-up is switched off.");
        }
        return provisioning.create(new NewTenant(request.slug(), request.name(), signup.plan(),
                        new PlanLimits(signup.maxPanels(), signup.maxRowsPerPanel(), signup.maxRequestsPerMinute()),
                        request.email().toLowerCase(Locale.ROOT)))
                .map(created -> Response.status(201).entity(CreatedTenantResponse.of(created)).build());
    }

    @POST
    @Path("/invitations/accept")
    @Operation(summary = "Accept an invitation",
            description = "The token from the invitation link makes the invitee a member. A new user gets an account "
                    + "with the given password; an existing user joins as they are.")
    @APIResponse(responseCode = "404", description = "Unknown token")
    @APIResponse(responseCode = "410", description = "Expired or revoked")
    public Uni<AcceptedInvitationResponse> accept(@Valid @NotNull AcceptInvitationRequest request) {
        return invitations.accept(request.token(), request.password(), request.firstName(), request.lastName())
                .map(AcceptedInvitationResponse::of);
    }
}
