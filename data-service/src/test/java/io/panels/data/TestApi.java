package io.panels.data;

import static io.restassured.RestAssured.given;

import io.panels.common.testing.Keycloak;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A throw-away tenant with an editor and a viewer and their real Keycloak tokens. */
public final class TestApi {

    public final Keycloak.TestTenant tenant;
    public final String editor;
    public final String viewer;

    private TestApi(Keycloak.TestTenant tenant, String editor, String viewer) {
        this.tenant = tenant;
        this.editor = editor;
        this.viewer = viewer;
    }

    public static TestApi newTenant() {
        Keycloak.TestTenant tenant = Keycloak.createTenant();
        return new TestApi(tenant, tenant.member("editor").token(), tenant.member("viewer").token());
    }

    public static RequestSpecification as(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }

    public RequestSpecification asEditor() {
        return as(editor);
    }

    public RequestSpecification asViewer() {
        return as(viewer);
    }

    public interface Call<T> {
        T run(int index) throws Exception;
    }

    /** Starts {@code n} calls at the same moment and answers their results in call order. */
    public static <T> List<T> concurrently(int n, Call<T> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CyclicBarrier start = new CyclicBarrier(n);
            List<CompletableFuture<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await();
                        return call.run(index);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, pool));
            }
            List<T> results = new ArrayList<>();
            for (CompletableFuture<T> future : futures) {
                results.add(future.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
