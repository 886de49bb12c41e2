package io.panels.deploy;

import static io.panels.deploy.Manifests.ofKind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The kustomize platform layer (k8s/): renders offline, validates strictly, fits the chart. */
class PlatformLayerTest {

    @ParameterizedTest
    @ValueSource(strings = {"k8s/base", "k8s/overlays/dev", "k8s/overlays/prod"})
    void everyObjectIsValid(String directory) {
        List<ObjectNode> objects = Manifests.kustomize(directory);
        List<String> problems = new ArrayList<>();
        objects.forEach(object -> problems.addAll(StrictValidator.problems(object)));
        assertTrue(problems.isEmpty(), () -> directory + ":\n  " + String.join("\n  ", problems));
        Set<String> kinds = objects.stream().map(o -> o.path("kind").asText()).collect(Collectors.toSet());
        assertTrue(kinds.containsAll(Set.of("Namespace", "ResourceQuota", "Kafka", "KafkaNodePool", "Cluster", "Keycloak",
                "KeycloakRealmImport", "StatefulSet", "Gateway")), directory + " has " + kinds);
    }

    @Test
    void kafkaRunsInKraftModeWithSeparateNodePools() {
        List<ObjectNode> objects = Manifests.kustomize("k8s/overlays/prod");
        Set<String> roles = ofKind(objects, "KafkaNodePool").stream()
                .flatMap(pool -> pool.at("/spec/roles").valueStream().map(JsonNode::asText)).collect(Collectors.toSet());
        assertEquals(Set.of("controller", "broker"), roles);
        assertTrue(ofKind(objects, "KafkaNodePool").stream()
                .allMatch(pool -> pool.at("/metadata/labels/strimzi.io~1cluster").asText().equals("panels-kafka")));
        assertTrue(ofKind(objects, "Kafka").get(0).at("/spec/zookeeper").isMissingNode());
    }

    @Test
    void backupsAreOnInProdAndOffInDev() {
        JsonNode prod = ofKind(Manifests.kustomize("k8s/overlays/prod"), "Cluster").get(0);
        assertTrue(prod.at("/spec/backup/barmanObjectStore/destinationPath").asText().startsWith("s3://"));
        assertEquals(1, ofKind(Manifests.kustomize("k8s/overlays/prod"), "ScheduledBackup").size());
        JsonNode dev = ofKind(Manifests.kustomize("k8s/overlays/dev"), "Cluster").get(0);
        assertTrue(dev.at("/spec/backup").isMissingNode());
        assertTrue(ofKind(Manifests.kustomize("k8s/overlays/dev"), "ScheduledBackup").isEmpty());
    }

    @Test
    void theRealmImportIsTheDevRealm() throws Exception {
        JsonNode devRealm = new ObjectMapper().readTree(Manifests.ROOT.resolve("dev/keycloak/panels-realm.json").toFile());
        JsonNode imported = ofKind(Manifests.kustomize("k8s/overlays/dev"), "KeycloakRealmImport").get(0).at("/spec/realm");
        assertEquals(devRealm, imported, "k8s/base/keycloak-realm-import.yaml differs from dev/keycloak/panels-realm.json: run k8s/sync-realm");
        JsonNode prod = ofKind(Manifests.kustomize("k8s/overlays/prod"), "KeycloakRealmImport").get(0).at("/spec/realm");
        assertTrue(prod.path("users").isMissingNode(), "no dev users in production");
    }

    @Test
    void everyDatabaseRoleOfTheChartIsManagedByTheCluster() {
        Set<String> roles = ofKind(Manifests.kustomize("k8s/base"), "Cluster").get(0).at("/spec/managed/roles").valueStream()
                .map(role -> role.path("name").asText() + "=" + role.at("/passwordSecret/name").asText())
                .collect(Collectors.toSet());
        for (ObjectNode deployment : StorageSecretsAndEgressTest.workloads(Manifests.render())) {
            for (JsonNode env : deployment.at("/spec/template/spec/containers/0/env")) {
                if (env.path("name").asText().equals("QUARKUS_DATASOURCE_PASSWORD")) {
                    String secret = env.at("/valueFrom/secretKeyRef/name").asText();
                    String schema = secret.substring("panels-db-".length());
                    assertTrue(roles.contains(schema + "=" + secret), secret + " is not a managed role's secret");
                }
            }
        }
    }

    @Test
    void theChartsEgressSelectorsMatchThePlatformPods() {
        List<ObjectNode> platform = Manifests.kustomize("k8s/overlays/prod");
        JsonNode redisPod = ofKind(platform, "StatefulSet").get(0).at("/spec/template/metadata/labels");
        JsonNode chartValues = Manifests.parse(Manifests.read(Manifests.CHART.resolve("values.yaml"))).get(0);
        JsonNode redisPeer = chartValues.at("/networkPolicy/egress/redis/to/0/podSelector/matchLabels");
        assertTrue(ChartTest.selects(redisPeer, redisPod), "redis egress selector " + redisPeer + " vs " + redisPod);
        assertEquals(ofKind(platform, "Kafka").get(0).at("/metadata/name").asText(),
                chartValues.at("/networkPolicy/egress/kafka/to/0/podSelector/matchLabels/strimzi.io~1cluster").asText());
        assertEquals(ofKind(platform, "Cluster").get(0).at("/metadata/name").asText(),
                chartValues.at("/networkPolicy/egress/postgres/to/0/podSelector/matchLabels/cnpg.io~1cluster").asText());
        assertEquals(ofKind(platform, "Kafka").get(0).at("/metadata/name").asText(), chartValues.at("/kafkaTopics/cluster").asText());
        assertEquals(ofKind(platform, "Gateway").get(0).at("/metadata/namespace").asText(),
                chartValues.at("/networkPolicy/gatewayIngressFrom/0/namespaceSelector/matchLabels/kubernetes.io~1metadata.name").asText());
    }

