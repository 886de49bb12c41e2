package io.panels.export.api;

import io.panels.common.testing.OpenApiSnapshot;
import io.panels.export.DataServiceResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The served OpenAPI document equals the committed docs/api/export-service.yaml. */
@QuarkusTest
@QuarkusTestResource(value = DataServiceResource.class, restrictToAnnotatedClass = false)
class OpenApiContractTest {

    @Test
    void servedDocumentMatchesTheCommittedSnapshot() {
        OpenApiSnapshot.assertUnchanged("export-service");
    }
}
