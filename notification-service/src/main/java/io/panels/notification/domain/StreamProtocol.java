package io.panels.notification.domain;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.UUID;

/** Small rules of the stream protocol (docs/stream.md). */
public final class StreamProtocol {

    /** The subprotocol clients offer; the token travels as a second value {@code bearer.<token>}. */
    public static final String SUBPROTOCOL = "panels.v1";
    private static final String BEARER_PREFIX = "bearer.";

    private StreamProtocol() {
    }

    /** Events delivered to a panel's (and its views') subscribers; all of them are keyed by panel id. */
    public static boolean isPanelEvent(String type) {
        return type.startsWith("row.") || type.startsWith("rows.") || type.startsWith("column.")
                || type.startsWith("panel.") || type.startsWith("view.");
    }

    /** The token in {@code Sec-WebSocket-Protocol: panels.v1, bearer.<token>}, if offered there. */
    public static Optional<String> tokenFromSubprotocols(String header) {
        if (header == null) {
            return Optional.empty();
        }
        for (String value : header.split(",")) {
            String trimmed = value.trim();
            if (trimmed.regionMatches(true, 0, BEARER_PREFIX, 0, BEARER_PREFIX.length())) {
                return Optional.of(trimmed.substring(BEARER_PREFIX.length()));
            }
        }
        return Optional.empty();
    }

    /** The token of an {@code Authorization: Bearer <token>} header on the upgrade (clients that can set headers). */
    /**
     * Whether the upgrade asked for {@code batch} messages: {@code ?batch=true} on the stream's URL
     * (docs/stream.md). Clients that do not ask get one message per frame, as before.
     */
    public static boolean wantsBatches(String query) {
        if (query == null || query.isEmpty()) {
            return false;
        }
        for (String parameter : query.split("&")) {
            if (parameter.equals("batch=true") || parameter.equals("batch=1")) {
                return true;
            }
        }
        return false;
    }

    public static Optional<String> bearer(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        return Optional.of(header.substring(7).trim());
    }

    public static UUID uuid(JsonNode message, String field) {
        JsonNode value = message.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        try {
            return UUID.fromString(value.asText());
        } catch (IllegalArgumentException e) {
            throw new InvalidMessage(field + " is not a UUID");
        }
    }

    /** A client message that cannot be understood: answered with an error, the connection stays. */
    public static final class InvalidMessage extends RuntimeException {
        public InvalidMessage(String message) {
            super(message, null, false, false);
        }
    }
}
