package io.panels.deploy;

import static io.panels.deploy.Manifests.id;
import static io.panels.deploy.Manifests.ofKind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** helm lint, helm template of every example values file, strict validation and the chart's invariants. */
class ChartTest {

    private static final Set<String> SERVICES = Set.of("gateway", "auth-service", "panel-service", "data-service",
            "view-service", "notification-service", "export-service");
    private static final Map<String, Integer> PORTS = Map.of("gateway", 8080, "auth-service", 8081, "panel-service", 8082,
            "data-service", 8083, "view-service", 8084, "notification-service", 8085, "export-service", 8086);

    @Test
    void lintsCleanInStrictMode() {
        LintResult result = new Helm(Manifests.CHART).lint().strict().call();
        assertFalse(result.isFailed(), () -> "helm lint --strict: " + result.getMessages());
    }

    @ParameterizedTest
    @ValueSource(strings = {"values.yaml", "values-small.yaml", "values-large.yaml", "ci/all-features-values.yaml",
            "../../k8s/overlays/dev/panels-values.yaml", "../../k8s/overlays/prod/panels-values.yaml"})
    void everyRenderedObjectIsValidAndConsistent(String valuesFile) {
        List<ObjectNode> objects = Manifests.render(valuesFile);
        List<String> problems = new ArrayList<>();
        objects.forEach(object -> problems.addAll(StrictValidator.problems(object)));
        problems.addAll(invariants(objects));
        assertTrue(problems.isEmpty(), () -> valuesFile + ":\n  " + String.join("\n  ", problems));
        assertEquals(SERVICES.size(), StorageSecretsAndEgressTest.workloads(objects).size(), "one Deployment or StatefulSet per service");
    }

