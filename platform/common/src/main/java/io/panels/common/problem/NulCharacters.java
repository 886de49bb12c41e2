package io.panels.common.problem;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * PostgreSQL text cannot hold the NUL character, so a string with one would fail in the database (a
 * 500) instead of being refused: JSON string fields and query parameters that contain it are a 400.
 */
@Singleton
public class NulCharacters implements ObjectMapperCustomizer {

    private static final char NUL = '\u0000';

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(new SimpleModule("panels-no-nul").addDeserializer(String.class, new NoNulStrings()));
    }

    @ServerRequestFilter
    public Response refuseInQuery(ContainerRequestContext request) {
        for (var parameter : request.getUriInfo().getQueryParameters().entrySet()) {
            if (parameter.getValue().stream().anyMatch(value -> value.indexOf(NUL) >= 0)) {
                String field = parameter.getKey();
                Problem body = new Problem(Problem.TYPE_BASE + "validation", "Invalid request", 400,
                        field + " contains a NUL character", request.getUriInfo().getPath(),
                        io.panels.common.request.RequestIds.traceId(), List.of(new FieldError(field, "contains a NUL character")));
                return Response.status(400).type(Problem.MEDIA_TYPE).entity(body).build();
            }
        }
        return null;
    }

    private static final class NoNulStrings extends StdScalarDeserializer<String> {

        NoNulStrings() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String value = StringDeserializer.instance.deserialize(parser, context);
            if (value != null && value.indexOf(NUL) >= 0) {
                return (String) context.handleWeirdStringValue(String.class, value, "contains a NUL character");
            }
            return value;
        }
    }
}