    /**
     * The namespace quota admits every claim of the platform (Kafka pools, PostgreSQL data and WAL,
     * Redis) and of the chart at its largest (data-service's spool claim per pod up to the HPA's
     * maximum, export-service's claim) for the values each overlay installs the chart with.
     */
    @ParameterizedTest
    @ValueSource(strings = {"dev:values-small.yaml", "prod:values-large.yaml"})
    void theQuotaAdmitsEveryClaimOfThePlatformAndTheChart(String overlayAndValues) {
        String overlay = overlayAndValues.substring(0, overlayAndValues.indexOf(':'));
        String values = overlayAndValues.substring(overlay.length() + 1);
        List<ObjectNode> platform = Manifests.kustomize("k8s/overlays/" + overlay);
        List<ObjectNode> chart = Manifests.render(List.of(values, "../../k8s/overlays/" + overlay + "/panels-values.yaml"), java.util.Map.of());
        long claims = 0;
        double bytes = 0;
        for (ObjectNode pool : ofKind(platform, "KafkaNodePool")) {
            int replicas = pool.at("/spec/replicas").asInt();
            for (JsonNode volume : pool.at("/spec/storage/volumes")) {
                claims += replicas;
                bytes += replicas * bytes(volume.path("size").asText());
            }
        }
        for (ObjectNode cluster : ofKind(platform, "Cluster")) {
            int instances = cluster.at("/spec/instances").asInt();
            for (String storage : List.of("storage", "walStorage")) {
                if (cluster.at("/spec/" + storage + "/size").isTextual()) {
                    claims += instances;
                    bytes += instances * bytes(cluster.at("/spec/" + storage + "/size").asText());
                }
            }
        }
        List<ObjectNode> statefulSets = new ArrayList<>(ofKind(platform, "StatefulSet"));
        statefulSets.addAll(ofKind(chart, "StatefulSet"));
        for (ObjectNode sts : statefulSets) {
            String name = sts.at("/metadata/name").asText();
            int pods = ofKind(chart, "HorizontalPodAutoscaler").stream()
                    .filter(hpa -> hpa.at("/spec/scaleTargetRef/name").asText().equals(name))
                    .mapToInt(hpa -> hpa.at("/spec/maxReplicas").asInt()).findFirst().orElse(sts.at("/spec/replicas").asInt(1));
            for (JsonNode template : sts.at("/spec/volumeClaimTemplates")) {
                claims += pods;
                bytes += pods * bytes(template.at("/spec/resources/requests/storage").asText());
            }
        }
        for (ObjectNode claim : ofKind(chart, "PersistentVolumeClaim")) {
            claims++;
            bytes += bytes(claim.at("/spec/resources/requests/storage").asText());
        }
        JsonNode hard = ofKind(platform, "ResourceQuota").get(0).at("/spec/hard");
        long claimQuota = hard.path("persistentvolumeclaims").asLong();
        double storageQuota = bytes(hard.path("requests.storage").asText());
        assertTrue(claims <= claimQuota, overlay + ": " + claims + " claims, quota " + claimQuota);
        assertTrue(bytes <= storageQuota, overlay + ": " + (long) (bytes / (1L << 30)) + " Gi of claims, quota "
                + hard.path("requests.storage").asText());
    }

    private static double bytes(String quantity) {
        var m = java.util.regex.Pattern.compile("([0-9.]+)(Ki|Mi|Gi|Ti|k|M|G|T)?").matcher(quantity);
        if (!m.matches()) {
            throw new AssertionError("not a quantity: " + quantity);
        }
        double factor = switch (m.group(2) == null ? "" : m.group(2)) {
            case "Ki" -> 1L << 10;
            case "Mi" -> 1L << 20;
            case "Gi" -> 1L << 30;
            case "Ti" -> 1L << 40;
            case "k" -> 1e3;
            case "M" -> 1e6;
            case "G" -> 1e9;
            case "T" -> 1e12;
            default -> 1;
        };
        return Double.parseDouble(m.group(1)) * factor;
    }

    @Test
    void everyOperatorSchemaNamesItsVersionAndSource() throws Exception {
        for (String file : StrictValidator.schemaFiles()) {
            assertTrue(StrictValidator.schemaExists(file), file);
            String comment = new ObjectMapper().readTree(StrictValidator.schemaPath(file).toFile()).path("$comment").asText();
            assertTrue(comment.contains("github.com/") && comment.matches(".*\\d+\\.\\d+.*"), file + ": " + comment);
        }
    }
}
