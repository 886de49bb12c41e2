package io.panels.events;

/** A message that is not a readable Panels event; retrying cannot help, so it goes to the dead-letter topic. */
public class MalformedEventException extends RuntimeException {

    public MalformedEventException(String message) {
        super(message);
    }
}
