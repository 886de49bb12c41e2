package io.panels.notification.api;

import io.panels.common.testing.OpenApiSnapshot;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The served OpenAPI document equals the committed docs/api/notification-service.yaml. */
@QuarkusTest
class OpenApiContractTest {

    @Test
    void servedDocumentMatchesTheCommittedSnapshot() {
        OpenApiSnapshot.assertUnchanged("notification-service");
    }
}
