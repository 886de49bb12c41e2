package io.panels.common.outbox;

import io.panels.common.ids.Ids;
import io.panels.common.request.RequestIds;
import io.panels.common.tenant.TrustedServices;
import io.panels.events.EventJson;
import io.quarkus.arc.Arc;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Appends events to the outbox inside the caller's transaction: pass the session or connection
 * that makes the change, and the event exists exactly when the change commits.
 */
@ApplicationScoped
public class Outbox {

    private static final String COLUMNS =
            "id, topic, record_key, type, source, subject, tenant_id, dataschema, occurred_at, payload, request_id, traceparent,"
                    + " actor";

    private static final String INSERT = "insert into outbox_event (" + COLUMNS + ") values "
            + "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::text::json, $11, $12, $13)";

    // Hibernate Reactive numbers parameters JPA-style; the casts give PostgreSQL a type for nulls.
    private static final String INSERT_NATIVE = "insert into outbox_event (" + COLUMNS + ") values "
            + "(?1, ?2, cast(?3 as text), ?4, ?5, cast(?6 as text), ?7, cast(?8 as text), ?9, cast(cast(?10 as text) as json),"
            + " cast(?11 as text), cast(?12 as text), cast(?13 as text))";

    /** Wakes every relay listening on this database at commit (see {@link #insert(Mutiny.Session, Row)}). */
    private static final String NOTIFY = "select 1 from pg_notify('panels_outbox', current_schema())";

    private final String source;
    private final Instance<CurrentIdentityAssociation> identities;
    private final OutboxRelay relay;

    public Outbox(@ConfigProperty(name = "quarkus.application.name") String applicationName,
                  Instance<CurrentIdentityAssociation> identities, OutboxRelay relay) {
        this.source = "/panels/" + applicationName;
        this.identities = identities;
        this.relay = relay;
    }

    /** Appends through a Vert.x SQL connection that is inside the change's transaction. */
    public <T> Uni<UUID> append(SqlClient transaction, OutgoingEvent<T> event) {
        return actor().chain(actor -> insert(transaction, row(event, actor)));
    }

    /** Appends through the Hibernate Reactive session whose transaction makes the change. */
    public <T> Uni<UUID> append(Mutiny.Session session, OutgoingEvent<T> event) {
        return actor().chain(actor -> insert(session, row(event, actor)));
    }

    private Uni<UUID> insert(SqlClient transaction, Row row) {
        return transaction.preparedQuery(INSERT)
                .execute(Tuple.tuple()
                        .addUUID(row.id).addString(row.topic).addString(row.key).addString(row.type)
                        .addString(source).addString(row.subject).addUUID(row.tenantId).addString(row.dataschema)
                        .addOffsetDateTime(row.occurredAt).addString(row.payload)
                        .addString(row.requestId).addString(row.traceparent).addString(row.actor))
                .invoke(() -> drainAfterCommit(transaction))
                .replaceWith(row.id);
    }

    /**
     * Wakes this replica's relay when the change commits. No NOTIFY in the writer's transaction:
     * PostgreSQL commits notifying transactions one at a time (a global lock on its notification
     * queue), which held row writes to about 300 transactions/s (ADR 0048). A transaction that rolls
     * back wakes nothing; one that commits on a connection not in a transaction is left to the poll.
     */
    private void drainAfterCommit(SqlClient client) {
        if (client instanceof SqlConnection connection) {
            Transaction transaction = connection.transaction();
            if (transaction != null) {
                transaction.completion().subscribe().with(committed -> relay.requestDrain(), rolledBack -> {
                });
                return;
            }
        }
        relay.requestDrain();
    }

    private Uni<UUID> insert(Mutiny.Session session, Row row) {
        return session.createNativeQuery(INSERT_NATIVE)
                .setParameter(1, row.id).setParameter(2, row.topic).setParameter(3, row.key)
                .setParameter(4, row.type).setParameter(5, source).setParameter(6, row.subject)
                .setParameter(7, row.tenantId).setParameter(8, row.dataschema).setParameter(9, row.occurredAt)
                .setParameter(10, row.payload).setParameter(11, row.requestId).setParameter(12, row.traceparent)
                .setParameter(13, row.actor)
                .executeUpdate()
                // Hibernate's session has no commit hook: the commit's NOTIFY wakes the relays. The
                // services writing through sessions write schema, not rows, so their rate stays low.
                .chain(() -> session.createNativeQuery(NOTIFY).getSingleResult())
                .replaceWith(row.id);
    }

    /**
     * The subject of the caller whose request makes this change; null when no caller does (a
     * consumer, a job). Read without blocking: this runs on the event loop.
     */
    private Uni<String> actor() {
        if (!Arc.container().requestContext().isActive()) {
            return Uni.createFrom().nullItem();
        }
        return identities.get().getDeferredIdentity().map(Outbox::subjectOf);
    }

    private static String subjectOf(SecurityIdentity caller) {
        if (caller == null || caller.isAnonymous()) {
            return null;
        }
        // A trusted service working for a user (X-Panels-On-Behalf-Of, ADR 0023): the user acted.
        String onBehalfOf = caller.getAttribute(TrustedServices.ACTING_USER_ATTRIBUTE);
        if (onBehalfOf != null) {
            return onBehalfOf;
        }
        return caller.getPrincipal() instanceof JsonWebToken token && token.getSubject() != null
                ? token.getSubject()
                : caller.getPrincipal().getName();
    }

    private static <T> Row row(OutgoingEvent<T> event, String actor) {
        return new Row(Ids.newId(), event.type().topic(), event.key(), event.type().name(), event.subject(),
                event.tenantId(), event.type().dataschema().toString(), OffsetDateTime.now(ZoneOffset.UTC),
                new String(EventJson.write(event.payload()), StandardCharsets.UTF_8),
                RequestIds.current(), RequestIds.traceparent(), actor);
    }

    private record Row(UUID id, String topic, String key, String type, String subject, UUID tenantId,
                       String dataschema, OffsetDateTime occurredAt, String payload, String requestId,
                       String traceparent, String actor) {
    }
}
