-- Data sources that fill a panel, and their sync runs (docs/data-sources.md, ADRs 0027-0029).

create table data_source (
    id              uuid        primary key,
    tenant_id       uuid        not null,
    panel_id        uuid        not null,
    name            text        not null,
    kind            text        not null check (kind in ('http_json', 'csv_url', 'postgresql', 'mariadb')),
    -- Everything but credentials: URL, method, headers' names and values that are not secret,
    -- records path, pagination, JDBC host/port/database/query... (SourceConfig).
    config          jsonb       not null,
    -- Credentials (password, bearer token, API key, secret header values), sealed with
    -- platform/common's SecretCipher (AES-256-GCM, context = source id): never returned, never logged.
    secrets         text,
    -- Which credentials are set (["password"]): what the API shows instead of them.
    credential_names jsonb      not null default '[]',
    -- [{"source": "$.id" | column name, "column": key}]
    mapping         jsonb       not null,
    mode            text        not null check (mode in ('replace', 'upsert', 'append')),
    key_column      text,
    schedule        text,
    next_run_at     timestamptz,
    enabled         boolean     not null default true,
    -- Which deployment's scheduler and workers take this source's runs ('default' for every replica
    -- of one deployment); a test run uses its own, so that no other process on the shared
    -- platform picks up its runs.
    worker_group    text        not null default 'default',
    owner_id        text        not null,
    version         bigint      not null default 1,
    created_at      timestamptz not null default now(),
    created_by      text        not null,
    updated_at      timestamptz not null default now(),
    updated_by      text        not null
);

create index data_source_panel on data_source (tenant_id, panel_id, id);
-- The scheduler's scan: due sources of every tenant, earliest first.
create index data_source_due on data_source (worker_group, next_run_at) where enabled and next_run_at is not null;

select enable_tenant_isolation('data_source');
-- The scheduler sees the due sources of every tenant: a second policy, opened only by the
-- transaction that sets panels.sync_scheduler (SyncStore.claimDue), never by a request.
create policy sync_scheduler on data_source
    using (current_setting('panels.sync_scheduler', true) = 'on');

create table sync_run (
    id              uuid        primary key,
    tenant_id       uuid        not null,
    source_id       uuid        not null references data_source (id) on delete cascade,
    panel_id        uuid        not null,
    status          text        not null check (status in ('queued', 'running', 'completed', 'failed', 'skipped')),
    trigger         text        not null check (trigger in ('schedule', 'manual')),
    requested_by    text,
    worker_group    text        not null default 'default',
    attempts        int         not null default 0,
    rows_read       bigint      not null default 0,
    rows_inserted   bigint      not null default 0,
    rows_updated    bigint      not null default 0,
    rows_deleted    bigint      not null default 0,
    rows_failed     bigint      not null default 0,
    -- The first per-record errors: [{"record", "column", "message"}].
    errors          jsonb       not null default '[]',
    failure         text,
    requested_at    timestamptz not null default now(),
    started_at      timestamptz,
    finished_at     timestamptz
);

create index sync_run_source on sync_run (tenant_id, source_id, requested_at desc, id);
-- At most one run per source is running, whatever the replicas do (the second wall behind the
-- worker's advisory lock).
create unique index sync_run_one_running on sync_run (source_id) where status = 'running';

select enable_tenant_isolation('sync_run');
create policy sync_scheduler on sync_run
    using (current_setting('panels.sync_scheduler', true) = 'on');
