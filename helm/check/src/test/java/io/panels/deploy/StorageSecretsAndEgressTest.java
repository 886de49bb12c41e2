package io.panels.deploy;

import static io.panels.deploy.Manifests.ofKind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/**
 * data-service's import spool (ADR 0038), the secrets key, export-service's storage and the egress
 * to systems outside the cluster (data sources, webhooks, S3).
 */
class StorageSecretsAndEgressTest {

    @Test
    void byDefaultDataServiceIsAStatefulSetWithASpoolClaimPerPodAndItsPodNameAsNode() {
        List<ObjectNode> objects = Manifests.render();
        assertTrue(ofKind(objects, "Deployment").stream().noneMatch(d -> name(d).equals("panels-data-service")));
        JsonNode sts = byName(objects, "StatefulSet", "panels-data-service");
        assertEquals("panels-data-service", sts.at("/spec/serviceName").asText(), "its Service is rendered under that name");
        byName(objects, "Service", "panels-data-service");
        JsonNode claim = sts.at("/spec/volumeClaimTemplates/0");
        assertEquals("import-spool", claim.at("/metadata/name").asText());
        assertEquals("ReadWriteOnce", claim.at("/spec/accessModes/0").asText());
        assertEquals("20Gi", claim.at("/spec/resources/requests/storage").asText());
        // Immutable after creation: a label that changes with every release would break helm upgrade.
        assertEquals(sts.at("/spec/selector/matchLabels"), claim.at("/metadata/labels"));
        assertEquals("Delete", sts.at("/spec/persistentVolumeClaimRetentionPolicy/whenDeleted").asText());

        JsonNode container = sts.at("/spec/template/spec/containers/0");
        assertEquals("/var/lib/panels/imports", mountPath(container, "import-spool"));
        Map<String, JsonNode> env = env(container);
        assertEquals("/var/lib/panels/imports", env.get("PANELS_DATA_IMPORTS_SPOOL_DIR").path("value").asText());
        assertEquals("metadata.name", env.get("PANELS_DATA_IMPORTS_NODE").at("/valueFrom/fieldRef/fieldPath").asText());
        assertTrue(volumes(sts).get("import-spool") == null, "the claim template provides the volume");

        JsonNode hpa = byName(objects, "HorizontalPodAutoscaler", "panels-data-service");
        assertEquals("StatefulSet", hpa.at("/spec/scaleTargetRef/kind").asText());
        assertEquals("Deployment", byName(objects, "HorizontalPodAutoscaler", "panels-gateway").at("/spec/scaleTargetRef/kind").asText());
    }

    @Test
    void aSharedSpoolIsOneReadWriteManyClaimMountedByEveryPod() {
        List<ObjectNode> objects = Manifests.render(List.of(), Map.of("importSpool.mode", "shared", "importSpool.size", "50Gi"));
        assertTrue(ofKind(objects, "StatefulSet").isEmpty());
        JsonNode deployment = byName(objects, "Deployment", "panels-data-service");
        assertEquals("panels-data-service-import-spool", volumes(deployment).get("import-spool").at("/persistentVolumeClaim/claimName").asText());
        JsonNode claim = byName(objects, "PersistentVolumeClaim", "panels-data-service-import-spool");
        assertEquals("ReadWriteMany", claim.at("/spec/accessModes/0").asText());
        assertEquals("50Gi", claim.at("/spec/resources/requests/storage").asText());
        assertEquals("metadata.name", env(deployment.at("/spec/template/spec/containers/0")).get("PANELS_DATA_IMPORTS_NODE")
                .at("/valueFrom/fieldRef/fieldPath").asText());

        List<ObjectNode> existing = Manifests.render(List.of(), Map.of("importSpool.mode", "shared", "importSpool.existingClaim", "nfs-spool"));
        assertTrue(ofKind(existing, "PersistentVolumeClaim").stream().noneMatch(c -> name(c).contains("import-spool")));
        assertEquals("nfs-spool", volumes(byName(existing, "Deployment", "panels-data-service")).get("import-spool")
                .at("/persistentVolumeClaim/claimName").asText());
    }

    @Test
    void anEmptyDirSpoolNeedsNoStorageAndIsBounded() {
        List<ObjectNode> objects = Manifests.render(List.of(), Map.of("importSpool.mode", "emptyDir", "importSpool.size", "8Gi"));
        assertTrue(ofKind(objects, "StatefulSet").isEmpty());
        JsonNode deployment = byName(objects, "Deployment", "panels-data-service");
        assertEquals("8Gi", volumes(deployment).get("import-spool").at("/emptyDir/sizeLimit").asText());
        assertTrue(ofKind(objects, "PersistentVolumeClaim").stream().noneMatch(c -> name(c).contains("import-spool")));
    }

