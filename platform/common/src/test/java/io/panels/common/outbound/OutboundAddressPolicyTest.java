package io.panels.common.outbound;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.panels.common.outbound.OutboundAddressPolicy.RefusedTarget;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** No test here opens a connection: every check happens before one would be made. */
class OutboundAddressPolicyTest {

    private final OutboundAddressPolicy strict = OutboundAddressPolicy.of(false, List.of());

    @Test
    void loopbackPrivateLinkLocalAndMetadataAddressesAreRefusedWithoutAnAllowList() {
        for (String url : List.of("https://127.0.0.1/x", "https://localhost/x", "https://169.254.169.254/latest", "https://10.0.0.1/",
                "https://172.16.5.4/", "https://192.168.0.1/", "https://100.64.0.1/", "https://[::1]/", "https://[fe80::1]/",
                "https://[fd00:ec2::254]/", "https://[::ffff:10.0.0.1]/", "https://[::ffff:169.254.169.254]/", "https://0.0.0.0/",
                "https://224.0.0.1/", "https://[::]/", "https://127.1.2.3:8443/")) {
            RefusedTarget refused = assertThrows(RefusedTarget.class, () -> strict.resolve(url), url);
            assertTrue(refused.getMessage().contains("not public"), refused.getMessage());
        }
    }

    @Test
    void aNameIsCheckedByEveryAddressItResolvesTo() {
        RefusedTarget refused = assertThrows(RefusedTarget.class, () -> strict.resolve("https://localhost:9999/x"));
        assertTrue(refused.getMessage().contains("127.0.0.1") || refused.getMessage().contains("0:0:0:0:0:0:0:1"), refused.getMessage());
        assertThrows(RefusedTarget.class, () -> strict.resolve("https://no-such-host.invalid/x"));
    }

    @Test
    void publicAddressesPassAndTheTargetSaysWhereToConnect() {
        OutboundAddressPolicy.Target target = strict.resolve("https://93.184.215.14:8443/hooks?x=1");
        assertEquals(8443, target.port());
        assertEquals("/hooks?x=1", target.pathAndQuery());
        assertEquals("93.184.215.14:8443", target.hostHeader());
        assertEquals("93.184.215.14", target.address().getHostAddress());
    }

    @Test
    void theAllowListPermitsExactlyItsNetworks() {
        OutboundAddressPolicy allowing = OutboundAddressPolicy.of(true, List.of("127.0.0.2/32", "10.20.0.0/16", " "));
        assertDoesNotThrow(() -> allowing.resolve("http://127.0.0.2:8080/x"));
        assertDoesNotThrow(() -> allowing.resolve("https://10.20.3.4/x"));
        assertThrows(RefusedTarget.class, () -> allowing.resolve("http://127.0.0.1/x"));
        assertThrows(RefusedTarget.class, () -> allowing.resolve("https://10.21.0.1/x"));
        assertThrows(RefusedTarget.class, () -> allowing.resolve("http://169.254.169.254/latest/meta-data"));
        assertThrows(IllegalArgumentException.class, () -> OutboundAddressPolicy.of(true, List.of("example.com/8")));
    }

    @Test
    void aRedirectIsCheckedLikeANewUrl() {
        OutboundAddressPolicy allowing = OutboundAddressPolicy.of(true, List.of("127.0.0.1/32"));
        URI from = URI.create("http://127.0.0.1:8080/page?x=1");
        assertEquals("/next", allowing.redirect(from, "/next").pathAndQuery());
        assertThrows(RefusedTarget.class, () -> allowing.redirect(from, "http://169.254.169.254/latest"));
        assertThrows(RefusedTarget.class, () -> allowing.redirect(from, "http://192.168.1.1/admin"));
        assertThrows(RefusedTarget.class, () -> allowing.redirect(from, "file:///etc/passwd"));
        assertThrows(RefusedTarget.class, () -> allowing.redirect(from, ""));
    }

    @Test
    void hostsThatAreNotUrlsAreCheckedToo() {
        assertThrows(RefusedTarget.class, () -> strict.resolveHost("127.0.0.1", 5432));
        assertThrows(RefusedTarget.class, () -> strict.resolveHost("localhost", 3306));
        assertThrows(RefusedTarget.class, () -> strict.resolveHost("93.184.215.14", 0));
        assertEquals(3306, OutboundAddressPolicy.of(false, List.of("127.0.0.1/32")).resolveHost("127.0.0.1", 3306).port());
    }

    @Test
    void onlyTheGivenSchemesAndNoCredentialsInTheUrl() {
        assertThrows(RefusedTarget.class, () -> strict.checkUrl("http://example.com/x"));
        assertThrows(RefusedTarget.class, () -> strict.checkUrl("https://user:pw@example.com/x"));
        assertThrows(RefusedTarget.class, () -> strict.checkUrl("https:///nohost"));
        assertThrows(RefusedTarget.class, () -> strict.checkUrl("https://example.com/x#frag"));
        assertThrows(RefusedTarget.class, () -> strict.checkUrl("gopher://example.com/"));
        assertThrows(RefusedTarget.class, () -> strict.checkUrl(null));
        assertDoesNotThrow(() -> OutboundAddressPolicy.of(true, List.of()).checkUrl("http://example.com/x"));
    }
}
