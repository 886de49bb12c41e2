-- auth-service: tenants and their provisioning, members, invitations, integrations, the audit log.
-- Tenant tables carry tenant_id, an index leading with it and the row-level security policy of
-- docs/platform-common.md. The tenant registry itself (tenant, tenant_provisioning) and the
-- idempotency records are platform data read across tenants (platform admins, the status check
-- of every call, the provisioning retries), like outbox_event: no row-level security.

-- A tenant is a Keycloak organization; id is the organization id.
create table tenant (
    id                      uuid        primary key,
    alias                   text        not null unique,
    name                    text        not null,
    plan                    text        not null,
    max_panels              integer     not null,
    max_rows_per_panel      bigint      not null,
    max_requests_per_minute integer     not null,
    status                  text        not null check (status in ('active', 'suspended', 'deleted')),
    suspended_reason        text,
    version                 integer     not null default 1,
    created_at              timestamptz not null default now(),
    updated_at              timestamptz not null default now()
);

-- One tenant creation in flight (docs/adr/0008): each step is idempotent and may be replayed
-- until the tenant row exists (state done) or the steps taken are undone (the row is deleted).
create table tenant_provisioning (
    id                      uuid        primary key,
    alias                   text        not null unique,
    name                    text        not null,
    plan                    text        not null,
    max_panels              integer     not null,
    max_rows_per_panel      bigint      not null,
    max_requests_per_minute integer     not null,
    owner_email             text        not null,
    organization_id         uuid,
    owner_user_id           text,
    owner_created           boolean     not null default false,
    state                   text        not null check (state in ('pending', 'done')),
    attempts                integer     not null default 0,
    last_error              text,
    created_at              timestamptz not null default now(),
    updated_at              timestamptz not null default now()
);

create index tenant_provisioning_pending on tenant_provisioning (updated_at) where state = 'pending';

create table member (
    tenant_id  uuid        not null,
    user_id    text        not null,
    email      text,
    role       text        not null check (role in ('owner', 'admin', 'editor', 'viewer')),
    version    integer     not null default 1,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    primary key (tenant_id, user_id)
);

create table invitation (
    id          uuid        primary key,
    tenant_id   uuid        not null,
    email       text        not null,
    role        text        not null check (role in ('owner', 'admin', 'editor', 'viewer')),
    token_hash  text        not null unique,
    -- Set when auth-service made the user itself (a new first owner): accepting sets its password.
    user_id     text,
    created_by  text        not null,
    expires_at  timestamptz not null,
    accepted_at timestamptz,
    accepted_by text,
    revoked_at  timestamptz,
    created_at  timestamptz not null default now()
);

create index invitation_tenant on invitation (tenant_id, id);

create table integration (
    id                uuid        primary key,
    tenant_id         uuid        not null,
    name              text        not null,
    role              text        not null check (role in ('admin', 'editor', 'viewer')),
    client_id         text        not null unique,
    client_uuid       text,
    status            text        not null check (status in ('active', 'revoked')),
    created_by        text        not null,
    created_at        timestamptz not null default now(),
    secret_rotated_at timestamptz,
    revoked_at        timestamptz
);

create index integration_tenant on integration (tenant_id, id);

-- One entry per event of any panels.* topic. Range-partitioned by month (docs/adr/0009): a
-- tenant's newest entries are one backward scan of the primary key in the newest partitions,
-- and retention drops whole partitions. Partitions are made ahead by AuditPartitions.
create table audit_entry (
    tenant_id   uuid        not null,
    occurred_at timestamptz not null,
    id          uuid        not null,
    actor       text,
    action      text        not null,
    object_type text        not null,
    object_id   text,
    summary     text        not null,
    source      text        not null,
    request_id  text,
    trace_id    text,
    recorded_at timestamptz not null default now(),
    primary key (tenant_id, occurred_at, id)
) partition by range (occurred_at);

create index audit_entry_object on audit_entry (tenant_id, object_type, object_id, occurred_at, id);
create index audit_entry_actor on audit_entry (tenant_id, actor, occurred_at, id);
create index audit_entry_action on audit_entry (tenant_id, action, occurred_at, id);

-- Catches what falls outside the monthly partitions (very old or far-future event times).
create table audit_entry_default partition of audit_entry default;

-- Replies of writes made with an Idempotency-Key: the same key and request replay the reply.
create table idempotency_record (
    scope        text        not null,
    key          text        not null,
    request_hash text        not null,
    status       integer     not null,
    body         text        not null,
    created_at   timestamptz not null default now(),
    primary key (scope, key)
);

create index idempotency_record_age on idempotency_record (created_at);

alter table member enable row level security;
alter table member force row level security;
create policy tenant_isolation on member
    using (tenant_id = nullif(current_setting('panels.tenant_id', true), '')::uuid);

alter table invitation enable row level security;
alter table invitation force row level security;
create policy tenant_isolation on invitation
    using (tenant_id = nullif(current_setting('panels.tenant_id', true), '')::uuid);

alter table integration enable row level security;
alter table integration force row level security;
create policy tenant_isolation on integration
    using (tenant_id = nullif(current_setting('panels.tenant_id', true), '')::uuid);

alter table audit_entry enable row level security;
alter table audit_entry force row level security;
create policy tenant_isolation on audit_entry
    using (tenant_id = nullif(current_setting('panels.tenant_id', true), '')::uuid);
