package io.panels.gateway.client;

import io.panels.gateway.config.GatewaySettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;

/** Reads one service's OpenAPI document ({@code /q/openapi?format=json}). */
@ApplicationScoped
public class OpenApiSources {

    private final GatewaySettings settings;
    private final HttpClient client;

    public OpenApiSources(Vertx vertx, GatewaySettings settings) {
        this.settings = settings;
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) settings.openapi().fetchTimeout().toMillis()));
    }

    public Future<JsonObject> fetch(String service) {
        GatewaySettings.Service address = settings.services().get(service);
        if (address == null) {
            return Future.failedFuture("no address for " + service);
        }
        URI url = address.url();
        String base = url.getRawPath() == null ? "" : url.getRawPath().replaceAll("/+$", "");
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setHost(url.getHost())
                .setPort(url.getPort() > 0 ? url.getPort() : ("https".equals(url.getScheme()) ? 443 : 80))
                .setSsl("https".equals(url.getScheme()))
                .setURI(base + "/q/openapi?format=json")
                .setIdleTimeout(settings.openapi().fetchTimeout().toMillis())
                .putHeader("Accept", "application/json");
        return client.request(options)
                .compose(request -> request.send())
                .compose(response -> response.statusCode() == 200
                        ? response.body()
                        : Future.failedFuture(service + " answered " + response.statusCode()))
                .map(JsonObject::new);
    }
}
