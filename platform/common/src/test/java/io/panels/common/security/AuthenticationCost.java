package io.panels.common.security;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Prints (never asserts: the machine is shared) the server's CPU time per authenticated GET,
 * summed over the Vert.x event-loop and worker threads, for ADR 0050's cache on/off figures.
 * {@code -Dpanels.token-cache.measure-requests=10000} for a longer loop.
 */
final class AuthenticationCost {

    private AuthenticationCost() {
    }

    static void print(String label, String token) throws Exception {
        int requests = Integer.getInteger("panels.token-cache.measure-requests", 2_000);
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        URI uri = URI.create("http://127.0.0.1:" + port + "/api/v1/me");
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token).GET().build();
        for (int i = 0; i < Math.min(requests, 500); i++) {
            send(client, request);
        }
        Map<Long, Long> before = serverThreadCpu();
        for (int i = 0; i < requests; i++) {
            send(client, request);
        }
        Map<Long, Long> after = serverThreadCpu();
        long nanos = 0;
        for (Map.Entry<Long, Long> thread : after.entrySet()) {
            nanos += thread.getValue() - before.getOrDefault(thread.getKey(), 0L);
        }
        System.out.printf("token-cache %s: %d GET /api/v1/me, server CPU %.1f us per request%n",
                label, requests, nanos / 1_000.0 / requests);
    }

    private static void send(HttpClient client, HttpRequest request) throws Exception {
        HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET answered " + response.statusCode());
        }
    }

    private static Map<Long, Long> serverThreadCpu() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<Long, Long> cpu = new HashMap<>();
        for (ThreadInfo info : threads.dumpAllThreads(false, false)) {
            String name = info.getThreadName();
            if (name.startsWith("vert.x-eventloop-thread") || name.startsWith("executor-thread")
                    || name.startsWith("vert.x-worker-thread")) {
                cpu.put(info.getThreadId(), threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return cpu;
    }
}
