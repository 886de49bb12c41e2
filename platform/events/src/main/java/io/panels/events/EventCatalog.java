package io.panels.events;

import io.panels.events.member.MemberAdded;
import io.panels.events.member.MemberRemoved;
import io.panels.events.member.MemberRoleChanged;
import io.panels.events.tenant.TenantCreated;
import io.panels.events.tenant.TenantDeleted;
import io.panels.events.tenant.TenantReactivated;
import io.panels.events.tenant.TenantSuspended;
import io.panels.events.tenant.TenantUpdated;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every event type Panels publishes. A new event is one constant here, its payload record and its
 * JSON Schema; {@code EventCatalogTest} checks that the three stay together.
 */
public final class EventCatalog {

    public static final EventType<TenantCreated> TENANT_CREATED =
            new EventType<>("tenant.created", Topics.TENANTS, TenantCreated.class);
    public static final EventType<TenantUpdated> TENANT_UPDATED =
            new EventType<>("tenant.updated", Topics.TENANTS, TenantUpdated.class);
    public static final EventType<TenantSuspended> TENANT_SUSPENDED =
            new EventType<>("tenant.suspended", Topics.TENANTS, TenantSuspended.class);
    public static final EventType<TenantReactivated> TENANT_REACTIVATED =
            new EventType<>("tenant.reactivated", Topics.TENANTS, TenantReactivated.class);
    public static final EventType<TenantDeleted> TENANT_DELETED =
            new EventType<>("tenant.deleted", Topics.TENANTS, TenantDeleted.class);

    public static final EventType<MemberAdded> MEMBER_ADDED =
            new EventType<>("member.added", Topics.TENANTS, MemberAdded.class);
    public static final EventType<MemberRoleChanged> MEMBER_ROLE_CHANGED =
            new EventType<>("member.role_changed", Topics.TENANTS, MemberRoleChanged.class);
    public static final EventType<MemberRemoved> MEMBER_REMOVED =
            new EventType<>("member.removed", Topics.TENANTS, MemberRemoved.class);

    private static final List<EventType<?>> ALL = List.of(
            TENANT_CREATED, TENANT_UPDATED, TENANT_SUSPENDED, TENANT_REACTIVATED, TENANT_DELETED,
            MEMBER_ADDED, MEMBER_ROLE_CHANGED, MEMBER_REMOVED);

    private static final Map<String, EventType<?>> BY_NAME =
            ALL.stream().collect(Collectors.toUnmodifiableMap(EventType::name, Function.identity()));

    private EventCatalog() {
    }

    public static List<EventType<?>> all() {
        return ALL;
    }

    public static Optional<EventType<?>> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }
}
