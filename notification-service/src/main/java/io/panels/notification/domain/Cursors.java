package io.panels.notification.domain;

import io.panels.common.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

/** Opaque pagination cursors: the id of the last item of the previous page. */
public final class Cursors {

    private Cursors() {
    }

    public static String of(UUID lastId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(lastId.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Null for no cursor; 400 for one this service did not make. */
    public static UUID parse(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("cursor", "not a cursor of this list");
        }
    }

    public static int limit(Integer limit, int defaultSize) {
        int value = limit == null ? defaultSize : limit;
        if (value < 1 || value > 1000) {
            throw ProblemException.invalid("limit", "must be between 1 and 1000");
        }
        return value;
    }
}
