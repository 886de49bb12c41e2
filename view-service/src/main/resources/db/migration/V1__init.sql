-- view-service: a copy of each panel's columns (from panel.* / column.* events), the saved views,
-- and their public share links. Every tenant table: tenant_id first in an index, and row-level
-- security (TenantScope.bind) as the second wall behind the application check.

-- The panels this service knows, with the schema version last applied (an older event is a replay).
create table panel (
    panel_id   uuid        primary key,
    tenant_id  uuid        not null,
    version    bigint      not null,
    deleted    boolean     not null default false,
    updated_at timestamptz not null default now()
);

create index panel_tenant on panel (tenant_id, panel_id);

-- The panel's columns as panel-service defines them (ColumnDefinition), to check the keys a view names.
create table panel_column (
    panel_id   uuid    not null references panel (panel_id) on delete cascade,
    tenant_id  uuid    not null,
    key        text    not null,
    name       text    not null,
    type       text    not null,
    position   integer not null,
    -- ColumnSettings as JSON: options of selects, formula and result type.
    settings   jsonb   not null default '{}',
    primary key (panel_id, key)
);

create index panel_column_tenant on panel_column (tenant_id, panel_id, position);

create table saved_view (
    id         uuid        primary key,
    tenant_id  uuid        not null,
    panel_id   uuid        not null,
    name       text        not null,
    type       text        not null check (type in ('grid', 'kanban', 'gallery', 'calendar')),
    visibility text        not null check (visibility in ('personal', 'collaborative')),
    owner_id   text        not null,
    locked     boolean     not null default false,
    position   integer     not null,
    -- [{"key", "visible", "width"}] in display order.
    columns    jsonb       not null,
    -- The platform/query JSON form (docs/query.md).
    query      jsonb       not null default '{}',
    settings   jsonb       not null default '{}',
    version    bigint      not null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);

create index saved_view_panel on saved_view (tenant_id, panel_id, position);

-- Public read-only links. Only the SHA-256 of the token is kept: a database leak reveals no link.
create table view_share (
    id            uuid        primary key,
    tenant_id     uuid        not null,
    view_id       uuid        not null references saved_view (id) on delete cascade,
    token_hash    text        not null unique,
    -- PBKDF2 "iterations:salt:hash" (base64), or null for a link without password.
    password_hash text,
    expires_at    timestamptz,
    created_by    text        not null,
    created_at    timestamptz not null default now(),
    revoked_at    timestamptz
);

create index view_share_view on view_share (tenant_id, view_id);

-- A public request carries only the token, not the tenant: this table maps a token's hash to the
-- tenant (and nothing else), so the share itself is then read under that tenant's row-level security.
-- It holds no tenant data beyond ids, hence no policy.
create table share_token (
    token_hash text  primary key,
    tenant_id  uuid  not null,
    share_id   uuid  not null
);

select enable_tenant_isolation('panel');
select enable_tenant_isolation('panel_column');
select enable_tenant_isolation('saved_view');
select enable_tenant_isolation('view_share');
