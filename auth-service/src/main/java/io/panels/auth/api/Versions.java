package io.panels.auth.api;

import io.panels.common.problem.ProblemException;
import jakarta.ws.rs.core.EntityTag;

/** ETag / If-Match: the entity's version number as a strong entity tag, {@code "3"}. */
final class Versions {

    private Versions() {
    }

    static EntityTag etag(int version) {
        return new EntityTag(String.valueOf(version));
    }

    /** The version an If-Match names, or null without one; a tag that is no version is stale. */
    static Integer ifMatch(String header) {
        if (header == null || header.isBlank() || header.trim().equals("*")) {
            return null;
        }
        String tag = header.trim();
        if (tag.startsWith("W/")) {
            tag = tag.substring(2);
        }
        tag = tag.replace("\"", "");
        try {
            return Integer.parseInt(tag);
        } catch (NumberFormatException e) {
            throw ProblemException.stale("If-Match " + header + " names no version of this resource.");
        }
    }
}
