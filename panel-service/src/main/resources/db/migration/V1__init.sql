-- panel-service: panels, their columns, the plan limits of each tenant (from tenant.* events) and
-- stored replies of idempotent writes. Every table holds tenant data: tenant_id first in an index,
-- and row-level security on panels.tenant_id (TenantScope.bind) as the second wall.

create table panel (
    id          uuid        primary key,
    tenant_id   uuid        not null,
    name        text        not null,
    description text,
    icon        text,
    colour      text,
    status      text        not null default 'active' check (status in ('active', 'archived')),
    -- The schema version: bumped by every change of the panel or its columns; the ETag.
    version     bigint      not null default 1,
    duplicated_from uuid,
    created_at  timestamptz not null,
    created_by  text        not null,
    updated_at  timestamptz not null,
    updated_by  text        not null
);

-- Keyset pagination for the three sorts, each within a tenant (and the name search).
create index panel_tenant_created on panel (tenant_id, created_at, id);
create index panel_tenant_updated on panel (tenant_id, updated_at, id);
create index panel_tenant_name on panel (tenant_id, lower(name), id);

create table panel_column (
    id            uuid        primary key,
    tenant_id     uuid        not null,
    panel_id      uuid        not null references panel (id) on delete cascade,
    key           text        not null,
    name          text        not null,
    type          text        not null,
    position      integer     not null,
    required      boolean     not null default false,
    unique_values boolean     not null default false,
    default_value jsonb,
    settings      jsonb       not null default '{}',
    created_at    timestamptz not null,
    updated_at    timestamptz not null,
    unique (panel_id, key)
);

create index panel_column_tenant_panel on panel_column (tenant_id, panel_id, position);
create unique index panel_column_name on panel_column (panel_id, lower(name));

-- What the tenant's plan allows and whether it may call us, from tenant.* events.
create table tenant_plan (
    tenant_id  uuid        primary key,
    plan       text,
    max_panels integer,
    status     text        not null default 'active' check (status in ('active', 'suspended', 'deleted')),
    updated_at timestamptz not null default now()
);

select enable_tenant_isolation('panel');
select enable_tenant_isolation('panel_column');
select enable_tenant_isolation('tenant_plan');

