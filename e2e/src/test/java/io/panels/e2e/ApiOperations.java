package io.panels.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.panels.common.testing.Repository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Every operation of every service, read from the committed OpenAPI documents
 * ({@code docs/api/<service>.yaml}, which each service's tests keep equal to what it serves): a new
 * endpoint is in the security suites the moment its service documents it.
 */
public final class ApiOperations {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern PARAMETER = Pattern.compile("\\{([^}]+)}");
    private static final List<String> METHODS = List.of("get", "post", "put", "patch", "delete");

    /**
     * One HTTP operation of a service; {@code requestBody} is its request schema and
     * {@code contentType} the media type it is sent as, both null without a body.
     */
    public record Operation(String service, String method, String path, String contentType, JsonNode requestBody,
                            JsonNode document) {

        /** The query parameters the operation takes, required ones first. */
        public List<String> queryParameters(boolean requiredOnly) {
            List<String> names = new ArrayList<>();
            for (JsonNode parameter : document.path("paths").path(path).path(method.toLowerCase(Locale.ROOT)).path("parameters")) {
                if ("query".equals(parameter.path("in").asText()) && (!requiredOnly || parameter.path("required").asBoolean())) {
                    names.add(parameter.path("name").asText());
                }
            }
            return names;
        }

        /** Whether a query parameter names one of the tenant's resources (e.g. {@code panelId}). */
        public boolean queryNamesAResource(Map<String, String> values) {
            return queryParameters(false).stream().anyMatch(values::containsKey);
        }

        public boolean isPublic() {
            return path.startsWith("/api/v1/public/");
        }

        public boolean isPlatform() {
            return path.startsWith("/api/v1/platform/");
        }

        public boolean writes() {
            return !method.equals("GET");
        }

        public List<String> parameters() {
            List<String> names = new ArrayList<>();
            Matcher matcher = PARAMETER.matcher(path);
            while (matcher.find()) {
                names.add(matcher.group(1));
            }
            return names;
        }

        /** The path with each {@code {parameter}} replaced by {@code values.get("<segment before>/{<parameter>}")} or {@code values.get(<parameter>)}. */
        public String resolve(Map<String, String> values) {
            return resolve(values, name -> {
                throw new IllegalStateException("no value for {" + name + "} in " + this
                        + ": teach the security suites how to make one (ApiFixture)");
            });
        }

        /** As {@link #resolve(Map)}, asking {@code missing} for a parameter that has no value. */
        public String resolve(Map<String, String> values, java.util.function.Function<String, String> missing) {
            StringBuilder resolved = new StringBuilder();
            String[] segments = path.split("/");
            for (int i = 1; i < segments.length; i++) {
                String segment = segments[i];
                Matcher matcher = PARAMETER.matcher(segment);
                if (matcher.matches()) {
                    String name = matcher.group(1);
                    String value = values.getOrDefault(segments[i - 1] + "/{" + name + "}", values.get(name));
                    segment = value != null ? value : missing.apply(name);
                }
                resolved.append('/').append(segment);
            }
            // Query parameters naming a resource (panelId) aim at the tenant's; a required one must have a value.
            String separator = "?";
            for (String name : queryParameters(false)) {
                String value = values.get(name);
                if (value == null && queryParameters(true).contains(name)) {
                    value = missing.apply(name);
                }
                if (value != null) {
                    resolved.append(separator).append(name).append('=').append(value);
                    separator = "&";
                }
            }
            return resolved.toString();
        }

        @Override
        public String toString() {
            return method + " " + path + " (" + service + ")";
        }
    }

    private ApiOperations() {
    }

    /**
     * Every documented operation; {@code -Dpanels.e2e.services=auth-service,data-service} narrows
     * them to some services for a quicker run while working on one.
     */
    public static List<Operation> all() {
        List<String> only = List.of(System.getProperty("panels.e2e.services", "").split(","));
        Path docs = Repository.root().resolve("docs/api");
        List<Operation> operations = new ArrayList<>();
        try (Stream<Path> files = Files.list(docs)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith("-service.yaml")).sorted().toList()) {
                String service = file.getFileName().toString().replace(".yaml", "");
                if (!only.get(0).isEmpty() && !only.contains(service)) {
                    continue;
                }
                JsonNode document = YAML.readTree(file.toFile());
                Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields();
                while (paths.hasNext()) {
                    Map.Entry<String, JsonNode> path = paths.next();
                    for (String method : METHODS) {
                        JsonNode operation = path.getValue().get(method);
                        if (operation != null) {
                            Iterator<Map.Entry<String, JsonNode>> content = operation.path("requestBody").path("content").fields();
                            Map.Entry<String, JsonNode> body = content.hasNext() ? content.next() : null;
                            operations.add(new Operation(service, method.toUpperCase(Locale.ROOT), path.getKey(),
                                    body == null ? null : body.getKey(), body == null ? null : body.getValue().path("schema"),
                                    document));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return operations;
    }
}
