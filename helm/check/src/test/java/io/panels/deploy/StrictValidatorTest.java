package io.panels.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The validator itself: it must reject what a cluster would reject (or silently drop). */
class StrictValidatorTest {

    private static List<String> problems(String yaml) {
        return StrictValidator.problems(Manifests.parse(yaml).get(0));
    }

    @Test
    void acceptsAValidObject() {
        assertEquals(List.of(), problems("""
                apiVersion: v1
                kind: Service
                metadata: {name: ok}
                spec: {selector: {a: b}, ports: [{port: 80, targetPort: http}]}
                """));
    }

    @Test
    void rejectsAnUnknownFieldDeepInside() {
        List<String> found = problems("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: typo}
                spec:
                  selector: {matchLabels: {a: b}}
                  template:
                    metadata: {labels: {a: b}}
                    spec:
                      containers:
                        - name: c
                          image: i:1
                          readinessProbe: {httpGet: {path: /q/health/ready, port: 8080}, periodSecond: 5}
                """);
        assertTrue(found.stream().anyMatch(p -> p.contains("periodSecond")), found.toString());
    }

    @Test
    void rejectsAWrongTypeAndAWrongApiVersion() {
        assertTrue(!problems("""
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaTopic
                metadata: {name: t}
                spec: {partitions: "three", replicas: 1}
                """).isEmpty());
        assertTrue(!problems("""
                apiVersion: kafka.strimzi.io/v1alpha1
                kind: KafkaTopic
                metadata: {name: t}
                spec: {partitions: 3}
                """).isEmpty());
    }

    @Test
    void rejectsAKeyGivenTwice() {
        org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class, () -> Manifests.parse("""
                metadata:
                  labels: {a: b}
                  labels: {c: d}
                """));
    }

    @Test
    void checksOperatorKindsAgainstTheirSchema() {
        List<String> found = problems("""
                apiVersion: postgresql.cnpg.io/v1
                kind: Cluster
                metadata: {name: pg}
                spec: {instances: 1, storage: {size: 1Gi, sise: 2Gi}}
                """);
        assertTrue(found.stream().anyMatch(p -> p.contains("sise")), found.toString());
        assertEquals(List.of(), problems("""
                apiVersion: postgresql.cnpg.io/v1
                kind: Cluster
                metadata: {name: pg}
                spec: {instances: 1, storage: {size: 1Gi}}
                """));
    }
}
