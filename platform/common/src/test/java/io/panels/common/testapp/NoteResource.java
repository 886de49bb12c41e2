package io.panels.common.testapp;

import io.panels.common.idempotency.IdempotencyKeys;
import io.panels.common.ids.Ids;
import io.panels.common.outbox.Outbox;
import io.panels.common.outbox.OutgoingEvent;
import io.panels.common.problem.ProblemException;
import io.panels.common.tenant.Role;
import io.panels.common.tenant.TenantAccess;
import io.panels.common.tenant.TenantContext;
import io.panels.common.tenant.TenantScope;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.UUID;

/** The smallest service shape: what platform/common's tests exercise, the way services use it. */
@Path("/api/v1")
public class NoteResource {

    public record NoteRequest(@NotBlank @Size(max = 200) String text, @Min(0) @Max(5) int priority) {
    }

    public record NoteResponse(UUID id, String text, int priority) {
    }

    @Inject
    TenantContext tenant;

    @Inject
    Outbox outbox;

    @Inject
    IdempotencyKeys keys;

    @Inject
    Pool pool;

    @GET
    @Path("/me")
    public TenantAccess me() {
        return tenant.require(Role.VIEWER);
    }

    @POST
    @Path("/notes")
    @WithTransaction
    public Uni<Response> create(@Valid NoteRequest request) {
        return write(request).map(note -> Response.status(201).entity(toResponse(note)).build());
    }

    /** Writes the note and its event, then fails: neither may survive. */
    @POST
    @Path("/notes/failing")
    @WithTransaction
    public Uni<Response> createThenFail(@Valid NoteRequest request) {
        return write(request).map(note -> {
            throw new IllegalStateException("failure after the note " + note.id + " and its event were written");
        });
    }

    @GET
    @Path("/notes/{id}")
    @WithTransaction
    public Uni<NoteResponse> get(@PathParam("id") UUID id) {
        UUID tenantId = tenant.require(Role.VIEWER).tenantId();
        return Panache.getSession()
                .chain(session -> TenantScope.bind(session, tenantId))
                .chain(() -> Note.find("id = ?1 and tenantId = ?2", id, tenantId).<Note>firstResult())
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Note", id))
                .map(NoteResource::toResponse);
    }

    /** The same write through a Vert.x connection, with an Idempotency-Key. */
    @POST
    @Path("/keyed-notes")
    public Uni<Response> createOnce(@Valid NoteRequest request, @HeaderParam(IdempotencyKeys.HEADER) String key) {
        UUID tenantId = tenant.require(Role.EDITOR).tenantId();
        IdempotencyKeys.validate(key);
        String fingerprint = keys.fingerprint("POST /api/v1/keyed-notes", request);
        return pool.withTransaction(tx -> TenantScope.bind(tx, tenantId)
                .chain(() -> keys.claim(tx, tenantId.toString(), key, fingerprint))
                .chain(earlier -> {
                    if (earlier.isPresent()) {
                        return Uni.createFrom().item(earlier.get().toResponse());
                    }
                    NoteResponse note = new NoteResponse(Ids.newId(), request.text(), request.priority());
                    IdempotencyKeys.Reply reply = keys.reply(201, note, null, "/api/v1/notes/" + note.id());
                    return tx.preparedQuery("insert into note (id, tenant_id, text, priority) values ($1, $2, $3, $4)")
                            .execute(Tuple.of(note.id(), tenantId, note.text(), note.priority()))
                            .chain(() -> keys.complete(tx, tenantId.toString(), key, reply))
                            .replaceWith(() -> Response.status(201).entity(note).location(URI.create(reply.location())).build());
                }));
    }

    @GET
    @Path("/boom")
    public String boom() {
        throw new IllegalStateException("a bug, not bad input");
    }

    private Uni<Note> write(NoteRequest request) {
        UUID tenantId = tenant.require(Role.EDITOR).tenantId();
        Note note = new Note();
        note.id = Ids.newId();
        note.tenantId = tenantId;
        note.text = request.text();
        note.priority = request.priority();
        return Panache.getSession().chain(session -> TenantScope.bind(session, tenantId)
                .chain(() -> session.persist(note))
                .chain(session::flush)
                .chain(() -> outbox.append(session, new OutgoingEvent<>(NoteCreated.TYPE, tenantId, tenantId.toString(),
                        note.id.toString(), new NoteCreated(note.id, note.text, note.priority))))
                .replaceWith(note));
    }

    private static NoteResponse toResponse(Note note) {
        return new NoteResponse(note.id, note.text, note.priority);
    }
}
