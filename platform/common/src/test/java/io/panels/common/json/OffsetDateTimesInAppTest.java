package io.panels.common.json;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

/** The application's mapper (the one REST responses go through) writes timestamps with ours, not JavaTimeModule's. */
@QuarkusTest
class OffsetDateTimesInAppTest {

    @Inject
    ObjectMapper mapper;

    @Test
    void theApplicationsMapperUsesIt() throws Exception {
        assertInstanceOf(OffsetDateTimes.Iso.class, mapper.getSerializerProviderInstance().findValueSerializer(OffsetDateTime.class));
    }
}
