-- Monitoring and evaluation of support cases (issue 17, «Мониторинг и оценка»): the region's
-- monitoring stages (entry, intermediate, final by default) and the curator's rubric (the
-- «Методика качества и результативности принимаемых мер»), both written with their defaults on
-- a region's first use; per case and stage a snapshot of the indicators Rost computes, the
-- values of the case's manual indicators and the curator's scores with comments.

create table support_monitoring_stages (
    tenant_id  uuid not null references tenants (id),
    id         uuid not null default gen_random_uuid(),
    position   integer not null check (position > 0),
    title      text not null check (length(btrim(title)) between 1 and 200),
    planned_on date,
    created_at timestamptz not null default now(),
    primary key (tenant_id, id),
    unique (tenant_id, position)
);
select rost_tenant_table('support_monitoring_stages');

create table support_rubric_criteria (
    tenant_id  uuid not null references tenants (id),
    id         uuid not null default gen_random_uuid(),
    position   integer not null check (position > 0),
    title      text not null check (length(btrim(title)) between 1 and 300),
    max_score  integer not null check (max_score between 1 and 100),
    created_at timestamptz not null default now(),
    primary key (tenant_id, id),
    unique (tenant_id, position)
);
select rost_tenant_table('support_rubric_criteria');

-- What Rost knew of the case's school when the stage was fixed: raw counts, shown under the
-- n ≥ 5 rule when read. Fixing a stage again replaces its snapshot.
create table support_stage_snapshots (
    tenant_id  uuid not null references tenants (id),
    case_id    uuid not null,
    stage_id   uuid not null,
    figures    jsonb not null,
    taken_by   uuid not null,
    taken_at   timestamptz not null default now(),
    primary key (tenant_id, case_id, stage_id),
    foreign key (tenant_id, case_id) references support_cases (tenant_id, id) on delete cascade,
    foreign key (tenant_id, stage_id) references support_monitoring_stages (tenant_id, id),
    foreign key (tenant_id, taken_by) references memberships (tenant_id, user_id)
);
select rost_tenant_table('support_stage_snapshots');

create table support_manual_indicators (
    tenant_id  uuid not null references tenants (id),
    id         uuid not null default gen_random_uuid(),
    case_id    uuid not null,
    name       text not null check (length(btrim(name)) between 1 and 300),
    unit       text not null default '' check (length(unit) <= 50),
    baseline   double precision,
    target     double precision not null,
    created_by uuid not null,
    created_at timestamptz not null default now(),
    primary key (tenant_id, id),
    foreign key (tenant_id, case_id) references support_cases (tenant_id, id) on delete cascade,
    foreign key (tenant_id, created_by) references memberships (tenant_id, user_id)
);
select rost_tenant_table('support_manual_indicators');
create index support_manual_indicators_case on support_manual_indicators (tenant_id, case_id);

create table support_manual_values (
    tenant_id    uuid not null references tenants (id),
    indicator_id uuid not null,
    stage_id     uuid not null,
    value        double precision not null,
    entered_by   uuid not null,
    entered_at   timestamptz not null default now(),
    primary key (tenant_id, indicator_id, stage_id),
    foreign key (tenant_id, indicator_id) references support_manual_indicators (tenant_id, id) on delete cascade,
    foreign key (tenant_id, stage_id) references support_monitoring_stages (tenant_id, id),
    foreign key (tenant_id, entered_by) references memberships (tenant_id, user_id)
);
select rost_tenant_table('support_manual_values');

create table support_rubric_scores (
    tenant_id    uuid not null references tenants (id),
    case_id      uuid not null,
    stage_id     uuid not null,
    criterion_id uuid not null,
    score        integer not null check (score >= 0),
    comment      text not null default '' check (length(comment) <= 2000),
    scored_by    uuid not null,
    scored_at    timestamptz not null default now(),
    primary key (tenant_id, case_id, stage_id, criterion_id),
    foreign key (tenant_id, case_id) references support_cases (tenant_id, id) on delete cascade,
    foreign key (tenant_id, stage_id) references support_monitoring_stages (tenant_id, id),
    foreign key (tenant_id, criterion_id) references support_rubric_criteria (tenant_id, id),
    foreign key (tenant_id, scored_by) references memberships (tenant_id, user_id)
);
select rost_tenant_table('support_rubric_scores');
