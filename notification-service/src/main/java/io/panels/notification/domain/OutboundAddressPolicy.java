package io.panels.notification.domain;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Where webhooks may be sent: never to this machine, the cluster's private networks, link-local
 * or cloud metadata addresses (server-side request forgery), unless a configured network allows
 * it. Checked on the URL at registration and on every address the host resolves to at each
 * attempt; the connection then goes to the checked address, and redirects are not followed.
 */
public final class OutboundAddressPolicy {

    private static final List<Cidr> REFUSED = cidrs(
            "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
            "192.0.0.0/24", "192.0.2.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24",
            "224.0.0.0/4", "240.0.0.0/4",
            "::/128", "::1/128", "fc00::/7", "fe80::/10", "ff00::/8", "2001:db8::/32", "64:ff9b::/96");

    private final boolean allowPlainHttp;
    private final List<Cidr> allowed;

    public OutboundAddressPolicy(boolean allowPlainHttp, List<String> allowedNetworks) {
        this.allowPlainHttp = allowPlainHttp;
        this.allowed = allowedNetworks.stream().map(String::trim).filter(s -> !s.isEmpty()).map(Cidr::parse).toList();
    }

    /** A checked target: where to connect, and what to say in the Host header and TLS SNI. */
    public record Target(URI uri, boolean tls, String host, int port, String pathAndQuery, InetAddress address) {
    }

    /** The URL's shape: absolute https (http only where allowed), a host, no credentials, no fragment. */
    public URI checkUrl(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (Exception e) {
            throw new RefusedTarget("not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(allowPlainHttp && scheme.equals("http"))) {
            throw new RefusedTarget("the URL must start with https://");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new RefusedTarget("the URL has no host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new RefusedTarget("credentials in the URL are not allowed");
        }
        if (uri.getRawFragment() != null) {
            throw new RefusedTarget("the URL must not have a fragment");
        }
        return uri;
    }

    /** Resolves the host (blocking: call off the event loop) and checks every address it has. */
    public Target resolve(String url) {
        URI uri = checkUrl(url);
        String host = uri.getHost();
        String literal = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(literal);
        } catch (UnknownHostException e) {
            throw new RefusedTarget("the host " + host + " does not resolve");
        }
        for (InetAddress address : addresses) {
            check(address);
        }
        boolean tls = uri.getScheme().equalsIgnoreCase("https");
        int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String pathAndQuery = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        return new Target(uri, tls, literal, port, pathAndQuery, addresses[0]);
    }

    /** Refuses loopback, private, link-local, metadata and other special addresses unless allowed. */
    public void check(InetAddress address) {
        InetAddress effective = unmapped(address);
        if (allowed.stream().anyMatch(cidr -> cidr.contains(effective))) {
            return;
        }
        if (effective.isAnyLocalAddress() || effective.isLoopbackAddress() || effective.isLinkLocalAddress()
                || effective.isSiteLocalAddress() || effective.isMulticastAddress()
                || REFUSED.stream().anyMatch(cidr -> cidr.contains(effective))) {
            throw new RefusedTarget("the address " + effective.getHostAddress()
                    + " is loopback, private, link-local or otherwise not public");
        }
    }

    /** ::ffff:10.0.0.1 is 10.0.0.1. */
    private static InetAddress unmapped(InetAddress address) {
        if (address instanceof Inet6Address v6) {
            byte[] bytes = v6.getAddress();
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= bytes[i] == 0;
            }
            if (mapped && bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff) {
                try {
                    return InetAddress.getByAddress(Arrays.copyOfRange(bytes, 12, 16));
                } catch (UnknownHostException e) {
                    return address;
                }
            }
        }
        return address;
    }

    /** Why a target was refused; said to the caller (400) or written to the delivery log. */
    public static final class RefusedTarget extends RuntimeException {
        public RefusedTarget(String message) {
            super(message, null, false, false);
        }
    }

    record Cidr(byte[] network, int prefix) {

        static Cidr parse(String text) {
            String[] parts = text.split("/", 2);
            try {
                byte[] network = InetAddress.getByName(parts[0]).getAddress();
                int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : network.length * 8;
                if (prefix < 0 || prefix > network.length * 8) {
                    throw new IllegalArgumentException("bad prefix in " + text);
                }
                return new Cidr(network, prefix);
            } catch (UnknownHostException | NumberFormatException e) {
                throw new IllegalArgumentException("not a CIDR: " + text, e);
            }
        }

        boolean contains(InetAddress address) {
            byte[] bytes = address.getAddress();
            if (bytes.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (bytes[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xff << (8 - rest) & 0xff;
            return (bytes[full] & mask) == (network[full] & mask);
        }
    }

    private static List<Cidr> cidrs(String... cidrs) {
        return Arrays.stream(cidrs).map(Cidr::parse).toList();
    }
}
