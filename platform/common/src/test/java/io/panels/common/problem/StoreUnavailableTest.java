package io.panels.common.problem;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** A database that is down or restarting is a 503 the client may retry, never a 500. */
class StoreUnavailableTest {

    @Test
    void unreachableOrRestartingStoresAreUnavailable() {
        assertTrue(ProblemMappers.storeUnavailable(new CompletionException(new ConnectException("Connection refused"))));
        assertTrue(ProblemMappers.storeUnavailable(new IllegalStateException(ClosedConnectionException.INSTANCE)));
        assertTrue(ProblemMappers.storeUnavailable(new SQLException("connection lost", "08006")));
        assertTrue(ProblemMappers.storeUnavailable(
                new PgException("terminating connection due to administrator command", "FATAL", "57P01", null)));
        assertTrue(ProblemMappers.storeUnavailable(
                new PgException("the database system is starting up", "FATAL", "57P03", null)));
    }

    @Test
    void otherFailuresStayInternalErrors() {
        assertFalse(ProblemMappers.storeUnavailable(new IllegalStateException("a bug")));
        assertFalse(ProblemMappers.storeUnavailable(new SQLException("duplicate key", "23505")));
        assertFalse(ProblemMappers.storeUnavailable(
                new PgException("relation \"x\" does not exist", "ERROR", "42P01", null)));
    }
}
