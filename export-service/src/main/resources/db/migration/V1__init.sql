-- export-service: export jobs, and its own copies of the panels and views it exports (built from
-- panels.panels and panels.views events, docs/adr/0023). Every table holds tenant data: tenant_id
-- first in an index, and row-level security on panels.tenant_id as the second wall.

create table export_job (
    id              uuid        primary key,
    tenant_id       uuid        not null,
    panel_id        uuid        not null,
    view_id         uuid,
    format          text        not null check (format in ('csv', 'xlsx', 'json', 'ndjson', 'pdf')),
    -- The request's options as given (delimiter, header, bom, timeZone, dateFormat, columns).
    options         jsonb       not null,
    -- What is exported, fixed when the job is requested: a later view change does not alter it.
    title           text        not null,
    query           jsonb       not null,
    columns         jsonb       not null,
    status          text        not null default 'queued'
                    check (status in ('queued', 'running', 'completed', 'failed', 'cancelled', 'expired')),
    requested_by    text        not null,
    requested_at    timestamptz not null,
    started_at      timestamptz,
    -- Written by the worker after every page: a running job whose heartbeat stops was interrupted.
    heartbeat_at    timestamptz,
    finished_at     timestamptz,
    rows_written    bigint      not null default 0,
    file_bytes      bigint,
    file_name       text,
    failure_reason  text,
    expires_at      timestamptz
);

create index export_job_tenant on export_job (tenant_id, requested_at desc, id desc);
create index export_job_running on export_job (heartbeat_at) where status = 'running';
create index export_job_expiry on export_job (expires_at) where status = 'completed';

create table panel_copy (
    panel_id  uuid        primary key,
    tenant_id uuid        not null,
    name      text        not null,
    -- The panel's schema version last applied: an event at or below it is a replay.
    version   bigint      not null,
    status    text        not null default 'active' check (status in ('active', 'archived', 'deleted')),
    -- Full column definitions (platform/events ColumnDefinition), in display order.
    columns   jsonb       not null,
    updated_at timestamptz not null default now()
);

create index panel_copy_tenant on panel_copy (tenant_id, panel_id);

create table view_copy (
    view_id    uuid        primary key,
    tenant_id  uuid        not null,
    panel_id   uuid        not null,
    name       text        not null,
    visibility text        not null,
    owner_id   text        not null,
    -- ViewColumn list (key, visible, width) in display order, and the platform/query JSON.
    columns    jsonb       not null,
    query      jsonb       not null,
    version    bigint      not null,
    deleted    boolean     not null default false,
    updated_at timestamptz not null default now()
);

create index view_copy_tenant on view_copy (tenant_id, view_id);

select enable_tenant_isolation('export_job');
select enable_tenant_isolation('panel_copy');
select enable_tenant_isolation('view_copy');

-- Work that spans tenants (the stale-job sweeper, file retention, and a signed download, whose
-- signature is its authorisation) opts in per transaction with panels.system = 'on'; nothing
-- else sees across tenants.
create policy system_jobs on export_job using (current_setting('panels.system', true) = 'on');
