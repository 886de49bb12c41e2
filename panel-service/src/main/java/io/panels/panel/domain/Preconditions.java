package io.panels.panel.domain;

import io.panels.common.problem.ProblemException;
import java.util.Arrays;

/**
 * Optimistic concurrency on a panel's schema version (docs/adr/0010): {@code If-Match} must name
 * the current ETag. Updates of existing state require it (428 without); deletes, archive and
 * restore and column additions check it when it is given.
 */
public final class Preconditions {

    private Preconditions() {
    }

    public static void check(Panel panel, String ifMatch, boolean required) {
        if (ifMatch == null || ifMatch.isBlank()) {
            if (required) {
                throw new ProblemException(428, "precondition-required", "Precondition required",
                        "Send If-Match with the panel's ETag (" + panel.etag() + " now) to change it.");
            }
            return;
        }
        boolean matches = Arrays.stream(ifMatch.split(","))
                .map(String::strip)
                .map(tag -> tag.startsWith("W/") ? tag.substring(2) : tag)
                .anyMatch(tag -> tag.equals("*") || tag.equals(panel.etag()) || tag.equals(Long.toString(panel.version())));
        if (!matches) {
            throw ProblemException.stale("Panel " + panel.id() + " has changed: it is at " + panel.etag()
                    + ", not " + ifMatch + ". Read it again and retry.");
        }
    }
}
