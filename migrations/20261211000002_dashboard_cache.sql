-- Built dashboards are kept in memory (`dashboards::cache`) under the region's data version: a
-- counter per region, and one for changes made outside any region's transaction (the nil
-- uuid), bumped when a transaction that changed what the dashboards read commits. A reader reads
-- the version before the figures, in its own transaction, so a dashboard is never kept under a
-- version newer than its figures.

-- A global table (its key is a region or the nil uuid, not a tenant's row): a region reads its
-- own counter and the global one.
create table dash_versions (
    region  uuid primary key,
    version bigint not null default 0
);
alter table dash_versions enable row level security;
create policy own_and_global on dash_versions
    using (region = rost_current_tenant() or region = '00000000-0000-0000-0000-000000000000');
grant select on dash_versions to rost_app;

-- Fired per changed row at commit (a deferred constraint trigger), so the version's row is
-- locked only while the transaction commits, not while it runs (a bulk certificate batch draws
-- PDFs for seconds). A transaction bumps each region once; `tg_argv[0]` names the row's region
-- column, none for a table without one (every region's dashboards then change).
create function rost_dash_touch() returns trigger
    language plpgsql security definer set search_path = public
as $$
declare
    v_tenant  uuid := '00000000-0000-0000-0000-000000000000';
    v_touched text := coalesce(current_setting('rost.dash_touched', true), '');
begin
    if tg_argv[0] = 'tenant_id' then
        v_tenant := case tg_op when 'DELETE' then old.tenant_id else new.tenant_id end;
    elsif tg_argv[0] = 'id' then
        v_tenant := case tg_op when 'DELETE' then old.id else new.id end;
    end if;
    if position(v_tenant::text in v_touched) > 0 then
        return null;
    end if;
    perform set_config('rost.dash_touched', v_touched || v_tenant::text || ' ', true);
    insert into dash_versions as v (region, version) values (v_tenant, 1)
        on conflict (region) do update set version = v.version + 1;
    return null;
end;
$$;
revoke all on function rost_dash_touch() from public;

do $$
declare
    v_table text;
begin
    foreach v_table in array array['municipalities', 'schools', 'memberships', 'attempts',
        'instruments', 'courses', 'course_competencies', 'enrolments', 'certificates',
        'identification_configs', 'identification_runs', 'kpi_targets',
        'dash_people', 'dash_measures', 'dash_growth']
    loop
        execute format('create constraint trigger %I after insert or update or delete on %I
                            deferrable initially deferred for each row
                            execute function rost_dash_touch(%L)',
                       v_table || '_dash_touch', v_table, 'tenant_id');
    end loop;
end;
$$;
-- A region's name or time zone; an account switched off leaves every figure it counted in.
create constraint trigger tenants_dash_touch after update or delete on tenants
    deferrable initially deferred for each row execute function rost_dash_touch('id');
create constraint trigger users_dash_touch after update of active or delete on users
    deferrable initially deferred for each row execute function rost_dash_touch();
