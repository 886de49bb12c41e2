package io.panels.common.testing;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Keeps a service's committed OpenAPI document ({@code docs/api/<service>.yaml}) equal to the one
 * it serves, so integrators can diff the contract. Call from a {@code @QuarkusTest}:
 * {@code OpenApiSnapshot.assertUnchanged("panel-service")}. After an intended API change, refresh
 * the snapshot with {@code -Dpanels.openapi.update=true} and commit it with the change.
 */
public final class OpenApiSnapshot {

    private OpenApiSnapshot() {
    }

    public static void assertUnchanged(String service) {
        String served = given().when().get("/q/openapi?format=yaml").then().statusCode(200).extract().asString();
        Path snapshot = Repository.root().resolve("docs/api/" + service + ".yaml");
        try {
            if (Boolean.getBoolean("panels.openapi.update")) {
                Files.createDirectories(snapshot.getParent());
                Files.writeString(snapshot, served);
                return;
            }
            if (!Files.exists(snapshot)) {
                throw new AssertionError(snapshot + " is missing: run the test with -Dpanels.openapi.update=true and commit it");
            }
            String committed = Files.readString(snapshot);
            if (!committed.equals(served)) {
                throw new AssertionError("The served OpenAPI document of " + service + " differs from " + snapshot
                        + ". If the API change is intended, run with -Dpanels.openapi.update=true and commit the file."
                        + "\nFirst difference at character " + firstDifference(committed, served));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int firstDifference(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            if (a.charAt(i) != b.charAt(i)) {
                return i;
            }
        }
        return n;
    }
}
