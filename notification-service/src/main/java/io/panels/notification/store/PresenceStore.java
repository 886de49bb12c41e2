package io.panels.notification.store;

import io.panels.notification.domain.StreamMessages.PresenceEntry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Who is viewing a panel, shared by every replica: one sorted set per panel in Redis, a member per
 * connection ({@code user id, name, connection id}) scored by when it expires. Replicas refresh
 * their connections' entries; a replica that dies leaves entries that expire by themselves.
 * A change (a join, a leave, an expired entry removed) is announced on the Redis channel
 * {@value #CHANNEL} with the panel id, so every replica can push the new list to its own
 * watchers of that panel (docs/adr/0036).
 */
@ApplicationScoped
public class PresenceStore {

    /** Panel ids whose presence changed, published by the replica that changed it. */
    public static final String CHANNEL = "panels:notification:presence-changed";
    private static final String SEPARATOR = "\t";

    private final ReactiveRedisDataSource redis;

    public PresenceStore(ReactiveRedisDataSource redis) {
        this.redis = redis;
    }

    /** Adds or refreshes a connection's entry; true when it is new (a join, not a refresh). */
    public Uni<Boolean> here(UUID panelId, String userId, String name, String connectionId, Duration ttl) {
        String key = key(panelId);
        long expires = System.currentTimeMillis() + ttl.toMillis();
        return redis.execute("ZADD", key, Long.toString(expires), member(userId, name, connectionId))
                .chain(added -> redis.execute("PEXPIRE", key, Long.toString(ttl.toMillis())).replaceWith(count(added) > 0));
    }

    /** Removes a connection's entry; true when it was there. */
    public Uni<Boolean> gone(UUID panelId, String userId, String name, String connectionId) {
        return redis.execute("ZREM", key(panelId), member(userId, name, connectionId)).map(removed -> count(removed) > 0);
    }

    /** Removes the panel's expired entries (a crashed replica's connections); true when there were any. */
    public Uni<Boolean> expire(UUID panelId) {
        return redis.execute("ZREMRANGEBYSCORE", key(panelId), "-inf", Long.toString(System.currentTimeMillis()))
                .map(removed -> count(removed) > 0);
    }

    /** Tells every replica that the panel's viewers changed. */
    public Uni<Void> announce(UUID panelId) {
        return redis.pubsub(String.class).publish(CHANNEL, panelId.toString());
    }

    /** Calls {@code changed} with each panel id announced by any replica (this one included). */
    public Uni<Void> onChange(java.util.function.Consumer<String> changed) {
        return redis.pubsub(String.class).subscribe(CHANNEL, changed).replaceWithVoid();
    }

    /** The people viewing the panel now, each once (a person may have several connections). */
    public Uni<List<PresenceEntry>> viewers(UUID panelId) {
        // Expired entries are skipped, not removed: removing is expire()'s, which announces it.
        return redis.execute("ZRANGEBYSCORE", key(panelId), "(" + System.currentTimeMillis(), "+inf")
                .map(PresenceStore::entries);
    }

    private static long count(Response response) {
        return response == null ? 0 : response.toLong();
    }

    private static List<PresenceEntry> entries(Response response) {
        Map<String, PresenceEntry> people = new LinkedHashMap<>();
        if (response != null) {
            for (Response item : response) {
                String[] parts = item.toString().split(SEPARATOR, 3);
                if (parts.length == 3) {
                    people.putIfAbsent(parts[0], new PresenceEntry(parts[0], parts[1]));
                }
            }
        }
        return new ArrayList<>(people.values());
    }

    private static String key(UUID panelId) {
        return "panels:notification:presence:" + panelId;
    }

    private static String member(String userId, String name, String connectionId) {
        return userId + SEPARATOR + (name == null ? "" : name.replace(SEPARATOR, " ")) + SEPARATOR + connectionId;
    }
}
