package io.panels.notification.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    @Test
    void theSignatureIsTheHexHmacOfTimestampDotBody() {
        // Known answer (python3: hmac.new(b"secret", b"1700000000.{}", hashlib.sha256).hexdigest()).
        assertEquals("t=1700000000,v1=b8569b78799ff9e3cbff0fc2d63a33a2b57f3282abd07c37ae5e8e7d79a5f163", WebhookSignature.header("secret", 1700000000L, "{}"));
        assertNotEquals(WebhookSignature.hmac("secret", "1.a"), WebhookSignature.hmac("secret", "2.a"));
        // During a rotation's overlap: one v1 per secret, the new one first.
        assertEquals("t=1700000000,v1=" + WebhookSignature.hmac("new", "1700000000.{}")
                        + ",v1=b8569b78799ff9e3cbff0fc2d63a33a2b57f3282abd07c37ae5e8e7d79a5f163",
                WebhookSignature.header(java.util.List.of("new", "secret"), 1700000000L, "{}"));
    }

    @Test
    void secretsAreRandomAndLongEnough() {
        String one = WebhookSignature.newSecret();
        assertTrue(one.startsWith("whsec_") && one.length() >= 40);
        assertNotEquals(one, WebhookSignature.newSecret());
    }

    @Test
    void backoffGrowsIsCappedAndJittered() {
        RetrySchedule schedule = new RetrySchedule(Duration.ofSeconds(10), Duration.ofMinutes(1));
        for (int i = 0; i < 50; i++) {
            long first = schedule.delayAfter(1).toMillis();
            long third = schedule.delayAfter(3).toMillis();
            long tenth = schedule.delayAfter(10).toMillis();
            assertTrue(first >= 5_000 && first <= 10_000, "first " + first);
            assertTrue(third >= 20_000 && third <= 40_000, "third " + third);
            assertTrue(tenth >= 30_000 && tenth <= 60_000, "tenth " + tenth);
        }
    }

    @Test
    void eventFiltersMatchExactTypesEntitiesAndEverything() {
        assertTrue(EventFilter.matches(java.util.List.of("row.*"), "row.updated"));
        assertTrue(EventFilter.matches(java.util.List.of("*"), "panel.created"));
        assertTrue(EventFilter.matches(java.util.List.of("export.completed"), "export.completed"));
        assertTrue(!EventFilter.matches(java.util.List.of("row.*"), "rows.imported"));
        assertTrue(EventFilter.isValid("member.role_changed") && !EventFilter.isValid("row") && !EventFilter.isValid("Row.*"));
    }
}
