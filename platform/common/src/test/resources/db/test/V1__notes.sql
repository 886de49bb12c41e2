-- A tenant table shaped like every service's: tenant_id first in its index, row-level security.
create table note (
    id         uuid primary key,
    tenant_id  uuid        not null,
    text       text        not null,
    priority   integer     not null,
    created_at timestamptz not null default now()
);
create index note_tenant on note (tenant_id, id);

select enable_tenant_isolation('note');

-- What the idempotent test consumer does with each event: exactly one row per event, or a bug.
create table note_effect (
    event_id uuid not null,
    note_id  uuid not null
);
