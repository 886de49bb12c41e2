package io.panels.panel.api;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/** A write's reply before it becomes a Response: what an Idempotency-Key stores and replays. */
record Reply(int status, Object body, String etag, String location) {

    static Reply ok(Object body, String etag) {
        return new Reply(200, body, etag, null);
    }

    static Reply created(Object body, String etag, String location) {
        return new Reply(201, body, etag, location);
    }

    static Reply noContent(String etag) {
        return new Reply(204, null, etag, null);
    }

    Response toResponse() {
        return build(body);
    }

    private Response build(Object entity) {
        Response.ResponseBuilder builder = Response.status(status);
        if (entity != null) {
            builder.entity(entity).type(MediaType.APPLICATION_JSON_TYPE);
        }
        if (etag != null) {
            builder.header(HttpHeaders.ETAG, etag);
        }
        if (location != null) {
            builder.location(URI.create(location));
        }
        return builder.build();
    }
}
