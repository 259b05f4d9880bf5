-- Regions as tenants, their municipalities and schools, isolated by row-level security.
--
-- Every tenant table leads its primary key with tenant_id and every foreign key between tenant
-- tables includes it, so the schema can be distributed by tenant_id (Citus) without change.

-- The application connects as rost_app, which is subject to row-level security; migrations run
-- as the owner. The role is cluster-wide, so it may already exist.
do $$
begin
    if not exists (select 1 from pg_roles where rolname = 'rost_app') then
        create role rost_app nologin nosuperuser nobypassrls;
    end if;
exception
    when duplicate_object or unique_violation then null;
end
$$;

grant usage on schema public to rost_app;

-- The tenant of the current transaction, or null when none was set: a query without the
-- setting therefore matches no tenant row.
create function rost_current_tenant() returns uuid
    language sql stable
as $$ select nullif(current_setting('rost.tenant_id', true), '')::uuid $$;

create function rost_touch_updated_at() returns trigger
    language plpgsql
as $$
begin
    new.updated_at = now();
    return new;
end
$$;

create table tenants (
    id            uuid primary key default gen_random_uuid(),
    slug          text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
    name          text not null check (length(btrim(name)) > 0),
    region_code   text not null unique check (region_code ~ '^[0-9]{2,3}$'),
    time_zone     text not null,
    -- status code -> the region's own label, e.g. {"low_results": "ШНРО"}
    status_labels jsonb not null default '{}'::jsonb check (jsonb_typeof(status_labels) = 'object'),
    locale        text not null default 'ru' check (locale in ('ru', 'en')),
    active        boolean not null default true,
    created_at    timestamptz not null default now(),
    updated_at    timestamptz not null default now()
);
create trigger tenants_updated_at before update on tenants
    for each row execute function rost_touch_updated_at();

-- The list of regions is public; only the owner (platform administration) changes it.
grant select on tenants to rost_app;

create table municipalities (
    tenant_id  uuid not null references tenants (id),
    id         uuid not null default gen_random_uuid(),
    code       text not null,
    name       text not null check (length(btrim(name)) > 0),
    -- городской округ, муниципальный район, муниципальный округ …
    kind       text not null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    primary key (tenant_id, id),
    unique (tenant_id, code)
);
create trigger municipalities_updated_at before update on municipalities
    for each row execute function rost_touch_updated_at();

create table schools (
    tenant_id       uuid not null references tenants (id),
    id              uuid not null default gen_random_uuid(),
    -- the region's own stable school code
    code            text not null check (length(btrim(code)) > 0),
    name            text not null check (length(btrim(name)) > 0),
    municipality_id uuid not null,
    -- средняя / основная / вечерняя …: the region's own list
    school_group    text not null,
    is_rural        boolean not null,
    address         text,
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now(),
    primary key (tenant_id, id),
    unique (tenant_id, code),
    foreign key (tenant_id, municipality_id) references municipalities (tenant_id, id)
);
create index schools_municipality on schools (tenant_id, municipality_id);
create trigger schools_updated_at before update on schools
    for each row execute function rost_touch_updated_at();

alter table municipalities enable row level security;
create policy tenant_isolation on municipalities
    using (tenant_id = rost_current_tenant())
    with check (tenant_id = rost_current_tenant());

alter table schools enable row level security;
create policy tenant_isolation on schools
    using (tenant_id = rost_current_tenant())
    with check (tenant_id = rost_current_tenant());

grant select, insert, update, delete on municipalities, schools to rost_app;
