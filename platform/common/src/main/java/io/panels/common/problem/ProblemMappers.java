package io.panels.common.problem;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.panels.common.request.RequestIds;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place where failures become RFC 9457 replies, for every service. Bad input is always a
 * 4xx with a readable detail; a 500 is logged with its stack and answered with only the traceId.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return reply(e.status(), e.slug(), e.title(), e.getMessage(), uri, e.errors());
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e, UriInfo uri) {
        List<ConstraintViolation<?>> violations = List.copyOf(e.getConstraintViolations());
        if (violations.stream().anyMatch(ProblemMappers::isReturnValue)) {
            return unexpected(e, uri);
        }
        List<FieldError> errors = violations.stream()
                .map(v -> new FieldError(fieldOf(v.getPropertyPath()), v.getMessage()))
                .sorted(Comparator.comparing(FieldError::field))
                .toList();
        String detail = errors.size() == 1
                ? errors.get(0).field() + ": " + errors.get(0).message()
                : errors.size() + " fields are invalid";
        return reply(400, "validation", "Invalid request", detail, uri, errors);
    }

    /** Every way a JSON body can be unreadable; Quarkus may hand these over wrapped, so look at the causes. */
    @ServerExceptionMapper({JsonProcessingException.class, JsonParseException.class, JsonMappingException.class,
            MismatchedInputException.class, InvalidFormatException.class})
    public Response unreadableJson(JsonProcessingException e, UriInfo uri) {
        return jsonProblem(e, uri);
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthenticated(RuntimeException e, UriInfo uri) {
        return Response.fromResponse(reply(401, "unauthorized", "Unauthorized",
                        "A valid bearer token is required.", uri, List.of()))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return reply(403, "forbidden", "Forbidden", "This call is not allowed with your role.", uri, List.of());
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return jsonProblem(json, uri);
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e, uri);
        }
        String reason = reasonOf(status);
        String detail = switch (status) {
            case 404 -> "No resource at " + pathOf(uri);
            case 405 -> "This method is not allowed on " + pathOf(uri);
            case 415 -> "Send the body as application/json.";
            case 406 -> "This resource answers application/json.";
            default -> e.getMessage();
        };
        return reply(status, slugOf(reason), reason, detail, uri, List.of());
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        if (storeUnavailable(e)) {
            LOG.warnf("%s failed: a store is unreachable (%s)", pathOf(uri), e.toString());
            Problem body = new Problem(Problem.TYPE_BASE + "service-unavailable", "Service unavailable", 503,
                    "A store this service needs is unreachable; nothing was changed by this request unless it was "
                            + "acknowledged. Retrying (with the same Idempotency-Key) is safe.",
                    pathOf(uri), RequestIds.traceId(), List.of());
            return Response.status(503).header(HttpHeaders.RETRY_AFTER, "2").type(Problem.MEDIA_TYPE).entity(body).build();
        }
        String traceId = RequestIds.traceId();
        LOG.errorf(e, "Unexpected failure of %s (traceId %s)", pathOf(uri), traceId);
        Problem body = new Problem(Problem.TYPE_BASE + "internal", "Internal error", 500,
                "Something went wrong on our side; quote the traceId when you report it.", pathOf(uri), traceId, List.of());
        return Response.status(500).type(Problem.MEDIA_TYPE).entity(body).build();
    }

    /**
     * True when the failure is a database (or other store) that cannot be reached or went away mid-request:
     * a refused or closed connection, SQLSTATE class 08 (connection exception) or 57P (operator
     * intervention: shutdown, crash recovery). Matched by class name where the class belongs to the
     * reactive SQL client, which services without persistence (the gateway) do not have.
     */
    static boolean storeUnavailable(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.net.ConnectException || cause instanceof java.nio.channels.ClosedChannelException) {
                return true;
            }
            if (cause instanceof java.sql.SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
            String type = cause.getClass().getName();
            if (type.equals("io.vertx.sqlclient.ClosedConnectionException")) {
                return true;
            }
            String message = String.valueOf(cause.getMessage());
            if (type.equals("io.vertx.pgclient.PgException") && (message.contains("(57P0") || message.contains("(08"))) {
                return true;
            }
            if (cause == cause.getCause()) {
                break;
            }
        }
        return false;
    }

    private static Response jsonProblem(JsonProcessingException e, UriInfo uri) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonParseException parse) {
                return reply(400, "malformed-body", "Malformed request body",
                        "The body is not valid JSON: " + parse.getOriginalMessage(), uri, List.of());
            }
        }
        String field = e instanceof JsonMappingException mapping ? pathOf(mapping) : "";
        String message = e instanceof MismatchedInputException ? "has the wrong type or format" : "cannot be read";
        return reply(400, "validation", "Invalid request", (field.isEmpty() ? "The body" : field) + " " + message,
                uri, field.isEmpty() ? List.of() : List.of(new FieldError(field, message)));
    }

    private static Response reply(int status, String slug, String title, String detail, UriInfo uri, List<FieldError> errors) {
        Problem body = new Problem(Problem.TYPE_BASE + slug, title, status, detail, pathOf(uri), RequestIds.traceId(), errors);
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(body).build();
    }

    private static boolean isReturnValue(ConstraintViolation<?> violation) {
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.RETURN_VALUE) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code create.request.columns[2].name} becomes {@code columns[2].name}: the caller knows the
     * body's fields, not our method and parameter names.
     */
    static String fieldOf(Path path) {
        StringBuilder field = new StringBuilder();
        for (Path.Node node : path) {
            if (node.getKind() == ElementKind.METHOD || node.getKind() == ElementKind.CONSTRUCTOR) {
                continue;
            }
            if (node.getKind() == ElementKind.PARAMETER) {
                field.setLength(0);
                continue;
            }
            if (node.getIndex() != null && !field.isEmpty()) {
                field.append('[').append(node.getIndex()).append(']');
            } else if (node.getKey() != null && !field.isEmpty()) {
                field.append('[').append(node.getKey()).append(']');
            }
            if (node.getName() != null) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(node.getName());
            }
        }
        return field.isEmpty() ? "body" : field.toString();
    }

    private static String pathOf(JsonMappingException e) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                field.append('[').append(ref.getIndex()).append(']');
            }
        }
        return field.toString();
    }

    private static String pathOf(UriInfo uri) {
        return uri == null ? null : "/" + uri.getPath().replaceFirst("^/", "");
    }

    private static String reasonOf(int status) {
        Response.Status known = Response.Status.fromStatusCode(status);
        return known != null ? known.getReasonPhrase() : "HTTP " + status;
    }

    private static String slugOf(String reason) {
        return reason.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }
}
