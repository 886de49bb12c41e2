package io.panels.panel.api;

import io.panels.common.testing.OpenApiSnapshot;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The served OpenAPI document equals the committed docs/api/panel-service.yaml. */
@QuarkusTest
class OpenApiContractTest {

    @Test
    void servedDocumentMatchesTheCommittedSnapshot() {
        OpenApiSnapshot.assertUnchanged("panel-service");
    }
}
