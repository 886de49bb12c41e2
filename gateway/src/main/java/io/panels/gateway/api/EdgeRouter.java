package io.panels.gateway.api;

import io.panels.common.problem.ProblemException;
import io.panels.common.request.RequestIds;
import io.panels.gateway.client.UpstreamFailure;
import io.panels.gateway.client.UpstreamProxy;
import io.panels.gateway.config.GatewaySettings;
import io.panels.gateway.domain.Access;
import io.panels.gateway.domain.Admission;
import io.panels.gateway.domain.Caller;
import io.panels.gateway.domain.EdgePolicy;
import io.panels.gateway.domain.RateLimitRules;
import io.panels.gateway.domain.Route;
import io.panels.gateway.domain.RouteTable;
import io.panels.gateway.store.AdmissionLeases;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * The edge, in the order a request meets it: request id, route, body size, token policy, tenant
 * state and rate limit (one Redis round trip), then the streaming proxy or the WebSocket tunnel.
 * A plain Vert.x route, so bodies stream and the token is verified once, by quarkus-oidc's
 * proactive authentication before this runs (a bad token never gets here: 401 problem+json from
 * platform/common's AuthenticationProblems).
 */
@ApplicationScoped
public class EdgeRouter {

    private static final Logger LOG = Logger.getLogger(EdgeRouter.class);
    /** Before authentication, so even a refused token gets a request id and the security headers. */
    private static final int EARLY = Integer.MIN_VALUE + 100;
    private static final long WARN_EVERY_NANOS = 30_000_000_000L;

    private final RouteTable routes;
    private final EdgePolicy policy;
    private final RateLimitRules rules;
    private final AdmissionLeases admissions;
    private final UpstreamProxy proxy;
    private final EdgeReplies replies;
    private final EdgeMetrics metrics;
    private final GatewaySettings settings;
    private final AtomicLong lastRedisWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);

    public EdgeRouter(RouteTable routes, EdgePolicy policy, RateLimitRules rules, AdmissionLeases admissions,
                      UpstreamProxy proxy, EdgeReplies replies, EdgeMetrics metrics, GatewaySettings settings) {
        this.routes = routes;
        this.policy = policy;
        this.rules = rules;
        this.admissions = admissions;
        this.proxy = proxy;
        this.replies = replies;
        this.metrics = metrics;
        this.settings = settings;
    }

    void register(@Observes Router router) {
        router.route().order(EARLY).handler(this::everyRequest);
        router.route("/api/v1/*").handler(this::edge);
    }

    private void everyRequest(RoutingContext rc) {
        String requestId = RequestIds.acceptOrCreate(rc.request().getHeader(RequestIds.HEADER));
        // Replaced in place, so what the services (and platform/common's filters) see is the id we return.
        rc.request().headers().set(RequestIds.HEADER, requestId);
        rc.put(EdgeReplies.REQUEST_ID, requestId);
        MDC.put(RequestIds.MDC_REQUEST_ID, requestId);
        rc.addHeadersEndHandler(v -> replies.onEveryReply(rc));
        rc.next();
    }

    private void edge(RoutingContext rc) {
        String path = rc.normalizedPath();
        if (path.equals("/api/v1/openapi") || path.equals("/api/v1/docs") || path.startsWith("/api/v1/docs/")) {
            rc.next();
            return;
        }
        HttpServerRequest request = rc.request();
        boolean upgrade = "websocket".equalsIgnoreCase(request.getHeader(HttpHeaders.UPGRADE));
        if (!upgrade) {
            // Until the service is chosen and the caller admitted, the body waits in the socket.
            request.pause();
        }
        long started = System.nanoTime();
        Optional<Route> match = routes.match(path);
        if (match.isEmpty()) {
            reject(rc, "not_found", 404, "not-found", "Not found", "No API at " + path);
            return;
        }
        Route route = match.get();
        rc.addEndHandler(ended -> metrics.request(route.name(), rc.response().getStatusCode(), started));
        long maxBodySize = route.maxBodySize(settings.maxBodySize().asLongValue());
        if (declaredLength(request) > maxBodySize) {
            reject(rc, "too_large", 413, "payload-too-large", "Payload too large",
                    "The body may have at most " + maxBodySize + " bytes.");
            return;
        }
        Caller caller;
        String address = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        SecurityIdentity identity = identity(rc);
        // Browsers cannot set headers on a WebSocket: an upgrade without a token passes like a public
        // call (limited per address) and the service authenticates its first message (docs/stream.md).
        Access access = upgrade && route.websocket() && (identity == null || identity.isAnonymous())
                ? Access.PUBLIC : Access.of(path);
        try {
            caller = policy.admit(access, identity, address);
        } catch (ProblemException e) {
            reject(rc, e.status() == 401 ? "unauthorized" : "forbidden", e.status(), e.slug(), e.title(), e.getMessage());
            return;
        }
        if (caller.tenantId() != null) {
            MDC.put(RequestIds.MDC_TENANT_ID, caller.tenantId().toString());
        }
        Context context = Vertx.currentContext();
        admit(caller).subscribe().with(
                admission -> context.runOnContext(v -> afterAdmission(rc, route, caller, admission, upgrade, path)),
                failure -> context.runOnContext(v -> afterAdmission(rc, route, caller, Admission.unchecked(), upgrade, path)));
    }

    private Uni<Admission> admit(Caller caller) {
        if (!settings.rateLimit().enabled() && caller.tenantId() == null) {
            return Uni.createFrom().item(Admission.unchecked());
        }
        return admissions.admit(rules.planFor(caller), settings.rateLimit().redisTimeout())
                .map(admission -> settings.rateLimit().enabled() ? admission
                        : new Admission(admission.status(), true, 0, 0, 0, 0))
                .onFailure().recoverWithItem(failure -> {
                    metrics.redisUnavailable();
                    long now = System.nanoTime();
                    long last = lastRedisWarning.get();
                    if (now - last >= WARN_EVERY_NANOS && lastRedisWarning.compareAndSet(last, now)) {
                        LOG.warnf("Redis did not answer (%s): serving without rate limits and tenant-state checks",
                                failure.toString());
                    }
                    return Admission.unchecked();
                });
    }

    private void afterAdmission(RoutingContext rc, Route route, Caller caller, Admission admission, boolean upgrade, String path) {
        rc.put(EdgeReplies.ADMISSION, admission);
        switch (admission.status()) {
            case SUSPENDED -> {
                reject(rc, "tenant_suspended", 403, "tenant-suspended", "Tenant suspended",
                        "This tenant is suspended; its API calls are refused until it is reactivated.");
                return;
            }
            case DELETED -> {
                reject(rc, "tenant_deleted", 403, "tenant-deleted", "Tenant deleted", "This tenant has been deleted.");
                return;
            }
            default -> {
            }
        }
        if (!admission.allowed()) {
            reject(rc, "rate_limited", 429, "rate-limited", "Too many requests",
                    "The request budget of " + admission.limit() + " per minute is used up; retry after "
                            + admission.retryAfterSeconds() + " s.");
            return;
        }
        String uri = path + (rc.request().query() == null ? "" : "?" + rc.request().query());
        if (upgrade) {
            if (!route.websocket()) {
                reject(rc, "bad_request", 400, "websocket-not-supported", "Bad request",
                        "No WebSocket is served at " + path + ".");
                return;
            }
            proxy.tunnel(rc.request(), route, uri).onFailure(failure -> upstreamFailed(rc, failure));
            return;
        }
        proxy.forward(rc.request(), route, uri, route.maxBodySize(settings.maxBodySize().asLongValue()))
                .onFailure(failure -> upstreamFailed(rc, failure));
    }

    private void upstreamFailed(RoutingContext rc, Throwable failure) {
        UpstreamFailure.Kind kind = failure instanceof UpstreamFailure upstream ? upstream.kind() : UpstreamFailure.Kind.BAD_RESPONSE;
        LOG.debugf(failure, "Upstream failure on %s", rc.normalizedPath());
        switch (kind) {
            case UNAVAILABLE -> reject(rc, "upstream_unavailable", 503, "service-unavailable", "Service unavailable",
                    "The service behind this path is not reachable; try again shortly.");
            case TIMEOUT -> reject(rc, "upstream_timeout", 504, "gateway-timeout", "Gateway timeout",
                    "The service behind this path did not answer in time.");
            case BODY_TOO_LARGE -> reject(rc, "too_large", 413, "payload-too-large", "Payload too large",
                    "The body is larger than this path accepts.");
            case BAD_RESPONSE -> reject(rc, "upstream_failed", 502, "bad-gateway", "Bad gateway",
                    "The service behind this path failed to answer.");
        }
    }

    private void reject(RoutingContext rc, String reason, int status, String slug, String title, String detail) {
        metrics.rejected(reason);
        replies.problem(rc, status, slug, title, detail);
    }

    private static SecurityIdentity identity(RoutingContext rc) {
        return rc.user() instanceof QuarkusHttpUser user ? user.getSecurityIdentity() : null;
    }

    private static long declaredLength(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return -1;
        }
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
