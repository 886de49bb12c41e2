package io.panels.notification.events;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready until the stream feed has its partitions: a client routed here earlier would subscribe
 * to a replica that does not receive events yet (docs/adr/0044).
 */
@Readiness
@ApplicationScoped
public class StreamFeedReadiness implements HealthCheck {

    private final FeedPositions positions;

    public StreamFeedReadiness(FeedPositions positions) {
        this.positions = positions;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("stream-feed").status(positions.everAssigned()).build();
    }
}
