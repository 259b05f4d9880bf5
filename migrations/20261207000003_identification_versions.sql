-- Reproducible identification runs (issue 16 §2): each year of indicator data kept as immutable
-- versions with their SHA-256, the current version per year, and what every run read.

create table indicator_year_versions (
    tenant_id   uuid not null references tenants (id),
    id          uuid not null default gen_random_uuid(),
    year        integer not null check (year between 1990 and 2100),
    -- 1, 2, … per (region, year), in loading order
    version     integer not null check (version > 0),
    -- the year's rows as canonical CSV, and the SHA-256 of its UTF-8 bytes in hex
    content     text not null,
    sha256      text not null check (sha256 ~ '^[0-9a-f]{64}$'),
    indicators  text[] not null,
    schools     integer not null,
    file_name   text not null,
    -- null: loaded by the platform's demo seed
    uploaded_by uuid,
    uploaded_at timestamptz not null default now(),
    primary key (tenant_id, id),
    unique (tenant_id, year, version),
    foreign key (tenant_id, uploaded_by) references memberships (tenant_id, user_id)
);
select rost_tenant_table('indicator_year_versions');
-- A version never changes: a re-import adds the next one.
revoke update on indicator_year_versions from rost_app;

-- What was loaded so far becomes version 1 of its year. PostgreSQL's own sha256() (11+) needs
-- no extension; it hashes the same bytes as the application (the text in UTF-8).
insert into indicator_year_versions
    (tenant_id, year, version, content, sha256, indicators, schools, file_name, uploaded_by, uploaded_at)
select tenant_id, year, 1, content, encode(sha256(convert_to(content, 'UTF8')), 'hex'), indicators, schools,
       file_name, uploaded_by, uploaded_at
from indicator_years;

-- indicator_years now only points at each year's current version.
alter table indicator_years add column version_id uuid;
update indicator_years y set version_id = v.id
from indicator_year_versions v where v.tenant_id = y.tenant_id and v.year = y.year;
alter table indicator_years
    alter column version_id set not null,
    add foreign key (tenant_id, version_id) references indicator_year_versions (tenant_id, id),
    drop column content,
    drop column indicators,
    drop column schools,
    drop column file_name,
    drop column uploaded_by,
    drop column uploaded_at;

-- The engine version a run was computed with (engine::ENGINE_VERSION), and what else it read:
-- the configuration as it was (a draft may change after the run), the external list, and the
-- groups the registry gave to rows without one. Null for runs made before this migration.
alter table identification_runs
    add column engine_version integer,
    add column inputs json;

-- The exact data version of each year a run read. The hash stays when retention deletes the
-- version of a run nobody published (version_id becomes null).
create table identification_run_data (
    tenant_id  uuid not null references tenants (id),
    run_id     uuid not null,
    year       integer not null,
    version_id uuid,
    version    integer not null,
    sha256     text not null,
    primary key (tenant_id, run_id, year),
    foreign key (tenant_id, run_id) references identification_runs (tenant_id, id) on delete cascade,
    foreign key (tenant_id, version_id) references indicator_year_versions (tenant_id, id)
        on delete set null (version_id)
);
select rost_tenant_table('identification_run_data');
create index identification_run_data_version on identification_run_data (tenant_id, version_id);

-- The data of a published run is never deleted, whatever deletes it.
create function rost_keep_published_versions() returns trigger
    language plpgsql
as $$
begin
    if exists (select 1 from identification_run_data d
               join identification_runs r on r.tenant_id = d.tenant_id and r.id = d.run_id
               where d.tenant_id = old.tenant_id and d.version_id = old.id and r.published_at is not null) then
        raise exception 'indicator data version % is used by a published run', old.id;
    end if;
    return old;
end
$$;
create trigger indicator_year_versions_keep_published before delete on indicator_year_versions
    for each row execute function rost_keep_published_versions();
