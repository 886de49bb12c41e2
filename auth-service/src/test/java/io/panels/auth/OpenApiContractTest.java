package io.panels.auth;

import io.panels.common.testing.OpenApiSnapshot;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class OpenApiContractTest {

    @Test
    void theServedApiIsTheCommittedOne() {
        OpenApiSnapshot.assertUnchanged("auth-service");
    }
}
