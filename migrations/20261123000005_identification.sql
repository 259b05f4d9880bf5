-- Identification (module A): uploads waiting for confirmation, indicator data per year,
-- configuration versions, runs, manual overrides.

-- A parsed upload shown as a preview; committing it moves the rows into their real tables.
create table identification_uploads (
    tenant_id  uuid not null references tenants (id),
    id         uuid not null default gen_random_uuid(),
    kind       text not null check (kind in ('schools', 'indicators', 'external_list')),
    file_name  text not null,
    -- the configuration version an external list is for
    target     uuid,
    -- the table as canonical CSV (`,` and `.`) when it passed validation, else the error
    content    text,
    error      text,
    created_by uuid not null,
    created_at timestamptz not null default now(),
    primary key (tenant_id, id),
    check ((content is null) <> (error is null)),
    foreign key (tenant_id, created_by) references memberships (tenant_id, user_id)
);

-- One year of indicator data: the rows of that year as canonical CSV. A run reads every
-- loaded year at once, so one text per year is faster than millions of narrow rows.
create table indicator_years (
    tenant_id   uuid not null references tenants (id),
    year        integer not null check (year between 1990 and 2100),
    content     text not null,
    indicators  text[] not null,
    schools     integer not null,
    file_name   text not null,
    -- null: loaded by the platform's demo seed
    uploaded_by uuid,
    uploaded_at timestamptz not null default now(),
    primary key (tenant_id, year),
    foreign key (tenant_id, uploaded_by) references memberships (tenant_id, user_id)
);

-- A configuration version. Versions of one configuration share `config_id`; a published
-- version never changes, editing it starts the next version as a draft.
create table identification_configs (
    tenant_id    uuid not null references tenants (id),
    id           uuid not null default gen_random_uuid(),
    config_id    uuid not null,
    version      integer not null check (version > 0),
    body         jsonb not null,
    -- the school list of an `external_list` configuration, canonical CSV
    external     text,
    published_at timestamptz,
    -- null: created by the platform's demo seed
    created_by   uuid,
    created_at   timestamptz not null default now(),
    updated_at   timestamptz not null default now(),
    primary key (tenant_id, id),
    unique (tenant_id, config_id, version),
    foreign key (tenant_id, created_by) references memberships (tenant_id, user_id)
);
create trigger identification_configs_updated_at before update on identification_configs
    for each row execute function rost_touch_updated_at();

create table identification_runs (
    tenant_id      uuid not null references tenants (id),
    id             uuid not null default gen_random_uuid(),
    config_version uuid not null,
    config_id      uuid not null,
    -- The engine's output in the JSON form of the contract, and the cut-offs per (year, group,
    -- index) with the data years the run read. `json`, not `jsonb`: tens of megabytes for a
    -- large region, stored and read whole, never queried inside.
    result         json not null,
    analysis       json not null,
    -- {"schools": n, "counts": {status: n}}, for lists of runs
    summary        jsonb not null,
    created_by     uuid not null,
    created_at     timestamptz not null default now(),
    -- statuses after overrides, frozen when the run is published
    published      json,
    published_at   timestamptz,
    published_by   uuid,
    primary key (tenant_id, id),
    foreign key (tenant_id, config_version) references identification_configs (tenant_id, id),
    foreign key (tenant_id, created_by) references memberships (tenant_id, user_id),
    foreign key (tenant_id, published_by) references memberships (tenant_id, user_id)
);
create index identification_runs_published on identification_runs (tenant_id, config_id, published_at desc)
    where published_at is not null;

-- An operator's decision to add or remove a status, kept apart from runs so it survives re-runs.
create table identification_overrides (
    tenant_id   uuid not null references tenants (id),
    id          uuid not null default gen_random_uuid(),
    config_id   uuid not null,
    school_code text not null,
    status      text not null,
    action      text not null check (action in ('add', 'remove')),
    reason      text not null check (length(btrim(reason)) >= 5),
    created_by  uuid not null,
    created_at  timestamptz not null default now(),
    withdrawn_at timestamptz,
    primary key (tenant_id, id),
    foreign key (tenant_id, created_by) references memberships (tenant_id, user_id)
);
create unique index identification_overrides_active
    on identification_overrides (tenant_id, config_id, school_code, status) where withdrawn_at is null;

do $$
declare
    t text;
begin
    foreach t in array array['identification_uploads', 'indicator_years', 'identification_configs',
                             'identification_runs', 'identification_overrides']
    loop
        execute format('alter table %I enable row level security', t);
        execute format('create policy tenant_isolation on %I using (tenant_id = rost_current_tenant())
                        with check (tenant_id = rost_current_tenant())', t);
        execute format('grant select, insert, update, delete on %I to rost_app', t);
    end loop;
end
$$;
