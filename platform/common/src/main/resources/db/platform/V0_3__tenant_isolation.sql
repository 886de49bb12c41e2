-- Row-level security for a tenant table in one call, the same policy everywhere (ADR 0003):
--   select enable_tenant_isolation('panel');
-- FORCE makes the owning role (the service's own) obey the policy too; a transaction sees only
-- the rows of the tenant bound with TenantScope.bind, and none when it binds no tenant.
create function enable_tenant_isolation(target regclass) returns void
    language plpgsql as
$$
begin
    execute format('alter table %s enable row level security', target);
    execute format('alter table %s force row level security', target);
    execute format('create policy tenant_isolation on %s using '
                   '(tenant_id = nullif(current_setting(''panels.tenant_id'', true), '''')::uuid)', target);
end
$$;
