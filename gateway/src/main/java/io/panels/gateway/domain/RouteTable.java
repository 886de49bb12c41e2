package io.panels.gateway.domain;

import java.util.OptionalLong;

import io.panels.gateway.config.GatewaySettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The configured routes, checked once at start-up (an unknown service name is a start-up failure). */
@ApplicationScoped
public class RouteTable {

    private final List<Route> routes;

    @Inject
    public RouteTable(GatewaySettings settings) {
        this(settings.routes(), settings.services());
    }

    RouteTable(List<GatewaySettings.RouteEntry> entries, Map<String, GatewaySettings.Service> services) {
        List<Route> table = new ArrayList<>();
        for (GatewaySettings.RouteEntry entry : entries) {
            GatewaySettings.Service service = services.get(entry.service());
            if (service == null) {
                throw new IllegalStateException("route " + entry.path() + " names service " + entry.service()
                        + ", which has no panels.gateway.services." + entry.service() + ".url");
            }
            URI url = service.url();
            if (url.getHost() == null) {
                throw new IllegalStateException("the address of " + entry.service() + " has no host: " + url);
            }
            table.add(new Route(PathPattern.parse(entry.path()), entry.service(), url, entry.websocket(),
                    entry.maxBodySize().map(size -> OptionalLong.of(size.asLongValue())).orElse(OptionalLong.empty())));
        }
        this.routes = List.copyOf(table);
    }

    public Optional<Route> match(String path) {
        for (Route route : routes) {
            if (route.pattern().matches(path)) {
                return Optional.of(route);
            }
        }
        return Optional.empty();
    }

    public List<Route> routes() {
        return routes;
    }
}
