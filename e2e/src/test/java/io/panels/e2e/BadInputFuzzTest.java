package io.panels.e2e;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.panels.common.testing.Keycloak;
import io.panels.e2e.ApiOperations.Operation;
import io.restassured.response.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Bad input against every documented operation, generated from the OpenAPI documents and each
 * operation's valid sample body: malformed JSON, wrong content types, wrong JSON shapes, every
 * property of the body with a wrong type, null, missing, huge, deeply nested, invalid UTF-8 or a
 * boundary number, unknown properties, and wrong query parameters. Sent by the tenant's owner (so
 * nothing is refused merely for a role) straight to the service, where the input is checked. No
 * reply may be a 5xx, every refusal
 * is problem+json, and an operation whose every variant was refused left the tenant as it was.
 *
 * <p>A request line over 4 KiB is refused by the HTTP layer itself with a bare 414 before any
 * application code runs; query values here stay below that, to reach the services' own checks.
 */
@ExtendWith(Suite.class)
class BadInputFuzzTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private record Variant(String name, String contentType, byte[] body, Map<String, String> query) {
    }

    private record Finding(Operation operation, String variant, int status, String problem) {
        @Override
        public String toString() {
            return operation + " with " + variant + ": " + status + " " + problem;
        }
    }

    @Test
    void noBadInputBreaksAnythingOrChangesAnything() {
        List<Operation> operations = ApiOperations.all();
        String[] services = operations.stream().map(Operation::service).distinct().toArray(String[]::new);
        URI gateway = Suite.gateway(services);
        StaffedTenant tenant = StaffedTenant.create(gateway);
        ApiFixture fixture = ApiFixture.build(gateway, tenant, java.util.Set.of(services));
        String platformAdmin = Keycloak.token("platform-admin", "platform-admin", "openid");
        String owner = tenant.token("owner");
        // Platform operations are fuzzed as the platform admin, whose accepted variants really
        // change a tenant (its plan, a suspension): they aim at a tenant of their own.
        Map<String, String> platformValues = new java.util.HashMap<>(fixture.values());
        platformValues.put("tenants/{id}", StaffedTenant.create(gateway).id().toString());

        List<Finding> findings = new ArrayList<>();
        Map<String, int[]> counts = new TreeMap<>();
        // A DELETE has no input to fuzz; a batch delete does, and goes last: its accepted variants
        // remove the row the other operations aim at.
        List<Operation> ordered = operations.stream()
                .filter(operation -> !operation.isPublic() && !operation.method().equals("DELETE"))
                .sorted(java.util.Comparator.comparing(operation -> operation.path().endsWith("/batch-delete")))
                .toList();
        for (Operation operation : ordered) {
            String token = operation.isPlatform() ? platformAdmin : owner;
            String path = operation.isPlatform() ? fixture.path(operation, platformValues) : fixture.path(operation);
            Map<String, String> before = fixture.fingerprint(platformAdmin);
            boolean anyAccepted = false;
            for (Variant variant : variants(operation, fixture.body(operation))) {
                Response response = send(Suite.url(operation.service()), operation, path, token, variant);
                int status = response.statusCode();
                int[] count = counts.computeIfAbsent(operation.service(), service -> new int[3]);
                count[0]++;
                if (status >= 500) {
                    findings.add(new Finding(operation, variant.name(), status, response.asString()));
                } else if (status >= 400) {
                    count[1]++;
                    String contentType = response.getContentType();
                    if (contentType == null || !contentType.startsWith("application/problem+json")) {
                        findings.add(new Finding(operation, variant.name(), status, "content type " + contentType));
                    }
                } else {
                    count[2]++;
                    anyAccepted = true;
                }
            }
            if (!anyAccepted) {
                Map<String, String> after = fixture.fingerprint(platformAdmin);
                if (!after.equals(before)) {
                    findings.add(new Finding(operation, "all variants refused", 0, "yet the tenant's state changed"));
                }
            }
        }

        StringBuilder table = new StringBuilder("\nBad input (" + operations.size() + " operations)\n")
                .append(String.format("%-22s %9s %9s %9s%n", "service", "requests", "refused", "accepted"));
        counts.forEach((service, c) -> table.append(String.format("%-22s %9d %9d %9d%n", service, c[0], c[1], c[2])));
        System.out.println(table);
        fixture.gaps().forEach(gap -> System.out.println("ApiFixture made up: " + gap));
        assertTrue(findings.isEmpty(), findings.size() + " bad inputs were mishandled:\n"
                + String.join("\n", findings.stream().map(Finding::toString).toList()));
    }

    private static Response send(URI base, Operation operation, String path, String token, Variant variant) {
        var request = given().baseUri(base.toString()).auth().oauth2(token).queryParams(variant.query());
        if (variant.body() != null) {
            request.contentType(variant.contentType()).body(variant.body());
        }
        return request.request(operation.method(), path);
    }

    private static List<Variant> variants(Operation operation, String sample) {
        List<Variant> variants = new ArrayList<>();
        for (String parameter : queryParameters(operation)) {
            for (Map.Entry<String, String> value : Map.of("text", "not-a-number", "negative", "-1",
                    "huge number", "99999999999999999999999", "long text", "x".repeat(3_000),
                    "control characters", "\u0000\u001f", "json", "{\"$where\": 1}").entrySet()) {
                variants.add(new Variant("query " + parameter + " = " + value.getKey(), null, null,
                        Map.of(parameter, value.getValue())));
            }
        }
        if (sample == null) {
            return variants;
        }
        if (!"application/json".equals(operation.contentType())) {
            return variants;
        }
        JsonNode valid = read(sample);
        variants.add(json("malformed JSON", "{\"unclosed\": [1, 2"));
        variants.add(json("empty body", ""));
        variants.add(json("JSON null", "null"));
        variants.add(json("JSON array", "[]"));
        variants.add(json("JSON number", "42"));
        variants.add(new Variant("text/plain", "text/plain", bytes(sample), Map.of()));
        variants.add(new Variant("XML", "application/xml", bytes("<a>1</a>"), Map.of()));
        variants.add(json("deep nesting", "[".repeat(5_000) + "]".repeat(5_000)));
        variants.add(new Variant("invalid UTF-8", "application/json", invalidUtf8(valid), Map.of()));
        if (valid instanceof ObjectNode object) {
            ObjectNode unknown = object.deepCopy();
            unknown.put("__unknownProperty", "x");
            variants.add(json("an unknown property", unknown.toString()));
            Iterator<String> names = object.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                JsonNode original = object.get(name);
                Map<String, JsonNode> replacements = new LinkedHashMap<>();
                replacements.put("null", NODES.nullNode());
                replacements.put("wrong type", original.isTextual() ? NODES.numberNode(12345) : NODES.textNode("not the right type"));
                replacements.put("an object", NODES.objectNode().put("nested", true));
                replacements.put("a huge string", NODES.textNode("x".repeat(1_000_000)));
                replacements.put("a huge array", hugeArray());
                replacements.put("a boundary number", NODES.numberNode(new java.math.BigDecimal("1e400")));
                replacements.put("a negative number", NODES.numberNode(-9223372036854775808L));
                replacements.put("unicode", NODES.textNode("\u202e\ud83d\ude00\u0000' OR 1=1 --"));
                for (Map.Entry<String, JsonNode> replacement : replacements.entrySet()) {
                    ObjectNode mutated = object.deepCopy();
                    mutated.set(name, replacement.getValue());
                    variants.add(json(name + " as " + replacement.getKey(), mutated.toString()));
                }
                ObjectNode missing = object.deepCopy();
                missing.remove(name);
                variants.add(json(name + " missing", missing.toString()));
            }
        }
        return variants;
    }

    private static List<String> queryParameters(Operation operation) {
        List<String> names = new ArrayList<>();
        JsonNode parameters = operation.document().path("paths").path(operation.path())
                .path(operation.method().toLowerCase(java.util.Locale.ROOT)).path("parameters");
        for (JsonNode parameter : parameters) {
            if ("query".equals(parameter.path("in").asText())) {
                names.add(parameter.path("name").asText());
            }
        }
        return names;
    }

    private static ArrayNode hugeArray() {
        ArrayNode array = NODES.arrayNode();
        for (int i = 0; i < 20_000; i++) {
            array.add(i);
        }
        return array;
    }

    private static byte[] invalidUtf8(JsonNode valid) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String text = valid.toString();
        int quote = text.indexOf("\":\"");
        if (quote < 0) {
            out.writeBytes(bytes("{\"value\":\""));
            out.write(0xC3);
            out.write(0x28);
            out.writeBytes(bytes("\"}"));
        } else {
            out.writeBytes(bytes(text.substring(0, quote + 3)));
            out.write(0xC3);
            out.write(0x28);
            out.writeBytes(bytes(text.substring(quote + 3)));
        }
        return out.toByteArray();
    }

    private static Variant json(String name, String body) {
        return new Variant(name, "application/json", bytes(body), Map.of());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
