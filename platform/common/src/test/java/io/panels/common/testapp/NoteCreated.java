package io.panels.common.testapp;

import io.panels.events.EventType;
import java.util.UUID;

public record NoteCreated(UUID noteId, String text, int priority) {

    /** A topic per test run, so runs against a shared broker never see each other's events. */
    public static final EventType<NoteCreated> TYPE =
            new EventType<>("note.created", "platform.test.notes." + UUID.randomUUID(), NoteCreated.class);
}
