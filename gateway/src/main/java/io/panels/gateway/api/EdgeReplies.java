package io.panels.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.panels.common.problem.Problem;
import io.panels.common.request.RequestIds;
import io.panels.gateway.config.GatewaySettings;
import io.panels.gateway.domain.Admission;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * The gateway's own replies (problem+json, with the same {@code type} URIs as every service) and
 * the headers put on every reply, the proxied ones included.
 */
@ApplicationScoped
public class EdgeReplies {

    static final String REQUEST_ID = "panels.requestId";
    static final String ADMISSION = "panels.admission";

    private final ObjectMapper json;
    private final GatewaySettings.Headers settings;

    public EdgeReplies(ObjectMapper json, GatewaySettings settings) {
        this.json = json;
        this.settings = settings.headers();
    }

    public void problem(RoutingContext rc, int status, String slug, String title, String detail) {
        HttpServerResponse response = rc.response();
        if (response.headWritten()) {
            response.reset();
            return;
        }
        Problem body = new Problem(Problem.TYPE_BASE + slug, title, status, detail, rc.normalizedPath(),
                RequestIds.traceId(), List.of());
        response.setStatusCode(status).putHeader("Content-Type", Problem.MEDIA_TYPE);
        if (status == 401) {
            response.putHeader("WWW-Authenticate", "Bearer");
        }
        if (status == 429 || status == 503) {
            Admission admission = rc.get(ADMISSION);
            if (admission != null && !admission.allowed()) {
                response.putHeader("Retry-After", String.valueOf(admission.retryAfterSeconds()));
            }
        }
        if (!rc.request().isEnded()) {
            if (hasBody(rc.request())) {
                // The unread body must not be taken for the next request on this connection.
                response.putHeader("Connection", "close");
            } else {
                rc.request().resume();
            }
        }
        try {
            response.end(json.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            response.end();
        }
    }

    /** Headers of every reply: request id, security headers, and the rate-limit state when one was checked. */
    void onEveryReply(RoutingContext rc) {
        MultiMap headers = rc.response().headers();
        Object requestId = rc.get(REQUEST_ID);
        if (requestId != null) {
            headers.set(RequestIds.HEADER, requestId.toString());
        }
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("X-Frame-Options", "DENY");
        if (!headers.contains("Content-Security-Policy")) {
            headers.set("Content-Security-Policy", "frame-ancestors 'none'");
        }
        headers.set("Referrer-Policy", settings.referrerPolicy());
        if (rc.request().isSSL() || "https".equalsIgnoreCase(rc.request().getHeader("X-Forwarded-Proto"))) {
            headers.set("Strict-Transport-Security", settings.strictTransportSecurity());
        }
        Admission admission = rc.get(ADMISSION);
        if (admission != null && admission.limited()) {
            headers.set("RateLimit-Limit", String.valueOf(admission.limit()));
            headers.set("RateLimit-Remaining", String.valueOf(admission.remaining()));
            headers.set("RateLimit-Reset", String.valueOf(admission.resetSeconds()));
            headers.set("RateLimit-Policy", admission.limit() + ";w=60");
        }
    }

    private static boolean hasBody(HttpServerRequest request) {
        String length = request.getHeader("Content-Length");
        return request.getHeader("Transfer-Encoding") != null || (length != null && !length.trim().equals("0"));
    }
}
