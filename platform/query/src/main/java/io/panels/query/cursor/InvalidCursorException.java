package io.panels.query.cursor;

/** A cursor that was not made by this codec with this key for this sort order: a 400, never a 500. */
public final class InvalidCursorException extends RuntimeException {

    public InvalidCursorException(String message) {
        super(message, null, false, false);
    }
}
