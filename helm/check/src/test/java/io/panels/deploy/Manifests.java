package io.panels.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Renders the chart (real Helm through helm-java) and the kustomize overlays into JSON trees. */
final class Manifests {

    static final Path ROOT = Path.of(System.getProperty("panels.root", "../..")).toAbsolutePath().normalize();
    static final Path CHART = ROOT.resolve("helm/panels");
    static final String RELEASE = "panels";
    static final String NAMESPACE = "panels";

    // A key given twice is an error for kubectl's strict decoding: fail on it here too.
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION));

    private Manifests() {
    }

    /** helm template with the given values files (relative to the chart) and --set pairs. */
    static List<ObjectNode> render(List<String> valuesFiles, Map<String, Object> sets) {
        return render(valuesFiles, sets, command -> { });
    }

    static List<ObjectNode> render(List<String> valuesFiles, Map<String, Object> sets, Consumer<TemplateCommand> options) {
        TemplateCommand command = new Helm(CHART).template().withName(RELEASE).withNamespace(NAMESPACE)
                .withKubeVersion("1.31.0");
        valuesFiles.forEach(file -> command.withValuesFile(CHART.resolve(file)));
        sets.forEach(command::set);
        options.accept(command);
        return parse(command.call());
    }

    static List<ObjectNode> render(String... valuesFiles) {
        return render(List.of(valuesFiles), Map.of());
    }

    /** The kubectl whose built-in kustomize renders k8s/ (helm/check/run passes the pinned one from npm). */
    static final String KUBECTL = System.getProperty("panels.kubectl", "kubectl");

    /** kubectl kustomize of a k8s/ directory (offline). */
    static List<ObjectNode> kustomize(String directory) {
        try {
            Process process = new ProcessBuilder(KUBECTL, "kustomize", ROOT.resolve(directory).toString())
                    .redirectErrorStream(false).start();
            byte[] out = process.getInputStream().readAllBytes();
            String err = new String(process.getErrorStream().readAllBytes());
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new AssertionError("kubectl kustomize " + directory + " failed: " + err);
            }
            return parse(new String(out));
        } catch (IOException e) {
            throw new AssertionError(KUBECTL + " cannot run: the k8s/ checks need kubectl (helm/check/run installs it from npm)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static List<ObjectNode> parse(String yaml) {
        List<ObjectNode> objects = new ArrayList<>();
        try (var parser = YAML.getFactory().createParser(yaml)) {
            for (var it = YAML.readValues(parser, JsonNode.class); it.hasNext(); ) {
                JsonNode node = it.next();
                if (node != null && node.isObject() && !node.isEmpty()) {
                    objects.add((ObjectNode) node);
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new AssertionError("rendered output is not valid YAML: " + e.getMessage() + "\n" + yaml, e);
        }
        return objects;
    }

    static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static List<ObjectNode> ofKind(List<ObjectNode> objects, String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    }

    static String id(JsonNode object) {
        return object.path("kind").asText() + "/" + object.path("metadata").path("name").asText();
    }
}
