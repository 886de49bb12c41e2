package io.panels.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates one Kubernetes object strictly. Kinds with a Java model on Maven Central (Kubernetes
 * core/apps/autoscaling/policy/networking, Gateway API, Strimzi) are bound to that model with
 * scalar coercion off, and any field the model does not know (which fabric8 would quietly keep in
 * "additionalProperties") is an error. Operator kinds without such a model (CloudNativePG,
 * Keycloak Operator, Prometheus Operator) are checked against the JSON Schemas kept in
 * helm/check/schemas/ (each names its CRD's version and source).
 */
final class StrictValidator {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .build();

    private static final Map<String, Class<?>> MODELS = Map.ofEntries(
            Map.entry("v1/ConfigMap", io.fabric8.kubernetes.api.model.ConfigMap.class),
            Map.entry("v1/Secret", io.fabric8.kubernetes.api.model.Secret.class),
            Map.entry("v1/Service", io.fabric8.kubernetes.api.model.Service.class),
            Map.entry("v1/ServiceAccount", io.fabric8.kubernetes.api.model.ServiceAccount.class),
            Map.entry("v1/Namespace", io.fabric8.kubernetes.api.model.Namespace.class),
            Map.entry("v1/ResourceQuota", io.fabric8.kubernetes.api.model.ResourceQuota.class),
            Map.entry("v1/LimitRange", io.fabric8.kubernetes.api.model.LimitRange.class),
            Map.entry("v1/PersistentVolumeClaim", io.fabric8.kubernetes.api.model.PersistentVolumeClaim.class),
            Map.entry("apps/v1/Deployment", io.fabric8.kubernetes.api.model.apps.Deployment.class),
            Map.entry("apps/v1/StatefulSet", io.fabric8.kubernetes.api.model.apps.StatefulSet.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler",
                    io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler.class),
            Map.entry("policy/v1/PodDisruptionBudget", io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy.class),
            Map.entry("networking.k8s.io/v1/Ingress", io.fabric8.kubernetes.api.model.networking.v1.Ingress.class),
            Map.entry("gateway.networking.k8s.io/v1/HTTPRoute", io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute.class),
            Map.entry("gateway.networking.k8s.io/v1/Gateway", io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway.class),
            Map.entry("kafka.strimzi.io/v1/KafkaTopic", io.strimzi.api.kafka.model.topic.KafkaTopic.class),
            Map.entry("kafka.strimzi.io/v1/Kafka", io.strimzi.api.kafka.model.kafka.Kafka.class),
            Map.entry("kafka.strimzi.io/v1/KafkaNodePool", io.strimzi.api.kafka.model.nodepool.KafkaNodePool.class));

    /** apiVersion/kind -> schema file under helm/check/schemas/. */
    private static final Map<String, String> SCHEMAS = Map.of(
            "monitoring.coreos.com/v1/ServiceMonitor", "servicemonitor-monitoring.coreos.com-v1.json",
            "postgresql.cnpg.io/v1/Cluster", "cluster-postgresql.cnpg.io-v1.json",
            "postgresql.cnpg.io/v1/ScheduledBackup", "scheduledbackup-postgresql.cnpg.io-v1.json",
            "k8s.keycloak.org/v2alpha1/Keycloak", "keycloak-k8s.keycloak.org-v2alpha1.json",
            "k8s.keycloak.org/v2alpha1/KeycloakRealmImport", "keycloakrealmimport-k8s.keycloak.org-v2alpha1.json");

    private static final JsonSchemaFactory SCHEMA_FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);

    private StrictValidator() {
    }

    static Set<String> knownKinds() {
        var kinds = new java.util.TreeSet<>(MODELS.keySet());
        kinds.addAll(SCHEMAS.keySet());
        return kinds;
    }

    /** Every problem of one object, empty when it is valid. */
    static List<String> problems(JsonNode object) {
        String key = object.path("apiVersion").asText() + "/" + object.path("kind").asText();
        String id = Manifests.id(object);
        List<String> problems = new ArrayList<>();
        if (object.path("metadata").path("name").asText().isEmpty()) {
            problems.add(id + ": metadata.name is missing");
        }
        Class<?> model = MODELS.get(key);
        String schemaFile = SCHEMAS.get(key);
        if (model != null) {
            try {
                if (io.fabric8.kubernetes.api.model.HasMetadata.class.isAssignableFrom(model)) {
                    @SuppressWarnings("unchecked")
                    String served = io.fabric8.kubernetes.api.model.HasMetadata.getApiVersion(
                            (Class<? extends io.fabric8.kubernetes.api.model.HasMetadata>) model);
                    if (!served.equals(object.path("apiVersion").asText())) {
                        problems.add(id + ": apiVersion " + object.path("apiVersion").asText() + ", the model serves " + served);
                    }
                }
                Object bound = MAPPER.treeToValue(object, model);
                findUnknownFields(bound, key, new IdentityHashMap<>(), problems);
            } catch (Exception e) {
                problems.add(id + ": does not bind to " + model.getSimpleName() + ": " + e.getMessage());
            }
        } else if (schemaFile != null) {
            JsonSchema schema = SCHEMA_FACTORY.getSchema(Manifests.read(schemaPath(schemaFile)));
            for (ValidationMessage message : schema.validate(object)) {
                problems.add(id + ": " + message.getMessage());
            }
        } else {
            problems.add(id + ": no model or schema for " + key + " (known: " + knownKinds() + ")");
        }
        return problems;
    }

    static Path schemaPath(String file) {
        return Manifests.ROOT.resolve("helm/check/schemas").resolve(file);
    }

    static boolean schemaExists(String file) {
        return Files.isRegularFile(schemaPath(file));
    }

    static Collection<String> schemaFiles() {
        return SCHEMAS.values();
    }

    // Walks the bound model: a non-empty additionalProperties map anywhere is a field the real
    // schema does not have (a typo, a wrong nesting level).
    private static void findUnknownFields(Object value, String path, IdentityHashMap<Object, Boolean> seen, List<String> problems) {
        if (value == null || seen.put(value, Boolean.TRUE) != null) {
            return;
        }
        if (value instanceof Collection<?> collection) {
            int i = 0;
            for (Object item : collection) {
                findUnknownFields(item, path + "[" + i++ + "]", seen, problems);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> findUnknownFields(v, path + "." + k, seen, problems));
            return;
        }
        String pkg = value.getClass().getPackageName();
        if (!pkg.startsWith("io.fabric8.kubernetes.api.model") && !pkg.startsWith("io.strimzi.api")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || getter.getDeclaringClass() == Object.class || !getter.getName().startsWith("get")) {
                continue;
            }
            try {
                Object child = getter.invoke(value);
                if (getter.getName().equals("getAdditionalProperties")) {
                    if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
                        problems.add(path + ": unknown field(s) " + extra.keySet());
                    }
                } else if (child != null && !(child instanceof String) && !(child instanceof Number)
                        && !(child instanceof Boolean) && !child.getClass().isEnum()) {
                    findUnknownFields(child, path + "." + decapitalize(getter.getName().substring(3)), seen, problems);
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                // A derived getter that throws on a partial object is not a field: nothing to check.
            }
        }
    }

    private static String decapitalize(String name) {
        return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }
}
