-- ADR 0047: a panel's table holds one tenant's rows, pinned by a check constraint; its row-level
-- security policy stays enabled but is no longer forced on the owner (data-service), so filters on
-- numbers and text reach PostgreSQL's index conditions. The registry keeps its forced policy; it is
-- lifted for the length of this migration's transaction only, to read every panel's tenant.
alter table panel_table no force row level security;

do $$
declare
    panel record;
begin
    for panel in select table_name, tenant_id from panel_table where status <> 'deleted' loop
        if to_regclass(format('%I.%I', current_schema(), panel.table_name)) is null then
            continue;
        end if;
        execute format('alter table %I.%I no force row level security', current_schema(), panel.table_name);
        if not exists (select 1 from pg_constraint
                       where conrelid = to_regclass(format('%I.%I', current_schema(), panel.table_name))
                         and conname = 'tenant_pinned') then
            -- NOT VALID: enforced for every new or changed row at once, without scanning a large
            -- table under this migration's lock; the rows already there were written under the policy.
            execute format('alter table %I.%I add constraint tenant_pinned check (tenant_id = %L::uuid) not valid',
                           current_schema(), panel.table_name, panel.tenant_id);
        end if;
    end loop;
end
$$;

alter table panel_table force row level security;
