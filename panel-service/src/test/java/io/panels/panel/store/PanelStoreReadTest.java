package io.panels.panel.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.panels.panel.TestApi;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.PoolOptions;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link PanelStore#readInTenant}: BEGIN, the tenant binding, the read and COMMIT sent at once. On a
 * pool of one connection, so that every call reuses the connection the previous one left behind.
 */
@QuarkusTest
class PanelStoreReadTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    Vertx vertx;

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "quarkus.datasource.reactive.url")
    String url;

    @ConfigProperty(name = "quarkus.datasource.username")
    String user;

    @ConfigProperty(name = "quarkus.datasource.password")
    String password;

    private Pool pool;
    private PanelStore store;

    @BeforeEach
    void onePooledConnection() {
        PgConnectOptions options = PgConnectOptions.fromUri(url).setUser(user).setPassword(password)
                .addProperty("search_path", "panel");
        pool = Pool.newInstance(PgBuilder.pool().with(new PoolOptions().setMaxSize(1)).connectingTo(options)
                .using(vertx.getDelegate()).build());
        store = new PanelStore(pool, json);
    }

    @AfterEach
    void close() {
        pool.closeAndAwait();
    }

    @Test
    void aReadSeesOnlyItsTenantsRows() {
        TestApi first = TestApi.newTenant(false);
        first.createPanelNamed("One");
        first.createPanelNamed("Two");
        TestApi second = TestApi.newTenant(false);
        second.createPanelNamed("Three");

        // No tenant condition in the statement: only row-level security, bound in the same round trip, filters.
        assertEquals(2L, countEveryPanel(first.tenant.id()));
        assertEquals(1L, countEveryPanel(second.tenant.id()));
        assertEquals(0L, countEveryPanel(UUID.randomUUID()));
    }

    @Test
    void aFailedReadFailsWithItsOwnErrorAndLeavesTheConnectionOutsideAnyTransaction() {
        PgException failure = assertThrows(PgException.class, () -> store.readInTenant(UUID.randomUUID(),
                connection -> connection.query("select 1 / 0").execute()).await().atMost(WAIT));
        assertEquals("22012", failure.getSqlState(), "the read's own error, not the aborted transaction's");

        // The same connection: had the failed transaction stayed open, this would fail with 25P02, and
        // the tenant would still be bound.
        String bound = pool.query("select coalesce(current_setting('panels.tenant_id', true), '')").execute()
                .await().atMost(WAIT).iterator().next().getString(0);
        assertEquals("", bound);
    }

    @Test
    void aReadCannotWrite() {
        PgException failure = assertThrows(PgException.class, () -> store.readInTenant(UUID.randomUUID(),
                connection -> connection.preparedQuery("update panel set name = name where id = $1")
                        .execute(Tuple.of(UUID.randomUUID()))).await().atMost(WAIT));
        assertEquals("25006", failure.getSqlState(), "read-only transaction");
    }

    private long countEveryPanel(UUID tenantId) {
        return store.readInTenant(tenantId, connection -> connection.query("select count(*) from panel").execute()
                        .map(rows -> rows.iterator().next().getLong(0)))
                .await().atMost(WAIT);
    }
}
