package io.panels.notification.api;

import io.panels.common.problem.ProblemException;
import io.panels.common.tenant.Role;
import io.panels.common.tenant.TenantAccess;
import io.panels.common.tenant.TenantContext;
import io.panels.notification.api.WebhookMessages.CreateWebhook;
import io.panels.notification.api.WebhookMessages.CreatedWebhook;
import io.panels.notification.api.WebhookMessages.DeliveryList;
import io.panels.notification.api.WebhookMessages.DeliveryResponse;
import io.panels.notification.api.WebhookMessages.RotatedSecret;
import io.panels.notification.api.WebhookMessages.UpdateWebhook;
import io.panels.notification.api.WebhookMessages.WebhookList;
import io.panels.notification.api.WebhookMessages.WebhookResponse;
import io.panels.notification.domain.Cursors;
import io.panels.notification.domain.Webhook;
import io.panels.notification.domain.Webhooks;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Outgoing webhooks of the caller's tenant: owners and admins only. The signing secret is in the
 * reply to the creation and nowhere else.
 */
@Path("/api/v1/webhooks")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Webhooks")
public class WebhookResource {

    private static final int DEFAULT_PAGE = 50;

    private final TenantContext tenant;
    private final Webhooks webhooks;

    public WebhookResource(TenantContext tenant, Webhooks webhooks) {
        this.tenant = tenant;
        this.webhooks = webhooks;
    }

    @POST
    @Operation(summary = "Register a webhook", description = "HTTPS only; loopback, private, link-local and metadata addresses are refused. The reply carries the signing secret, shown this once.")
    public Uni<Response> create(@NotNull @Valid CreateWebhook request) {
        TenantAccess access = tenant.require(Role.ADMIN);
        return webhooks.create(access, request.url(), request.eventTypes(), request.description(), request.enabled())
                .map(created -> Response.status(201)
                        .entity(CreatedWebhook.of(created.webhook(), created.secret()))
                        .header(HttpHeaders.ETAG, etag(created.webhook()))
                        .header(HttpHeaders.LOCATION, "/api/v1/webhooks/" + created.webhook().id())
                        .build());
    }

    @GET
    @Operation(summary = "List the tenant's webhooks")
    public Uni<WebhookList> list(@QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        TenantAccess access = tenant.require(Role.ADMIN);
        int size = Cursors.limit(limit, DEFAULT_PAGE);
        return webhooks.page(access.tenantId(), Cursors.parse(cursor), size + 1).map(page -> {
            boolean more = page.size() > size;
            var items = page.stream().limit(size).map(WebhookResponse::of).toList();
            return new WebhookList(items, more ? Cursors.of(items.getLast().id()) : null);
        });
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Read a webhook")
    public Uni<Response> get(@PathParam("id") UUID id) {
        TenantAccess access = tenant.require(Role.ADMIN);
        return webhooks.get(access.tenantId(), id).map(this::ok);
    }

    @PATCH
    @Path("/{id}")
    @Operation(summary = "Change a webhook", description = "Only the fields given change; enabling a disabled webhook clears its failure count. With If-Match, a webhook changed since is refused (412).")
    public Uni<Response> update(@PathParam("id") UUID id, @NotNull @Valid UpdateWebhook request,
                                @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        TenantAccess access = tenant.require(Role.ADMIN);
        return webhooks.update(access.tenantId(), id, version(ifMatch), request.url(), request.eventTypes(),
                request.description(), request.enabled()).map(this::ok);
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete a webhook and its delivery log")
    public Uni<Response> delete(@PathParam("id") UUID id) {
        TenantAccess access = tenant.require(Role.ADMIN);
        return webhooks.delete(access.tenantId(), id).map(done -> Response.noContent().build());
    }

    @POST
    @Path("/{id}/secret")
    @Operation(summary = "Rotate the signing secret", description = "A new secret, shown in this reply only. For the overlap"
            + " (panels.notification.webhooks.secret-overlap, 24 h by default, until previousSecretValidUntil) every delivery is"
            + " signed with both secrets: Panels-Signature t=<t>,v1=<new>,v1=<previous>. With If-Match, a webhook changed since is"
            + " refused (412). No Idempotency-Key: a stored reply would store the secret; retrying rotates again, which is safe.")
    public Uni<Response> rotateSecret(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        TenantAccess access = tenant.require(Role.ADMIN);
        return webhooks.rotateSecret(access.tenantId(), id, version(ifMatch))
                .map(rotated -> Response.ok(new RotatedSecret(rotated.webhook().id(), rotated.webhook().version(), rotated.secret(),
                        rotated.previousSecretValidUntil())).header(HttpHeaders.ETAG, etag(rotated.webhook())).build());
    }

    @GET
    @Path("/{id}/deliveries")
    @Operation(summary = "The webhook's delivery log", description = "Newest first, cursor pagination.")
    public Uni<DeliveryList> deliveries(@PathParam("id") UUID id, @QueryParam("limit") Integer limit,
                                        @QueryParam("cursor") String cursor) {
        TenantAccess access = tenant.require(Role.ADMIN);
        int size = Cursors.limit(limit, DEFAULT_PAGE);
        return webhooks.deliveries(access.tenantId(), id, Cursors.parse(cursor), size + 1).map(page -> {
            boolean more = page.size() > size;
            var items = page.stream().limit(size).map(DeliveryResponse::of).toList();
            return new DeliveryList(items, more ? Cursors.of(items.getLast().id()) : null);
        });
    }

    @POST
    @Path("/{id}/deliveries/{deliveryId}/redeliver")
    @Operation(summary = "Send a delivery again", description = "Queued now, with a fresh retry period; 202.")
    public Uni<Response> redeliver(@PathParam("id") UUID id, @PathParam("deliveryId") UUID deliveryId) {
        TenantAccess access = tenant.require(Role.ADMIN);
        return webhooks.redeliver(access.tenantId(), id, deliveryId)
                .map(delivery -> Response.accepted(DeliveryResponse.of(delivery)).build());
    }

    private Response ok(Webhook webhook) {
        return Response.ok(WebhookResponse.of(webhook)).header(HttpHeaders.ETAG, etag(webhook)).build();
    }

    private static String etag(Webhook webhook) {
        return "\"" + webhook.version() + "\"";
    }

    private static Long version(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(ifMatch.trim().replace("W/", "").replace("\"", ""));
        } catch (NumberFormatException e) {
            throw ProblemException.invalid("If-Match", "an ETag of this webhook, e.g. \"3\"");
        }
    }
}
