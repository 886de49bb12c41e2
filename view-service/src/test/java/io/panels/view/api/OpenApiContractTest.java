package io.panels.view.api;

import io.panels.common.testing.OpenApiSnapshot;
import io.panels.view.DataServiceProcess;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The served OpenAPI document equals the committed docs/api/view-service.yaml. */
@QuarkusTest
@QuarkusTestResource(DataServiceProcess.class)
class OpenApiContractTest {

    @Test
    void servedDocumentMatchesTheCommittedSnapshot() {
        OpenApiSnapshot.assertUnchanged("view-service");
    }
}
