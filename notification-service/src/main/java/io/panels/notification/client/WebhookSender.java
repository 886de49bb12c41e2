package io.panels.notification.client;

import io.panels.notification.config.NotificationSettings;
import io.panels.common.outbound.OutboundAddressPolicy;
import io.panels.common.outbound.OutboundAddressPolicy.RefusedTarget;
import io.panels.common.outbound.OutboundAddressPolicy.Target;
import io.panels.notification.domain.WebhookSignature;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * POSTs one signed CloudEvent to a webhook. The host is resolved and every address checked
 * ({@link OutboundAddressPolicy}) before each attempt, and the connection goes to the checked
 * address (the Host header and TLS SNI keep the name), so a DNS answer that changes between check
 * and connect cannot point it elsewhere. Redirects are not followed; the reply is read up to a
 * limit; connecting, sending and reading share one deadline.
 */
@ApplicationScoped
public class WebhookSender {

    /** What one attempt came to: a status code, or an error without one (refused, unreachable, timed out). */
    public record Outcome(Integer statusCode, String error) {
        public boolean succeeded() {
            return statusCode != null && statusCode >= 200 && statusCode < 300;
        }
    }

    private final HttpClient client;
    private final OutboundAddressPolicy policy;
    private final Duration timeout;
    private final int maxResponseBytes;

    public WebhookSender(Vertx vertx, NotificationSettings settings) {
        NotificationSettings.Webhooks webhooks = settings.webhooks();
        this.timeout = webhooks.requestTimeout();
        this.maxResponseBytes = webhooks.maxResponseBytes();
        this.policy = OutboundAddressPolicy.of(webhooks.allowPlainHttp(), webhooks.allowedNetworks().orElse(java.util.List.of()));
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) timeout.toMillis())
                .setKeepAlive(false));
    }

    public OutboundAddressPolicy policy() {
        return policy;
    }

    /** Signs with every secret given (the current one first; during a rotation's overlap also the previous one). */
    public Uni<Outcome> send(UUID deliveryId, UUID webhookId, String url, java.util.List<String> secrets, String body) {
        // Name resolution blocks: off the event loop.
        return Uni.createFrom().item(() -> policy.resolve(url))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(target -> post(target, deliveryId, webhookId, secrets, body))
                .ifNoItem().after(timeout).failWith(() -> new TimeoutException("no reply within " + timeout.toSeconds() + " s"))
                .onFailure().recoverWithItem(failure -> new Outcome(null, describe(failure)));
    }

    private Uni<Outcome> post(Target target, UUID deliveryId, UUID webhookId, java.util.List<String> secrets, String body) {
        long now = Instant.now().getEpochSecond();
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setServer(SocketAddress.inetSocketAddress(target.port(), target.address().getHostAddress()))
                .setHost(target.host())
                .setPort(target.port())
                .setSsl(target.tls())
                .setURI(target.pathAndQuery())
                .setFollowRedirects(false)
                .setTimeout(timeout.toMillis())
                .putHeader("Content-Type", "application/cloudevents+json; charset=utf-8")
                .putHeader(WebhookSignature.HEADER, WebhookSignature.header(secrets, now, body))
                .putHeader("Panels-Delivery", deliveryId.toString())
                .putHeader("Panels-Webhook", webhookId.toString())
                .putHeader("User-Agent", "Panels-Webhooks/1");
        return Uni.createFrom().completionStage(() -> client.request(options)
                .compose(request -> request.send(Buffer.buffer(body)))
                .compose(response -> {
                    AtomicLong read = new AtomicLong();
                    response.handler(chunk -> {
                        // Past the limit the rest is not waited for: the connection is closed.
                        if (read.addAndGet(chunk.length()) > maxResponseBytes) {
                            response.request().connection().close();
                        }
                    });
                    return response.end().otherwise((Void) null).map(done -> new Outcome(response.statusCode(),
                            response.statusCode() >= 300 && response.statusCode() < 400 ? "redirects are not followed" : null));
                })
                .toCompletionStage());
    }

    private static String describe(Throwable failure) {
        if (failure instanceof RefusedTarget refused) {
            return "refused: " + refused.getMessage();
        }
        String message = failure.getMessage();
        return failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
