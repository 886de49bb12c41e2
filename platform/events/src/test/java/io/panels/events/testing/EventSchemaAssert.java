package io.panels.events.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.panels.events.EventEnvelope;
import io.panels.events.EventType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Collectors;

/**
 * Test helper for every module that produces events: checks a payload against the JSON Schema its
 * event type publishes to integrators. Shipped in the panels-events test-jar.
 */
public final class EventSchemaAssert {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ConcurrentMap<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();

    private EventSchemaAssert() {
    }

    /** Fails with every violation listed when {@code data} does not match the schema of {@code type}. */
    public static void assertValid(EventType<?> type, byte[] data) {
        Set<ValidationMessage> problems = violations(type, data);
        if (!problems.isEmpty()) {
            throw new AssertionError(type.name() + " payload does not match its schema: "
                    + problems.stream().map(ValidationMessage::getMessage).collect(Collectors.joining("; "))
                    + "\npayload: " + new String(data, java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    /** Checks the envelope's data and that its type and dataschema are the ones of {@code type}. */
    public static void assertValid(EventType<?> type, EventEnvelope envelope) {
        if (!type.name().equals(envelope.type())) {
            throw new AssertionError("expected a " + type.name() + " event, got " + envelope.type());
        }
        if (!type.dataschema().equals(envelope.dataschema())) {
            throw new AssertionError("dataschema " + envelope.dataschema() + " is not " + type.dataschema());
        }
        assertValid(type, envelope.data());
    }

    public static Set<ValidationMessage> violations(EventType<?> type, byte[] data) {
        try {
            JsonNode node = JSON.readTree(data);
            return schema(type).validate(node);
        } catch (IOException e) {
            throw new AssertionError(type.name() + " payload is not JSON", e);
        }
    }

    private static JsonSchema schema(EventType<?> type) {
        return SCHEMAS.computeIfAbsent(type.name(), name -> {
            try (InputStream in = EventType.class.getResourceAsStream(type.schemaResource())) {
                if (in == null) {
                    throw new AssertionError("no JSON Schema at " + type.schemaResource());
                }
                SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
                return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, config);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
