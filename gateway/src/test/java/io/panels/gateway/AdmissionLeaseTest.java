package io.panels.gateway;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.panels.common.testing.Keycloak;
import io.panels.events.EventCatalog;
import io.panels.events.tenant.TenantSuspended;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Leases of tokens (ADR 0057) against the real Redis; the tests lease up to a second's budget: 10 tokens at 600 a minute. */
@QuarkusTest
@QuarkusTestResource(Backends.class)
class AdmissionLeaseTest {

    private static final Pattern EVALSHA_CALLS = Pattern.compile("cmdstat_evalsha:calls=(\\d+)");

    @Inject
    RedisDataSource redis;

    @Test
    void aFastCallerIsAdmittedFromLeasesNotOneRedisCallPerRequest() {
        String token = Keycloak.createTenant().member("editor").token();
        long before = admissionCalls();
        int remaining = Integer.MAX_VALUE;
        for (int i = 0; i < 100; i++) {
            Response response = given().auth().oauth2(token).when().get("/api/v1/panels");
            response.then().statusCode(200).header("RateLimit-Limit", "600");
            remaining = Integer.parseInt(response.header("RateLimit-Remaining"));
        }
        long calls = admissionCalls() - before;
        // Leases double while they are used up, to the 10 tokens a second of 600 a minute allows:
        // 1 + 2 + 4 + 8 tokens, then 10 at a time, cover 100 requests in 13 calls.
        assertTrue(calls >= 1 && calls <= 30, "100 requests took " + calls + " admission calls");
        assertTrue(remaining < 600, "the budget shows what was drawn: " + remaining);
    }

    @Test
    void aSuspensionReachesALeasingCallerWithinTheLeaseLifetime() {
        Keycloak.TestTenant tenant = Keycloak.createTenant();
        String token = tenant.member("editor").token();
        for (int i = 0; i < 50; i++) {
            given().auth().oauth2(token).when().get("/api/v1/panels").then().statusCode(200);
        }
        TenantEvents.publish(EventCatalog.TENANT_SUSPENDED, tenant.id(), new TenantSuspended(tenant.id(), "unpaid"));
        String stateKey = "gw:{t:" + tenant.id() + "}:state";
        await().atMost(Duration.ofSeconds(30)).until(() -> "suspended".equals(redis.hash(String.class).hget(stateKey, "status")));

        long stored = System.nanoTime();
        int status = 200;
        while (status == 200 && System.nanoTime() - stored < Duration.ofSeconds(10).toNanos()) {
            status = given().auth().oauth2(token).when().get("/api/v1/panels").statusCode();
        }
        long tookMillis = (System.nanoTime() - stored) / 1_000_000;
        assertEquals(403, status);
        // The lease lifetime is 1 s; the margin is for a loaded machine, not for the design.
        assertTrue(tookMillis < 5_000, "refused " + tookMillis + " ms after Redis knew");
        given().auth().oauth2(token).when().get("/api/v1/panels").then().statusCode(403)
                .body("type", equalTo("https://panels.io/problems/tenant-suspended"));
    }

    private long admissionCalls() {
        String stats = redis.execute("INFO", "commandstats").toString();
        Matcher matcher = EVALSHA_CALLS.matcher(stats);
        return matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
    }
}
