-- One helper for what every tenant table needs besides its columns, so that a new table cannot
-- get half of it: row-level security with the tenant_isolation policy, and the application's
-- rights. New migrations call it after `create table`:
--
--     select rost_tenant_table('things');
--
-- The table itself keeps tenant_id in its primary key, unique constraints and foreign keys
-- between tenant tables (tests/integration/colocation.rs checks the catalog for that).
-- The tables of earlier migrations already have all of this and stay as they were.
create function rost_tenant_table(t regclass) returns void
    language plpgsql
as $$
begin
    execute format('alter table %s enable row level security', t);
    execute format('create policy tenant_isolation on %s
                        using (tenant_id = rost_current_tenant())
                        with check (tenant_id = rost_current_tenant())', t);
    -- A table that needs fewer rights (an append-only log) revokes them after the call.
    execute format('grant select, insert, update, delete on %s to rost_app', t);
end
$$;

-- Only migrations (the owner) shape tables.
revoke execute on function rost_tenant_table(regclass) from public;