    @Test
    void theSecretsKeyGoesToTheServicesThatSealCredentialsOnly() {
        List<ObjectNode> objects = Manifests.render();
        for (ObjectNode workload : workloads(objects)) {
            Map<String, JsonNode> env = env(workload.at("/spec/template/spec/containers/0"));
            String service = workload.at("/metadata/labels/app.kubernetes.io~1name").asText();
            if (Set.of("data-service", "notification-service").contains(service)) {
                assertEquals("panels-secrets-key", env.get("PANELS_SECRETS_KEY").at("/valueFrom/secretKeyRef/name").asText(), service);
                assertEquals("key", env.get("PANELS_SECRETS_KEY").at("/valueFrom/secretKeyRef/key").asText(), service);
                assertFalse(env.get("PANELS_SECRETS_KEY").at("/valueFrom/secretKeyRef/optional").asBoolean(false),
                        service + ": without the key the service must not start");
                JsonNode previous = env.get("PANELS_SECRETS_PREVIOUS_KEYS").at("/valueFrom/secretKeyRef");
                assertEquals("previous-keys", previous.path("key").asText());
                assertTrue(previous.path("optional").asBoolean(false), "previous keys exist only during a rotation");
            } else {
                assertFalse(env.containsKey("PANELS_SECRETS_KEY"), service + " gets no key it does not need");
            }
        }
        List<ObjectNode> moved = Manifests.render(List.of(), Map.of("secretsKey.secretName", "vault-panels", "secretsKey.services[0]", "data-service"));
        Map<String, JsonNode> data = env(byName(moved, "StatefulSet", "panels-data-service").at("/spec/template/spec/containers/0"));
        assertEquals("vault-panels", data.get("PANELS_SECRETS_KEY").at("/valueFrom/secretKeyRef/name").asText());
        assertFalse(env(byName(moved, "Deployment", "panels-notification-service").at("/spec/template/spec/containers/0"))
                .containsKey("PANELS_SECRETS_KEY"));
    }

