package io.panels.common.request;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jboss.logging.MDC;

/**
 * The request id and trace id of the work in progress. The request id lives in the logging MDC
 * (Quarkus keeps the MDC per Vert.x duplicated context, so it follows a reactive request), which
 * is also how JSON logs, outgoing REST calls and outbox events pick it up.
 */
public final class RequestIds {

    public static final String HEADER = "X-Request-Id";
    public static final String MDC_REQUEST_ID = "requestId";
    public static final String MDC_TENANT_ID = "tenantId";

    /** Ids a client may choose: printable, no spaces, short enough for a log line. */
    private static final Pattern ACCEPTABLE = Pattern.compile("[A-Za-z0-9._:\\-]{1,128}");

    private RequestIds() {
    }

    /** The caller's id when it is acceptable, otherwise a fresh one. */
    public static String acceptOrCreate(String offered) {
        if (offered != null && ACCEPTABLE.matcher(offered).matches()) {
            return offered;
        }
        return UUID.randomUUID().toString();
    }

    public static String current() {
        Object id = MDC.get(MDC_REQUEST_ID);
        return id == null ? null : id.toString();
    }

    /** The W3C trace id of the current span, or the request id when tracing is off. */
    public static String traceId() {
        SpanContext span = Span.current().getSpanContext();
        if (span.isValid()) {
            return span.getTraceId();
        }
        String requestId = current();
        return requestId != null ? requestId : UUID.randomUUID().toString();
    }

    /** The {@code traceparent} header value of the current span, or null when there is none. */
    public static String traceparent() {
        SpanContext span = Span.current().getSpanContext();
        if (!span.isValid()) {
            return null;
        }
        return "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getTraceFlags().asHex();
    }
}
