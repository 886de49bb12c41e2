package io.panels.common.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * An RFC 9457 problem document, the body of every error reply. {@code traceId} lets a user's
 * report be matched with the logs and traces; {@code errors} lists field-level validation failures.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(
        String type,
        String title,
        int status,
        String detail,
        String instance,
        String traceId,
        List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    /** Prefix of every {@code type} URI; docs/api/problems.md describes each. */
    public static final String TYPE_BASE = "https://panels.io/problems/";
}
