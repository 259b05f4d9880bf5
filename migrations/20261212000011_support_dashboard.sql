-- The support summary (issue 17, «Дашборды»): the region's target share of case schools that
-- left the list, and a data version of the support tables for the summary's cache.

-- The operator's target: the share of the region's case schools no longer in the support
-- statuses of the latest published run (75 % by default, when no row exists).
create table support_targets (
    tenant_id    uuid not null references tenants (id),
    left_percent integer not null check (left_percent between 1 and 100),
    updated_by   uuid references users (id),
    updated_at   timestamptz not null default now(),
    primary key (tenant_id)
);
select rost_tenant_table('support_targets');

-- The support tables' own data version per region (a global table like `dash_versions`), so a
-- school saving a draft does not throw away the region's heavy people dashboards; the summary
-- keys its cache by this version plus `dash_versions` (schools, municipalities, runs).
create table support_versions (
    region  uuid primary key,
    version bigint not null default 0
);
alter table support_versions enable row level security;
create policy own_region on support_versions using (region = rost_current_tenant());
grant select on support_versions to rost_app;

-- As `rost_dash_touch`: fired per row at commit, each region bumped once per transaction.
create function rost_support_touch() returns trigger
    language plpgsql security definer set search_path = public
as $$
declare
    v_tenant  uuid := case tg_op when 'DELETE' then old.tenant_id else new.tenant_id end;
    v_touched text := coalesce(current_setting('rost.support_touched', true), '');
begin
    if position(v_tenant::text in v_touched) > 0 then
        return null;
    end if;
    perform set_config('rost.support_touched', v_touched || v_tenant::text || ' ', true);
    insert into support_versions as v (region, version) values (v_tenant, 1)
        on conflict (region) do update set version = v.version + 1;
    return null;
end;
$$;
revoke all on function rost_support_touch() from public;

do $$
declare
    v_table text;
begin
    foreach v_table in array array['support_cases', 'support_profiles', 'support_questionnaires',
        'support_documents', 'support_document_versions', 'support_targets']
    loop
        execute format('create constraint trigger %I after insert or update or delete on %I
                            deferrable initially deferred for each row
                            execute function rost_support_touch()',
                       v_table || '_support_touch', v_table);
    end loop;
end;
$$;

