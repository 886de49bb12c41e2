package io.panels.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * A second, independent validator: the Kubernetes OpenAPI schemas (required fields, enums, types)
 * through the npm packages kubernetes-models, @kubernetes-models/gateway-api and
 * @kubernetes-models/prometheus-operator, run with node over every rendering of the chart and of
 * k8s/. Strimzi, CloudNativePG and Keycloak kinds have no such package; StrictValidator covers them.
 */
class KubernetesModelsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path MODULES = Path.of(System.getProperty("panels.kubernetes-models.dir",
            Manifests.ROOT.resolve(".cache/kubernetes-models").toString()));

    @Test
    void everyRenderedObjectMatchesTheKubernetesSchemas() throws Exception {
        List<ObjectNode> objects = new ArrayList<>();
        for (String values : List.of("values.yaml", "values-small.yaml", "values-large.yaml", "ci/all-features-values.yaml",
                "../../k8s/overlays/dev/panels-values.yaml", "../../k8s/overlays/prod/panels-values.yaml")) {
            objects.addAll(Manifests.render(values));
        }
        for (String directory : List.of("k8s/overlays/dev", "k8s/overlays/prod")) {
            objects.addAll(Manifests.kustomize(directory));
        }
        JsonNode result = validate(objects);
        assertEquals(0, result.path("errors").size(), () -> "kubernetes-models: " + result.path("errors"));
        long expectedSkips = objects.stream().map(o -> o.path("apiVersion").asText())
                .filter(api -> api.startsWith("kafka.strimzi.io/") || api.startsWith("postgresql.cnpg.io/")
                        || api.startsWith("k8s.keycloak.org/"))
                .count();
        assertEquals(objects.size() - expectedSkips, result.path("validated").asInt(),
                () -> "skipped: " + result.path("skipped"));
    }

    @Test
    void theSchemasCatchAMissingRequiredField() throws Exception {
        ObjectNode deployment = (ObjectNode) Manifests.render().stream()
                .filter(o -> o.path("kind").asText().equals("Deployment")).findFirst().orElseThrow().deepCopy();
        ((ObjectNode) deployment.at("/spec/template/spec/containers/0")).remove("name");
        JsonNode result = validate(List.of(deployment));
        assertEquals(1, result.path("errors").size(), result::toString);
        assertTrue(result.path("errors").get(0).asText().contains("required property"), result::toString);
    }

    private static JsonNode validate(List<ObjectNode> objects) throws IOException, InterruptedException {
        Path script = MODULES.resolve("validate.mjs");
        assertTrue(Files.isRegularFile(script) && Files.isDirectory(MODULES.resolve("node_modules/kubernetes-models")),
                "run helm/check/run: it installs the kubernetes-models packages into " + MODULES);
        ProcessBuilder builder = new ProcessBuilder("node", script.toString()).directory(MODULES.toFile());
        builder.environment().putAll(Map.of("NODE_NO_WARNINGS", "1"));
        Process node = builder.start();
        try (var stdin = node.getOutputStream()) {
            JSON.writeValue(stdin, objects);
        }
        byte[] out = node.getInputStream().readAllBytes();
        String err = new String(node.getErrorStream().readAllBytes());
        assertTrue(node.waitFor(120, TimeUnit.SECONDS) && node.exitValue() == 0, "node failed: " + err);
        return JSON.readTree(out);
    }
}