    /** What must hold in any rendering, whatever the values. */
    static List<String> invariants(List<ObjectNode> objects) {
        List<String> problems = new ArrayList<>();
        // Deployments, and data-service's StatefulSet (import spool per pod, ADR 0038).
        List<ObjectNode> deployments = StorageSecretsAndEgressTest.workloads(objects);
        Set<String> deploymentNames = deployments.stream().map(d -> d.path("kind").asText() + "/" + d.path("metadata").path("name").asText())
                .collect(Collectors.toSet());
        Set<String> serviceAccounts = ofKind(objects, "ServiceAccount").stream()
                .map(s -> s.path("metadata").path("name").asText()).collect(Collectors.toSet());
        List<JsonNode> podLabels = deployments.stream().map(d -> d.at("/spec/template/metadata/labels")).toList();

        for (ObjectNode deployment : deployments) {
            String id = id(deployment);
            JsonNode pod = deployment.at("/spec/template/spec");
            if (!deployment.at("/spec/selector/matchLabels").isObject()
                    || !selects(deployment.at("/spec/selector/matchLabels"), deployment.at("/spec/template/metadata/labels"))) {
                problems.add(id + ": selector does not match its own pod template");
            }
            if (!pod.at("/securityContext/runAsNonRoot").asBoolean(false) || pod.at("/securityContext/runAsUser").asInt(0) == 0) {
                problems.add(id + ": pod must run as a non-root uid");
            }
            if (!serviceAccounts.contains(pod.path("serviceAccountName").asText())) {
                problems.add(id + ": service account " + pod.path("serviceAccountName").asText() + " is not rendered");
            }
            for (JsonNode container : pod.path("containers")) {
                String c = id + "/" + container.path("name").asText();
                for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                    String path = container.path(probe).at("/httpGet/path").asText();
                    if (!path.startsWith("/q/health/")) {
                        problems.add(c + ": " + probe + " must call /q/health/*, has '" + path + "'");
                    }
                }
                if (!container.at("/resources/requests/cpu").isValueNode() || !container.at("/resources/requests/memory").isValueNode()
                        || !container.at("/resources/limits/memory").isValueNode()) {
                    problems.add(c + ": needs cpu/memory requests and a memory limit");
                }
                JsonNode sc = container.path("securityContext");
                if (!sc.path("readOnlyRootFilesystem").asBoolean(false) || sc.path("allowPrivilegeEscalation").asBoolean(true)) {
                    problems.add(c + ": needs readOnlyRootFilesystem and no privilege escalation");
                }
                if (!container.path("image").asText().contains(":")) {
                    problems.add(c + ": image without a tag");
                }
            }
        }
        // $(VAR) in an env value is expanded by the kubelet only from variables defined before it.
        Set<String> configKeys = new HashSet<>();
        ofKind(objects, "ConfigMap").forEach(cm -> cm.path("data").fieldNames().forEachRemaining(configKeys::add));
        for (ObjectNode deployment : deployments) {
            for (JsonNode container : deployment.at("/spec/template/spec/containers")) {
                Set<String> defined = new HashSet<>(configKeys);
                Set<String> own = new HashSet<>();
                for (JsonNode env : container.path("env")) {
                    if (!own.add(env.path("name").asText())) {
                        problems.add(id(deployment) + ": env " + env.path("name").asText() + " is given twice");
                    }
                    var matcher = java.util.regex.Pattern.compile("\\$\\(([A-Z0-9_]+)\\)").matcher(env.path("value").asText());
                    while (matcher.find()) {
                        if (!defined.contains(matcher.group(1))) {
                            problems.add(id(deployment) + ": env " + env.path("name").asText() + " refers to undefined $(" + matcher.group(1) + ")");
                        }
                    }
                    defined.add(env.path("name").asText());
                }
            }
        }
        for (ObjectNode service : ofKind(objects, "Service")) {
            JsonNode selector = service.at("/spec/selector");
            if (podLabels.stream().noneMatch(labels -> selects(selector, labels))) {
                problems.add(id(service) + ": selects no Deployment's pods");
            }
        }
        for (ObjectNode policy : ofKind(objects, "NetworkPolicy")) {
            JsonNode selector = policy.at("/spec/podSelector/matchLabels");
            if (podLabels.stream().noneMatch(labels -> selects(selector, labels))) {
                problems.add(id(policy) + ": podSelector matches no pod of the chart");
            }
            // An egress rule without peers or ports allows every destination or port: never rendered.
            for (JsonNode rule : policy.at("/spec/egress")) {
                if (rule.path("to").isEmpty() || rule.path("ports").isEmpty()) {
                    problems.add(id(policy) + ": egress rule open to any destination or port: " + rule);
                }
            }
            for (JsonNode rule : policy.at("/spec/ingress")) {
                for (JsonNode peer : rule.path("from")) {
                    JsonNode peerSelector = peer.at("/podSelector/matchLabels");
                    if (!peer.has("namespaceSelector") && peerSelector.isObject()
                            && podLabels.stream().noneMatch(labels -> selects(peerSelector, labels))) {
                        problems.add(id(policy) + ": ingress peer " + peerSelector + " matches no pod");
                    }
                }
            }
        }
        for (String kind : List.of("HorizontalPodAutoscaler")) {
            for (ObjectNode hpa : ofKind(objects, kind)) {
                if (!deploymentNames.contains(hpa.at("/spec/scaleTargetRef/kind").asText() + "/" + hpa.at("/spec/scaleTargetRef/name").asText())) {
                    problems.add(id(hpa) + ": scales a workload that is not rendered");
                }
            }
        }
        for (ObjectNode pdb : ofKind(objects, "PodDisruptionBudget")) {
            if (podLabels.stream().noneMatch(labels -> selects(pdb.at("/spec/selector/matchLabels"), labels))) {
                problems.add(id(pdb) + ": selects no pod");
            }
        }
        Set<String> names = new HashSet<>();
        for (ObjectNode object : objects) {
            if (!names.add(object.path("kind").asText() + "/" + object.at("/metadata/name").asText())) {
                problems.add(id(object) + ": rendered twice");
            }
        }
        return problems;
    }

    static boolean selects(JsonNode selector, JsonNode labels) {
        if (!selector.isObject() || selector.isEmpty()) {
            return false;
        }
        for (var it = selector.fields(); it.hasNext(); ) {
            var entry = it.next();
            if (!entry.getValue().asText().equals(labels.path(entry.getKey()).asText(null))) {
                return false;
            }
        }
        return true;
    }

    @Test
    void aWrongValueFailsAtInstallTime() {
        // values.schema.json: a string where a number belongs, an unknown key, an unknown platform part.
        assertThrows(IllegalStateException.class,
                () -> Manifests.render(List.of(), Map.of("services.gateway.replicas", "two")));
        assertThrows(IllegalStateException.class,
                () -> Manifests.render(List.of(), Map.of("services.gateway.replicaCount", "2")));
        assertThrows(IllegalStateException.class,
                () -> Manifests.render(List.of(), Map.of("services.data-service.uses[0]", "mysql")));
        assertThrows(IllegalStateException.class,
                () -> Manifests.render(List.of(), Map.of("podSecurityContext.runAsNonRoot", "false")));
    }

    @Test
    void theHpaExistsOnlyWhenEnabled() {
        List<ObjectNode> on = Manifests.render();
        assertTrue(names(ofKind(on, "HorizontalPodAutoscaler")).contains("panels-data-service"));
        assertFalse(names(ofKind(on, "HorizontalPodAutoscaler")).contains("panels-export-service"),
                "export-service has autoscaling off by default");
        List<ObjectNode> off = Manifests.render(List.of(), Map.of("services.data-service.autoscaling.enabled", "false"));
        assertFalse(names(ofKind(off, "HorizontalPodAutoscaler")).contains("panels-data-service"));
        JsonNode deployment = byName(off, "StatefulSet", "panels-data-service");
        assertEquals(2, deployment.at("/spec/replicas").asInt(), "without an HPA the workload has its replicas");
        assertTrue(byName(on, "StatefulSet", "panels-data-service").at("/spec/replicas").isMissingNode(),
                "with an HPA the workload leaves replicas to it");
    }

    @Test
    void kafkaLagIsAnExternalMetricOnlyWhenEnabled() {
        JsonNode cpuOnly = byName(Manifests.render(), "HorizontalPodAutoscaler", "panels-data-service");
        assertEquals(List.of("Resource"), metricTypes(cpuOnly));
        JsonNode withLag = byName(Manifests.render(List.of(), Map.of("kafkaLagAutoscaling.enabled", "true")),
                "HorizontalPodAutoscaler", "panels-data-service");
        assertEquals(List.of("Resource", "External"), metricTypes(withLag));
        JsonNode external = withLag.at("/spec/metrics/1/external");
        assertEquals("kafka_consumergroup_lag", external.at("/metric/name").asText());
        assertEquals("data-service", external.at("/metric/selector/matchLabels/consumergroup").asText());
    }

    @Test
    void networkPoliciesNameTheRightPeersAndPorts() {
        List<ObjectNode> objects = Manifests.render();
        JsonNode gateway = byName(objects, "NetworkPolicy", "panels-gateway");
        Set<Integer> gatewayEgressPorts = egressPorts(gateway);
        for (String service : SERVICES) {
            if (!service.equals("gateway")) {
                assertTrue(gatewayEgressPorts.contains(PORTS.get(service)), "gateway -> " + service);
            }
        }
        assertFalse(gatewayEgressPorts.contains(5432), "the gateway has no database");
        assertTrue(gatewayEgressPorts.containsAll(Set.of(6379, 9092, 8080, 53)));

        JsonNode data = byName(objects, "NetworkPolicy", "panels-data-service");
        assertTrue(egressPorts(data).containsAll(Set.of(5432, 9092, 8080, 53)));
        assertFalse(egressPorts(data).contains(6379), "data-service does not use Redis");
        JsonNode callers = data.at("/spec/ingress/0/from");
        Set<String> callerNames = new TreeSet<>();
        callers.forEach(peer -> callerNames.add(peer.at("/podSelector/matchLabels/app.kubernetes.io~1name").asText()));
        assertEquals(new TreeSet<>(Set.of("gateway", "view-service", "export-service")), callerNames);

        JsonNode deny = byName(objects, "NetworkPolicy", "panels-default-deny");
        assertTrue(deny.at("/spec/ingress").isMissingNode() && deny.at("/spec/egress").isMissingNode());
        assertEquals(2, deny.at("/spec/policyTypes").size());

        List<ObjectNode> none = Manifests.render(List.of(), Map.of("networkPolicy.enabled", "false"));
        assertTrue(ofKind(none, "NetworkPolicy").isEmpty());
    }

    @Test
    void everyTopicAndItsDeadLetterTopicIsAKafkaTopic() {
        List<ObjectNode> topics = ofKind(Manifests.render(), "KafkaTopic");
        Set<String> names = topics.stream().map(t -> t.at("/spec/topicName").asText()).collect(Collectors.toSet());
        for (String topic : List.of("panels.tenants", "panels.panels", "panels.rows", "panels.views", "panels.datasources",
                "panels.exports", "panels.notifications")) {
            assertTrue(names.contains(topic) && names.contains(topic + ".dlq"), topic);
        }
        assertEquals(14, topics.size());
        JsonNode rows = topics.stream().filter(t -> t.at("/spec/topicName").asText().equals("panels.rows")).findFirst().orElseThrow();
        assertEquals(24, rows.at("/spec/partitions").asInt());
        assertEquals(604800000L, rows.at("/spec/config/retention.ms").asLong());
        assertEquals("panels-kafka", rows.at("/metadata/labels/strimzi.io~1cluster").asText());
        List<ObjectNode> changed = ofKind(Manifests.render(List.of(),
                Map.of("kafkaTopics.topics.panels\\.rows.partitions", "48")), "KafkaTopic");
        assertEquals(48, changed.stream().filter(t -> t.at("/spec/topicName").asText().equals("panels.rows"))
                .findFirst().orElseThrow().at("/spec/partitions").asInt());
    }

    @Test
    void optionalObjectsAppearOnlyWhenEnabled() {
        List<ObjectNode> defaults = Manifests.render();
        for (String kind : List.of("ServiceMonitor", "HTTPRoute", "Ingress")) {
            assertTrue(ofKind(defaults, kind).isEmpty(), kind + " is off by default");
        }
        List<ObjectNode> all = Manifests.render("ci/all-features-values.yaml");
        assertEquals(SERVICES.size(), ofKind(all, "ServiceMonitor").size());
        assertEquals(1, ofKind(all, "HTTPRoute").size());
        assertEquals(1, ofKind(all, "Ingress").size());
        JsonNode route = ofKind(all, "HTTPRoute").get(0);
        assertEquals("panels-gateway", route.at("/spec/rules/0/backendRefs/0/name").asText());
    }

    @Test
    void servicesGetTheirDatabaseRoleAndTheGatewayTheServiceUrls() {
        List<ObjectNode> objects = Manifests.render();
        JsonNode panel = byName(objects, "Deployment", "panels-panel-service").at("/spec/template/spec/containers/0");
        Map<String, JsonNode> env = new java.util.HashMap<>();
        panel.path("env").forEach(e -> env.put(e.path("name").asText(), e));
        assertEquals("jdbc:postgresql://panels-pg-rw:5432/panels?currentSchema=panel",
                env.get("QUARKUS_DATASOURCE_JDBC_URL").path("value").asText());
        assertEquals("panels-db-panel", env.get("QUARKUS_DATASOURCE_PASSWORD").at("/valueFrom/secretKeyRef/name").asText());
        JsonNode gateway = byName(objects, "Deployment", "panels-gateway").at("/spec/template/spec/containers/0");
        assertTrue(gateway.path("env").findValues("name").stream().noneMatch(n -> n.asText().startsWith("QUARKUS_DATASOURCE")));
        JsonNode config = byName(objects, "ConfigMap", "panels-config").path("data");
        assertEquals("http://panels-data-service:8083", config.path("PANELS_DATA_SERVICE_URL").asText());
        assertEquals("http://panels-keycloak-service:8080/realms/panels", config.path("QUARKUS_OIDC_AUTH_SERVER_URL").asText());
    }

    private static List<String> metricTypes(JsonNode hpa) {
        List<String> types = new ArrayList<>();
        hpa.at("/spec/metrics").forEach(m -> types.add(m.path("type").asText()));
        return types;
    }

    private static Set<Integer> egressPorts(JsonNode policy) {
        Set<Integer> ports = new TreeSet<>();
        policy.at("/spec/egress").forEach(rule -> rule.path("ports").forEach(p -> ports.add(p.path("port").asInt())));
        return ports;
    }

    private static Set<String> names(List<ObjectNode> objects) {
        return objects.stream().map(o -> o.at("/metadata/name").asText()).collect(Collectors.toSet());
    }

    private static JsonNode byName(List<ObjectNode> objects, String kind, String name) {
        return ofKind(objects, kind).stream().filter(o -> o.at("/metadata/name").asText().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(kind + "/" + name + " not rendered"));
    }
}
