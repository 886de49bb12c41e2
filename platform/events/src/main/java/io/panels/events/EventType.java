package io.panels.events;

import java.net.URI;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One kind of domain event: its CloudEvents {@code type} ({@code entity.action}), the topic it is
 * published on, and the record that is its JSON payload. The JSON Schema of the payload lives at
 * {@code /schemas/events/<name>.json} in this module and is what {@code dataschema} points at.
 */
public record EventType<T>(String name, String topic, Class<T> payloadType) {

    private static final Pattern NAME = Pattern.compile("[a-z]+(_[a-z]+)*\\.[a-z]+(_[a-z]+)*");
    /** Base of every {@code dataschema} URI; the rest of the path is the file under src/main/resources. */
    public static final String SCHEMA_BASE = "https://panels.io/schemas/events/";

    public EventType {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payloadType, "payloadType");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("event type must be entity.action in lower case: " + name);
        }
    }

    /** The entity half of the name: {@code row} for {@code row.updated}. */
    public String entity() {
        return name.substring(0, name.indexOf('.'));
    }

    /** Class-path location of this event's JSON Schema. */
    public String schemaResource() {
        return "/schemas/events/" + name + ".json";
    }

    /** The CloudEvents {@code dataschema} attribute. */
    public URI dataschema() {
        return URI.create(SCHEMA_BASE + name + ".json");
    }
}
