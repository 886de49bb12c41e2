package io.panels.notification.domain;

import io.panels.notification.store.DeliveryStore;
import io.panels.notification.store.WebhookStore;
import io.panels.notification.store.WebhookStore.StoredSecrets;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The migration path of stored secrets, run at every start on every replica: webhooks whose secret
 * (or previous secret) is still plain text, or sealed with a key that is no longer current, are
 * sealed with the current key, page by page. Each update names the value it replaces, so replicas
 * doing it at once, or a rotation in between, cannot overwrite a newer secret (docs/adr/0037).
 */
@ApplicationScoped
public class WebhookSecretSealing {

    private static final Logger LOG = Logger.getLogger(WebhookSecretSealing.class);
    private static final int PAGE = 200;

    private final Pool pool;
    private final WebhookStore store;
    private final DeliveryStore deliveries;
    private final WebhookSecrets secrets;

    public WebhookSecretSealing(Pool pool, WebhookStore store, DeliveryStore deliveries, WebhookSecrets secrets) {
        this.pool = pool;
        this.store = store;
        this.deliveries = deliveries;
        this.secrets = secrets;
    }

    void atStart(@Observes StartupEvent start) {
        sealAll()
                .onFailure().retry().withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(30)).atMost(10)
                .subscribe().with(sealed -> {
                    if (sealed > 0) {
                        LOG.infof("sealed %d stored webhook secrets with the current key", sealed);
                    }
                }, failure -> LOG.errorf("stored webhook secrets could not be sealed: %s", failure.getMessage()));
    }

    /** Seals what needs it; answers how many values were rewritten. */
    public Uni<Integer> sealAll() {
        return page(null, 0);
    }

    private Uni<Integer> page(UUID after, int sealed) {
        return pool.withTransaction(tx -> deliveries.actAsDispatcher(tx).chain(() -> store.secretsPage(tx, after, PAGE))
                        .chain(page -> reseal(tx, page).map(count -> new Object[] {page, count})))
                .chain(result -> {
                    @SuppressWarnings("unchecked")
                    List<StoredSecrets> page = (List<StoredSecrets>) result[0];
                    int total = sealed + (Integer) result[1];
                    return page.size() < PAGE ? Uni.createFrom().item(total) : page(page.getLast().id(), total);
                });
    }

    private Uni<Integer> reseal(io.vertx.mutiny.sqlclient.SqlClient tx, List<StoredSecrets> page) {
        Uni<Integer> count = Uni.createFrom().item(0);
        for (StoredSecrets row : page) {
            if (secrets.needsSealing(row.secret())) {
                count = count.chain(n -> store.replaceSecret(tx, row.id(), "secret", row.secret(), secrets.reseal(row.id(), row.secret()))
                        .map(done -> n + (done ? 1 : 0)));
            }
            if (row.previousSecret() != null && secrets.needsSealing(row.previousSecret())) {
                count = count.chain(n -> store.replaceSecret(tx, row.id(), "previous_secret", row.previousSecret(),
                        secrets.reseal(row.id(), row.previousSecret())).map(done -> n + (done ? 1 : 0)));
            }
        }
        return count;
    }
}
