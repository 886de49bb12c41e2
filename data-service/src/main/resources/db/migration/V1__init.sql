-- data-service: the registry of panel tables (built from panel.* / column.* events), row history,
-- and the safe conversion functions used when a column changes type. The rows themselves live in
-- one table per panel (p_<panel id without dashes>), created and altered at run time
-- (docs/adr/0015-one-table-per-panel.md). Every table holds tenant data: tenant_id first in an
-- index, and row-level security on panels.tenant_id (TenantScope.bind) as the second wall.

create table panel_table (
    panel_id   uuid        primary key,
    tenant_id  uuid        not null,
    table_name text        not null unique,
    -- The panel's schema version last applied: an event at or below it is a replay.
    version    bigint      not null,
    status     text        not null default 'active' check (status in ('active', 'archived', 'deleted')),
    time_zone  text        not null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);

create index panel_table_tenant on panel_table (tenant_id, panel_id);

create table panel_column (
    panel_id      uuid    not null references panel_table (panel_id) on delete cascade,
    tenant_id     uuid    not null,
    column_id     uuid    not null,
    key           text    not null,
    name          text    not null,
    type          text    not null,
    position      integer not null,
    required      boolean not null default false,
    unique_values boolean not null default false,
    default_value jsonb,
    settings      jsonb   not null default '{}',
    -- Where the values are: a column of the panel table, a system column (created_at...), or null
    -- for a formula computed in each query.
    sql_name      text,
    -- For a stored formula: the generation expression it was created with (recreated when it changes).
    generated_sql text,
    primary key (panel_id, key)
);

create index panel_column_tenant on panel_column (tenant_id, panel_id, position);

-- Every change of a row: who, when, and the changed values before and after.
create table row_history (
    id         uuid        primary key,
    tenant_id  uuid        not null,
    panel_id   uuid        not null,
    row_id     uuid        not null,
    version    bigint      not null,
    action     text        not null check (action in ('created', 'updated', 'deleted')),
    changed_at timestamptz not null,
    changed_by text        not null,
    -- {"key": {"old": ..., "new": ...}}; old is absent on creation, new on deletion.
    changes    jsonb       not null
);

create index row_history_row on row_history (tenant_id, panel_id, row_id, version);

select enable_tenant_isolation('panel_table');
select enable_tenant_isolation('panel_column');
select enable_tenant_isolation('row_history');
-- Conversions of existing values when a column changes type: a value that cannot be read becomes
-- NULL instead of failing the whole change (PostgreSQL 15 has no pg_input_is_valid).
create function panels_try_numeric(value text) returns numeric
    language plpgsql immutable as
$$
begin
    return nullif(btrim(value), '')::numeric;
exception when others then
    return null;
end
$$;

create function panels_try_date(value text) returns date
    language plpgsql immutable as
$$
begin
    if btrim(value) !~ '^\d{4}-\d{2}-\d{2}$' then
        return null;
    end if;
    return btrim(value)::date;
exception when others then
    return null;
end
$$;

-- A text with an offset is that instant; one without is a local time in the column's zone.
create function panels_try_timestamptz(value text, zone text) returns timestamptz
    language plpgsql immutable as
$$
declare
    v text := btrim(value);
begin
    if v !~ '^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}(:?\d{2})?)?$' then
        return null;
    end if;
    if v ~ '(Z|[+-]\d{2}(:?\d{2})?)$' and v ~ '[ T]' then
        return v::timestamptz;
    end if;
    return v::timestamp at time zone zone;
exception when others then
    return null;
end
$$;
