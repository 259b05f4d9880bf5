-- Dashboards (issue 15): the staff numbers of the school registry, which diagnostic coverage
-- is measured against, and each region's KPI targets set by its operator.

-- Null: the registry did not say. A school's staff count comes from the registry import.
alter table schools add column staff_count integer check (staff_count >= 0);

-- One target per region and metric (share diagnosed, hours per school, certificates).
create table kpi_targets (
    tenant_id  uuid not null references tenants (id),
    metric     text not null check (metric in ('share_diagnosed', 'hours_per_school', 'certificates')),
    target     double precision not null check (target >= 0),
    updated_by uuid references users (id),
    updated_at timestamptz not null default now(),
    primary key (tenant_id, metric)
);
select rost_tenant_table('kpi_targets');

-- The dashboards read every person's attempts and enrolments of a region at once.
create index attempts_person on attempts (tenant_id, user_id, finished_at);
create index memberships_school on memberships (tenant_id, school_id);
