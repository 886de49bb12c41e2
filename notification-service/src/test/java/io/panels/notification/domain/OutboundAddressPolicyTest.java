package io.panels.notification.domain;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.panels.notification.domain.OutboundAddressPolicy.RefusedTarget;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutboundAddressPolicyTest {

    private final OutboundAddressPolicy strict = new OutboundAddressPolicy(false, List.of());

    @Test
    void loopbackPrivateLinkLocalAndMetadataAddressesAreRefusedWithoutAnAllowList() {
        for (String url : List.of("https://127.0.0.1/x", "https://localhost/x", "https://169.254.169.254/latest", "https://10.0.0.1/",
                "https://172.16.5.4/", "https://192.168.0.1/", "https://100.64.0.1/", "https://[::1]/", "https://[fe80::1]/",
                "https://[fd00:ec2::254]/", "https://[::ffff:10.0.0.1]/", "https://0.0.0.0/", "https://224.0.0.1/")) {
            assertThrows(RefusedTarget.class, () -> strict.resolve(url), url);
        }
    }

    @Test
    void publicAddressesPass() {
        OutboundAddressPolicy.Target target = strict.resolve("https://93.184.215.14:8443/hooks?x=1");
        assertEquals(8443, target.port());
        assertEquals("/hooks?x=1", target.pathAndQuery());
    }

    @Test
    void theAllowListPermitsExactlyItsNetworks() {
        OutboundAddressPolicy allowing = new OutboundAddressPolicy(true, List.of("127.0.0.2/32", "10.20.0.0/16"));
        assertDoesNotThrow(() -> allowing.resolve("http://127.0.0.2:8080/x"));
        assertDoesNotThrow(() -> allowing.resolve("https://10.20.3.4/x"));
        assertThrows(RefusedTarget.class, () -> allowing.resolve("http://127.0.0.1/x"));
        assertThrows(RefusedTarget.class, () -> allowing.resolve("https://10.21.0.1/x"));
    }

    @Test
    void onlyHttpsUnlessPlainHttpIsAllowedAndNoCredentialsInTheUrl() {
        assertThrows(RefusedTarget.class, () -> strict.checkUrl("http://example.com/x"));
        assertThrows(RefusedTarget.class, () -> strict.checkUrl("https://user:pw@example.com/x"));
        assertThrows(RefusedTarget.class, () -> strict.checkUrl("https:///nohost"));
        assertDoesNotThrow(() -> new OutboundAddressPolicy(true, List.of()).checkUrl("http://example.com/x"));
    }
}
