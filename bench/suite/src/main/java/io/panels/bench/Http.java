package io.panels.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** Plain HTTP calls for seeding and the scenarios that are not request loads (java.net.http). */
final class Http {

    // HTTP/1.1 as Gatling speaks it: the client's default h2c upgrade attempt makes NocoDB's server drop the connection.
    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    /** A reply: status and body. */
    record Reply(int status, String body, HttpResponse<String> raw) {

        JsonNode json() {
            return Json.parse(body);
        }

        boolean ok() {
            return status >= 200 && status < 300;
        }

        Reply expect(int... statuses) {
            for (int s : statuses) {
                if (s == status) {
                    return this;
                }
            }
            throw new IllegalStateException(raw.request().method() + " " + raw.request().uri() + " answered " + status + ": "
                    + (body.length() > 500 ? body.substring(0, 500) : body));
        }
    }

    private Http() {
    }

    static Reply send(String method, String url, Map<String, String> headers, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(5))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        return send(request.build());
    }

    static Reply upload(String url, Map<String, String> headers, String contentType, Path file) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(10))
                    .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofFile(file));
            headers.forEach(request::header);
            return send(request.build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Reply send(HttpRequest request) {
        try {
            HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
