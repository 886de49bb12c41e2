-- notification-service: what the stream needs to authorise subscriptions (a directory of panels
-- and views, kept from panel.* and view.* events), the inbox, and outgoing webhooks with their
-- deliveries. Every table holds tenant data: tenant_id leads an index, and row-level security on
-- panels.tenant_id (TenantScope.bind) is the second wall behind the application checks.

-- Which tenant a panel belongs to (from panel.* events): a subscription is checked against it.
create table panel_directory (
    panel_id   uuid        primary key,
    tenant_id  uuid        not null,
    deleted    boolean     not null default false,
    updated_at timestamptz not null default now()
);

create index panel_directory_tenant on panel_directory (tenant_id, panel_id);

-- Which panel, tenant and owner a view has (from view.* events): personal views are their owner's only.
create table view_directory (
    view_id    uuid        primary key,
    panel_id   uuid        not null,
    tenant_id  uuid        not null,
    visibility text        not null check (visibility in ('personal', 'collaborative')),
    owner_id   text,
    version    bigint      not null,
    deleted    boolean     not null default false,
    updated_at timestamptz not null default now()
);

create index view_directory_tenant on view_directory (tenant_id, view_id);

-- The inbox. The id is the id of the event the notification came from: one event makes at most
-- one notification, and every replica can push it on the stream under the same id.
create table notification (
    id         uuid        primary key,
    tenant_id  uuid        not null,
    recipient  text        not null,
    kind       text        not null,
    title      text        not null,
    body       text        not null,
    data       jsonb       not null default '{}',
    created_at timestamptz not null,
    read_at    timestamptz
);

create index notification_recipient on notification (tenant_id, recipient, id desc);
create index notification_unread on notification (tenant_id, recipient) where read_at is null;

create table webhook (
    id                   uuid        primary key,
    tenant_id            uuid        not null,
    url                  text        not null,
    description          text,
    -- Patterns: "row.created", "row.*" or "*".
    event_types          text[]      not null,
    -- The HMAC key, shown once at creation; never in a reply, a log line or an event.
    secret               text        not null,
    enabled              boolean     not null default true,
    disabled_reason      text,
    consecutive_failures integer     not null default 0,
    version              bigint      not null default 1,
    created_at           timestamptz not null,
    created_by           text        not null,
    updated_at           timestamptz not null
);

create index webhook_tenant on webhook (tenant_id, id);

-- One event to one webhook: persisted before the first attempt, so a restart loses nothing.
create table webhook_delivery (
    id               uuid        primary key,
    tenant_id        uuid        not null,
    webhook_id       uuid        not null references webhook (id) on delete cascade,
    event_id         uuid        not null,
    event_type       text        not null,
    -- The CloudEvent in structured JSON mode, exactly the body that is POSTed (and signed).
    payload          text        not null,
    status           text        not null check (status in ('pending', 'sending', 'succeeded', 'failed')),
    attempts         integer     not null default 0,
    next_attempt_at  timestamptz not null,
    -- A delivery still failing after this is given up (24 h after it was made or redelivered).
    retry_until      timestamptz not null,
    -- A 'sending' delivery whose dispatcher died is taken again after this.
    lease_until      timestamptz,
    last_attempt_at  timestamptz,
    last_status_code integer,
    last_error       text,
    succeeded_at     timestamptz,
    created_at       timestamptz not null,
    unique (webhook_id, event_id)
);

create index webhook_delivery_tenant on webhook_delivery (tenant_id, webhook_id, id desc);
create index webhook_delivery_due on webhook_delivery (next_attempt_at) where status in ('pending', 'sending');

select enable_tenant_isolation('panel_directory');
select enable_tenant_isolation('view_directory');
select enable_tenant_isolation('notification');
select enable_tenant_isolation('webhook');
select enable_tenant_isolation('webhook_delivery');

-- The webhook dispatcher works through every tenant's due deliveries. It declares itself for the
-- length of one transaction (set_config('panels.worker', 'webhook-dispatcher', true)); API calls
-- never do, so for them the tenant policy above stays the only way in.
create policy webhook_dispatcher on webhook using (current_setting('panels.worker', true) = 'webhook-dispatcher');
create policy webhook_dispatcher on webhook_delivery using (current_setting('panels.worker', true) = 'webhook-dispatcher');
