package io.panels.common.outbound;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Where a service may connect on behalf of a tenant (webhooks, data sources): never to this machine,
 * private networks, link-local or cloud metadata addresses (server-side request forgery), unless a
 * configured network allows it.
 *
 * <p>Use: {@link #checkUrl} when a URL is saved (shape only, no DNS), {@link #resolve} before each
 * connection (resolves the host and checks <em>every</em> address it has, so a name such as
 * {@code localhost} or one rebinding to 127.0.0.1 is refused), then connect to
 * {@link Target#address()} — not to the host name again — sending {@link Target#host()} as Host
 * and TLS SNI. Follow no redirect automatically: pass each {@code Location} to
 * {@link #redirect}, which checks it like a new URL. {@link #resolveHost} does the same for a
 * host and port that are not a URL (a database). Resolving blocks: call it off the event loop.
 */
public final class OutboundAddressPolicy {

    private static final List<Cidr> REFUSED = cidrs(
            "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
            "192.0.0.0/24", "192.0.2.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24",
            "224.0.0.0/4", "240.0.0.0/4",
            "::/128", "::1/128", "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8", "2001:db8::/32", "64:ff9b::/96",
            "2002::/16");

    private final Set<String> schemes;
    private final List<Cidr> allowed;

    /**
     * @param schemes         URL schemes accepted, lower case (e.g. {@code https}, or {@code http, https})
     * @param allowedNetworks CIDRs (or single addresses) that are allowed although they are special,
     *                        e.g. {@code 127.0.0.1/32} for a test server; blanks are ignored
     * @throws IllegalArgumentException for an entry that is not a CIDR
     */
    public OutboundAddressPolicy(Set<String> schemes, List<String> allowedNetworks) {
        this.schemes = Set.copyOf(schemes);
        this.allowed = allowedNetworks == null ? List.of()
                : allowedNetworks.stream().map(String::trim).filter(s -> !s.isEmpty()).map(Cidr::parse).toList();
    }

    /** https only, or http and https. */
    public static OutboundAddressPolicy of(boolean allowPlainHttp, List<String> allowedNetworks) {
        return new OutboundAddressPolicy(allowPlainHttp ? Set.of("http", "https") : Set.of("https"), allowedNetworks);
    }

    /** A checked target: where to connect, and what to say in the Host header and TLS SNI. */
    public record Target(URI uri, boolean tls, String host, int port, String pathAndQuery, InetAddress address) {

        /** {@code host} or {@code host:port} when the port is not the scheme's default (the Host header). */
        public String hostHeader() {
            boolean defaultPort = tls ? port == 443 : port == 80;
            String name = host.contains(":") ? "[" + host + "]" : host;
            return defaultPort ? name : name + ":" + port;
        }
    }

    /** A checked database or other non-URL endpoint. */
    public record HostTarget(String host, int port, InetAddress address) {
    }

    /** The URL's shape: an accepted scheme, a host, no credentials, no fragment. No DNS. */
    public URI checkUrl(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException | NullPointerException e) {
            throw new RefusedTarget("not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!schemes.contains(scheme)) {
            throw new RefusedTarget("the URL must start with " + String.join(":// or ", schemes.stream().sorted().toList()) + "://");
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

    /** Checks the URL, resolves its host (blocking) and checks every address it has. */
    public Target resolve(String url) {
        URI uri = checkUrl(url);
        String host = unbracketed(uri.getHost());
        boolean tls = uri.getScheme().equalsIgnoreCase("https");
        int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
        InetAddress address = checkedAddress(host);
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String pathAndQuery = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        return new Target(uri, tls, host, port, pathAndQuery, address);
    }

    /**
     * The target of a redirect ({@code Location}, relative to the URL that answered), checked like a
     * new URL: a redirect to a refused address is refused, whatever the first URL was.
     */
    public Target redirect(URI from, String location) {
        if (location == null || location.isBlank()) {
            throw new RefusedTarget("a redirect without a Location");
        }
        URI next;
        try {
            next = from.resolve(new URI(location.trim()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new RefusedTarget("a redirect to an invalid URL");
        }
        return resolve(next.toString());
    }

    /** A host and port that are not a URL (a database server): resolved and every address checked. */
    public HostTarget resolveHost(String host, int port) {
        if (host == null || host.isBlank()) {
            throw new RefusedTarget("no host");
        }
        if (port < 1 || port > 65535) {
            throw new RefusedTarget("the port must be 1-65535");
        }
        String name = unbracketed(host.trim());
        return new HostTarget(name, port, checkedAddress(name));
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

    private InetAddress checkedAddress(String host) {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new RefusedTarget("the host " + host + " does not resolve");
        }
        for (InetAddress address : addresses) {
            check(address);
        }
        return addresses[0];
    }

    private static String unbracketed(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
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

    /** Why a target was refused; safe to show to the tenant (no secrets, only the host or address). */
    public static final class RefusedTarget extends RuntimeException {
        public RefusedTarget(String message) {
            super(message, null, false, false);
        }
    }

    record Cidr(byte[] network, int prefix) {

        static Cidr parse(String text) {
            String[] parts = text.split("/", 2);
            try {
                if (!parts[0].matches("[0-9a-fA-F:.]+")) {
                    throw new IllegalArgumentException("not a CIDR: " + text);
                }
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
