-- Curators' visits to a case's school (issue 17, «Visits»): date, purpose and findings, and
-- targeted recommendations («адресные рекомендации») that the school accepts into its road map
-- (stage 1 or 2, with a deadline and a responsible person) or declines with a reason.

create table support_visits (
    tenant_id  uuid not null references tenants (id),
    id         uuid not null default gen_random_uuid(),
    case_id    uuid not null,
    visited_on date not null,
    purpose    text not null check (length(purpose) between 1 and 500),
    findings   text not null check (length(findings) between 1 and 5000),
    created_by uuid not null,
    created_at timestamptz not null default now(),
    primary key (tenant_id, id),
    foreign key (tenant_id, case_id) references support_cases (tenant_id, id) on delete cascade,
    foreign key (tenant_id, created_by) references memberships (tenant_id, user_id)
);
select rost_tenant_table('support_visits');
create index support_visits_case on support_visits (tenant_id, case_id, visited_on);

create table support_recommendations (
    tenant_id  uuid not null references tenants (id),
    id         uuid not null default gen_random_uuid(),
    visit_id   uuid not null,
    position   integer not null,
    text       text not null check (length(text) between 1 and 1000),
    state      text not null default 'proposed' check (state in ('proposed', 'accepted', 'declined')),
    -- Where an accepted one went (`stage1` or `stage2` of the road map, and its version), or
    -- why it was declined.
    stage      text check (stage in ('stage1', 'stage2')),
    roadmap_version integer,
    reason     text check (length(reason) <= 1000),
    decided_by uuid,
    decided_at timestamptz,
    primary key (tenant_id, id),
    unique (tenant_id, visit_id, position),
    foreign key (tenant_id, visit_id) references support_visits (tenant_id, id) on delete cascade,
    foreign key (tenant_id, decided_by) references memberships (tenant_id, user_id),
    constraint support_recommendations_decided check (
        (state = 'proposed' and decided_at is null)
        or (state = 'accepted' and stage is not null and roadmap_version is not null and decided_at is not null)
        or (state = 'declined' and reason is not null and decided_at is not null))
);
select rost_tenant_table('support_recommendations');
