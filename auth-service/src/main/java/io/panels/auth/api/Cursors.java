package io.panels.auth.api;

import io.panels.common.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.UUID;

/** Opaque cursors: base64url of the last item's sort key. */
final class Cursors {

    static final String LIMIT_DEFAULT = "50";
    static final int LIMIT_MAX = 1000;

    private Cursors() {
    }

    static String encode(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    static String decode(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("cursor", "not a cursor returned by this list");
        }
    }

    static UUID decodeId(String cursor) {
        String key = decode(cursor);
        try {
            return key == null ? null : UUID.fromString(key);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("cursor", "not a cursor returned by this list");
        }
    }

    /** The audit log's cursor: time and id of the last entry. */
    static Object[] decodeTimeAndId(String cursor) {
        String key = decode(cursor);
        if (key == null) {
            return null;
        }
        try {
            int bar = key.indexOf('|');
            return new Object[] {OffsetDateTime.parse(key.substring(0, bar)), UUID.fromString(key.substring(bar + 1))};
        } catch (RuntimeException e) {
            throw ProblemException.invalid("cursor", "not a cursor returned by this list");
        }
    }
}
