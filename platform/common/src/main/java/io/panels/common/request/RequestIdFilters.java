package io.panels.common.request;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/** Takes the caller's {@code X-Request-Id} (or makes one), logs with it, and returns it. */
public class RequestIdFilters {

    private static final String PROPERTY = "panels.requestId";

    @ServerRequestFilter(preMatching = true)
    public void takeRequestId(ContainerRequestContext request) {
        String id = RequestIds.acceptOrCreate(request.getHeaderString(RequestIds.HEADER));
        request.setProperty(PROPERTY, id);
        MDC.put(RequestIds.MDC_REQUEST_ID, id);
    }

    @ServerResponseFilter
    public void returnRequestId(ContainerRequestContext request, ContainerResponseContext response) {
        Object id = request.getProperty(PROPERTY);
        if (id != null) {
            response.getHeaders().putSingle(RequestIds.HEADER, id);
        }
    }
}
