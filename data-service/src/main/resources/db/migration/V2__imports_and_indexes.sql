-- CSV imports (background jobs) and panel indexes made on request or from query usage
-- (docs/adr/0017-csv-import-jobs.md, docs/adr/0018-indexes-on-request-and-from-usage.md).

create table import_job (
    id             uuid        primary key,
    tenant_id      uuid        not null,
    panel_id       uuid        not null,
    status         text        not null check (status in ('queued', 'running', 'completed', 'failed')),
    -- delimiter, header, mapping: what the caller asked for.
    options        jsonb       not null,
    file_bytes     bigint      not null,
    lines_read     bigint      not null default 0,
    rows_imported  bigint      not null default 0,
    rows_failed    bigint      not null default 0,
    -- The first per-line errors: [{"line", "column", "message"}].
    errors         jsonb       not null default '[]',
    failure        text,
    created_at     timestamptz not null default now(),
    created_by     text        not null,
    started_at     timestamptz,
    finished_at    timestamptz,
    -- Which replica holds the spooled file and runs the job, and when it last said so: a job whose
    -- replica went away is taken over (file still there) or failed with a reason (ImportRecovery).
    node           text        not null,
    heartbeat_at   timestamptz not null default now()
);

create index import_job_panel on import_job (tenant_id, panel_id, created_at desc, id);
create index import_job_unfinished on import_job (status, heartbeat_at) where status in ('queued', 'running');

select enable_tenant_isolation('import_job');
-- Recovery after a restart must see unfinished jobs of every tenant: a second policy, opened only
-- by the transaction that sets panels.import_recovery (ImportStore.unfinished), never by a request.
create policy import_recovery on import_job
    using (current_setting('panels.import_recovery', true) = 'on');

-- Indexes beyond the automatic rule of ADR 0015: asked for by an admin, or made from usage.
create table panel_index (
    id          uuid        primary key,
    tenant_id   uuid        not null,
    panel_id    uuid        not null,
    column_key  text        not null,
    -- sort: (column, id) btree, with a (column DESC NULLS LAST, id) twin for numbers and dates.
    -- (Case-insensitive text indexes are not offered: see ADR 0018.)
    kind        text        not null check (kind in ('sort')),
    origin      text        not null check (origin in ('request', 'usage')),
    status      text        not null check (status in ('building', 'ready', 'failed')),
    index_name  text        not null,
    failure     text,
    created_at  timestamptz not null default now(),
    created_by  text        not null,
    ready_at    timestamptz,
    unique (panel_id, column_key, kind)
);

create index panel_index_panel on panel_index (tenant_id, panel_id);

select enable_tenant_isolation('panel_index');

-- How often each column was used in a query's filter or sort, per panel and window.
create table column_usage (
    tenant_id    uuid        not null,
    panel_id     uuid        not null,
    column_key   text        not null,
    kind         text        not null check (kind in ('sort')),
    window_start timestamptz not null,
    uses         bigint      not null,
    primary key (tenant_id, panel_id, column_key, kind, window_start)
);

select enable_tenant_isolation('column_usage');

-- A row given the values of an earlier version (POST .../rows/{id}/restore).
alter table row_history drop constraint row_history_action_check;
alter table row_history add constraint row_history_action_check
    check (action in ('created', 'updated', 'deleted', 'restored'));