    @Test
    void exportFilesAreOnOneClaimByDefaultAndTheChartRefusesReplicasThatCannotShareIt() {
        List<ObjectNode> objects = Manifests.render();
        JsonNode export = byName(objects, "Deployment", "panels-export-service");
        assertEquals("Recreate", export.at("/spec/strategy/type").asText(), "a ReadWriteOnce claim cannot attach to two nodes");
        assertEquals("panels-export-service-exports", volumes(export).get("exports").at("/persistentVolumeClaim/claimName").asText());
        assertEquals("ReadWriteOnce", byName(objects, "PersistentVolumeClaim", "panels-export-service-exports").at("/spec/accessModes/0").asText());
        JsonNode container = export.at("/spec/template/spec/containers/0");
        assertEquals("/var/lib/panels/exports", mountPath(container, "exports"));
        assertEquals("/var/lib/panels/exports", env(container).get("PANELS_EXPORT_STORAGE_DIRECTORY").path("value").asText());
        assertEquals("RollingUpdate", byName(objects, "Deployment", "panels-gateway").at("/spec/strategy/type").asText());

        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> Manifests.render(List.of(), Map.of("services.export-service.replicas", "2")));
        assertTrue(refused.getMessage().contains("ReadWriteMany"), refused.getMessage());
        List<ObjectNode> shared = Manifests.render(List.of(), Map.of("services.export-service.replicas", "2",
                "exportStorage.directory.accessMode", "ReadWriteMany"));
        assertEquals("RollingUpdate", byName(shared, "Deployment", "panels-export-service").at("/spec/strategy/type").asText());
    }

    @Test
    void s3ExportsTakeTheirCredentialsFromASecretAndGetEgressToTheEndpoint() {
        assertTrue(egressRulesOutsideTheCluster(byName(Manifests.render(), "NetworkPolicy", "panels-export-service")).isEmpty(),
                "export-service reaches nothing outside the cluster with directory storage");
        List<ObjectNode> objects = Manifests.render(List.of(), Map.of("exportStorage.type", "s3", "exportStorage.s3.bucket", "panels-exports",
                "exportStorage.s3.endpoint", "https://s3.example.com"));
        JsonNode export = byName(objects, "Deployment", "panels-export-service");
        Map<String, JsonNode> env = env(export.at("/spec/template/spec/containers/0"));
        assertEquals("s3", env.get("PANELS_EXPORT_STORAGE_KIND").path("value").asText());
        assertEquals("panels-exports", env.get("PANELS_EXPORT_STORAGE_S3_BUCKET").path("value").asText());
        assertEquals("https://s3.example.com", env.get("PANELS_EXPORT_STORAGE_S3_ENDPOINT").path("value").asText());
        assertEquals("panels-export-s3", env.get("PANELS_EXPORT_STORAGE_S3_ACCESS_KEY_ID").at("/valueFrom/secretKeyRef/name").asText());
        assertEquals("secret-access-key", env.get("PANELS_EXPORT_STORAGE_S3_SECRET_ACCESS_KEY").at("/valueFrom/secretKeyRef/key").asText());
        assertFalse(env.containsKey("PANELS_EXPORT_STORAGE_DIRECTORY"));
        assertTrue(volumes(export).get("exports") == null);
        assertTrue(ofKind(objects, "PersistentVolumeClaim").stream().noneMatch(c -> name(c).contains("exports")));
        assertEquals("RollingUpdate", export.at("/spec/strategy/type").asText());
        List<JsonNode> s3 = egressRulesOutsideTheCluster(byName(objects, "NetworkPolicy", "panels-export-service"));
        assertEquals(1, s3.size());
        assertEquals(Set.of(443), ports(s3.get(0)));

        assertThrows(IllegalStateException.class, () -> Manifests.render(List.of(), Map.of("exportStorage.type", "s3")),
                "a bucket is required");
    }

    @Test
    void syncsAndWebhooksReachTheInternetButNotPrivateOrMetadataAddresses() throws IOException {
        List<ObjectNode> objects = Manifests.render();
        List<JsonNode> data = egressRulesOutsideTheCluster(byName(objects, "NetworkPolicy", "panels-data-service"));
        assertEquals(1, data.size());
        assertEquals(Set.of(443, 80, 5432, 3306), ports(data.get(0)));
        JsonNode block = data.get(0).at("/to/0/ipBlock");
        assertEquals("0.0.0.0/0", block.path("cidr").asText());
        Set<String> except = new TreeSet<>();
        block.path("except").forEach(e -> except.add(e.asText()));
        assertTrue(except.containsAll(Set.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16")), except::toString);

        List<JsonNode> hooks = egressRulesOutsideTheCluster(byName(objects, "NetworkPolicy", "panels-notification-service"));
        assertEquals(1, hooks.size());
        assertEquals(Set.of(443, 80), ports(hooks.get(0)));
        for (String other : List.of("panels-gateway", "panels-auth-service", "panels-panel-service", "panels-view-service")) {
            assertTrue(egressRulesOutsideTheCluster(byName(objects, "NetworkPolicy", other)).isEmpty(), other);
        }

        // A private database network, and an empty peer list: no rule at all, never "to anywhere".
        Path values = Files.createTempFile("panels-egress", ".yaml");
        Files.writeString(values, """
                networkPolicy:
                  externalEgress:
                    data-service: {to: [{ipBlock: {cidr: 10.20.0.0/16}}], ports: [5432]}
                    notification-service: {to: [], ports: [443]}
                """);
        List<ObjectNode> custom;
        try {
            custom = Manifests.render(values.toString());
        } finally {
            Files.delete(values);
        }
        List<JsonNode> privateDb = egressRulesOutsideTheCluster(byName(custom, "NetworkPolicy", "panels-data-service"));
        assertEquals("10.20.0.0/16", privateDb.get(0).at("/to/0/ipBlock/cidr").asText());
        assertEquals(Set.of(5432), ports(privateDb.get(0)));
        List<String> problems = ChartTest.invariants(custom);
        assertTrue(problems.isEmpty(), problems::toString);
        assertTrue(egressRulesOutsideTheCluster(byName(custom, "NetworkPolicy", "panels-notification-service")).isEmpty());
    }

    /** Egress rules with an ipBlock or a namespace outside the chart: everything but DNS, platform parts and services. */
    private static List<JsonNode> egressRulesOutsideTheCluster(JsonNode policy) {
        return java.util.stream.StreamSupport.stream(policy.at("/spec/egress").spliterator(), false)
                .filter(rule -> rule.path("to").findValues("ipBlock").size() > 0
                        || rule.path("to").findValues("namespaceSelector").stream().anyMatch(ns -> !ns.isEmpty()))
                .toList();
    }

    static List<ObjectNode> workloads(List<ObjectNode> objects) {
        return objects.stream().filter(o -> Set.of("Deployment", "StatefulSet").contains(o.path("kind").asText())).toList();
    }

    private static Set<Integer> ports(JsonNode rule) {
        Set<Integer> ports = new TreeSet<>();
        rule.path("ports").forEach(p -> ports.add(p.path("port").asInt()));
        return ports;
    }

    private static Map<String, JsonNode> env(JsonNode container) {
        Map<String, JsonNode> env = new HashMap<>();
        container.path("env").forEach(e -> env.put(e.path("name").asText(), e));
        return env;
    }

    private static Map<String, JsonNode> volumes(JsonNode workload) {
        Map<String, JsonNode> volumes = new HashMap<>();
        workload.at("/spec/template/spec/volumes").forEach(v -> volumes.put(v.path("name").asText(), v));
        return volumes;
    }

    private static String mountPath(JsonNode container, String volume) {
        return java.util.stream.StreamSupport.stream(container.path("volumeMounts").spliterator(), false)
                .filter(m -> m.path("name").asText().equals(volume)).map(m -> m.path("mountPath").asText())
                .collect(Collectors.joining(","));
    }

    private static String name(JsonNode object) {
        return object.at("/metadata/name").asText();
    }

    private static JsonNode byName(List<ObjectNode> objects, String kind, String name) {
        return ofKind(objects, kind).stream().filter(o -> name(o).equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(kind + "/" + name + " not rendered"));
    }
}
