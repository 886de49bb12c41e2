package io.panels.gateway.domain;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One OpenAPI document for the whole API, from each service's own: paths and every components
 * section merged. Services own disjoint paths (the route table); a shared component (Problem)
 * is taken from the first service that defines it. A service that did not answer is listed in
 * {@code x-panels-services} so a reader knows the document is partial.
 */
public final class MergedOpenApi {

    private MergedOpenApi() {
    }

    /** @param documents service name to its document, or null when it did not answer */
    public static JsonObject merge(Map<String, JsonObject> documents) {
        JsonObject paths = new JsonObject();
        JsonObject components = new JsonObject();
        Map<String, JsonObject> tags = new LinkedHashMap<>();
        JsonObject services = new JsonObject();
        Set<String> names = new TreeSet<>(documents.keySet());
        for (String service : names) {
            JsonObject document = documents.get(service);
            if (document == null) {
                services.put(service, "unavailable");
                continue;
            }
            services.put(service, "included");
            document.getJsonObject("paths", new JsonObject()).forEach(path -> {
                if (!paths.containsKey(path.getKey())) {
                    paths.put(path.getKey(), path.getValue());
                }
            });
            document.getJsonObject("components", new JsonObject()).forEach(section -> {
                if (!(section.getValue() instanceof JsonObject entries)) {
                    return;
                }
                JsonObject merged = components.getJsonObject(section.getKey());
                if (merged == null) {
                    merged = new JsonObject();
                    components.put(section.getKey(), merged);
                }
                for (Map.Entry<String, Object> entry : entries) {
                    if (!merged.containsKey(entry.getKey())) {
                        merged.put(entry.getKey(), entry.getValue());
                    }
                }
            });
            document.getJsonArray("tags", new JsonArray()).forEach(tag -> {
                if (tag instanceof JsonObject object && object.getString("name") != null) {
                    tags.putIfAbsent(object.getString("name"), object);
                }
            });
        }
        JsonObject merged = new JsonObject()
                .put("openapi", "3.1.0")
                .put("info", new JsonObject()
                        .put("title", "Panels API")
                        .put("description", "Every service's API behind the gateway. Errors are RFC 9457 problem+json.")
                        .put("version", "v1"))
                .put("servers", new JsonArray().add(new JsonObject().put("url", "/")))
                .put("paths", sorted(paths))
                .put("components", components)
                .put("x-panels-services", services);
        if (!tags.isEmpty()) {
            merged.put("tags", new JsonArray(tags.values().stream().map(Object.class::cast).toList()));
        }
        return merged;
    }

    private static JsonObject sorted(JsonObject object) {
        JsonObject sorted = new JsonObject();
        new TreeSet<>(object.fieldNames()).forEach(name -> sorted.put(name, object.getValue(name)));
        return sorted;
    }
}
