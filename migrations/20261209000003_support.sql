-- Support for identified schools (issue 17), first slice: the curator's role, support cases
-- (one school in one cycle), the region's versioned risk questionnaire and each case's risk
-- profile.

-- «Куратор»: accompanies the schools (cases) the operator or a municipal coordinator assigns.
alter table role_grants drop constraint role_grants_role_check;
alter table role_grants add constraint role_grants_role_check check (role in
    ('teacher', 'director', 'municipal_coordinator', 'regional_operator',
     'certificate_admin', 'club_moderator', 'course_admin', 'curator'));

-- The region's risk questionnaire; a version is never changed once a profile uses it, editing
-- starts the next version. Version 1 is the 500+ template with its ten risk factors.
create table support_questionnaires (
    tenant_id  uuid not null references tenants (id),
    id         uuid not null default gen_random_uuid(),
    version    integer not null check (version > 0),
    body       jsonb not null,
    created_at timestamptz not null default now(),
    primary key (tenant_id, id),
    unique (tenant_id, version)
);
select rost_tenant_table('support_questionnaires');

-- One school in one cycle. Created from a published identification run (its statuses, as
-- labels, and the run are kept) or by hand with a reason.
create table support_cases (
    tenant_id   uuid not null references tenants (id),
    id          uuid not null default gen_random_uuid(),
    school_id   uuid not null,
    year        integer not null check (year between 2000 and 2100),
    run_id      uuid,
    statuses    text[] not null default '{}',
    reason      text check (length(reason) <= 1000),
    state       text not null default 'opened'
                check (state in ('opened', 'profile_submitted', 'profile_confirmed')),
    curator_id  uuid,
    created_by  uuid,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now(),
    primary key (tenant_id, id),
    constraint support_cases_school_year unique (tenant_id, school_id, year),
    constraint support_cases_reason check (run_id is not null or length(btrim(reason)) >= 5),
    foreign key (tenant_id, school_id) references schools (tenant_id, id),
    foreign key (tenant_id, run_id) references identification_runs (tenant_id, id),
    foreign key (tenant_id, curator_id) references memberships (tenant_id, user_id),
    foreign key (tenant_id, created_by) references memberships (tenant_id, user_id)
);
select rost_tenant_table('support_cases');
create index support_cases_curator on support_cases (tenant_id, curator_id);
create trigger support_cases_updated_at before update on support_cases
    for each row execute function rost_touch_updated_at();

-- A case's risk profile: the school's answers (question code → option index), its priority
-- risks (at most three factor codes), the curator's own assessment (factor code →
-- {level, comment}) and the confirmation.
create table support_profiles (
    tenant_id        uuid not null references tenants (id),
    case_id          uuid not null,
    questionnaire_id uuid not null,
    answers          jsonb not null default '{}',
    priorities       text[] not null default '{}' check (cardinality(priorities) <= 3),
    assessment       jsonb not null default '{}',
    submitted_at     timestamptz,
    submitted_by     uuid,
    confirmed_at     timestamptz,
    confirmed_by     uuid,
    updated_at       timestamptz not null default now(),
    primary key (tenant_id, case_id),
    foreign key (tenant_id, case_id) references support_cases (tenant_id, id) on delete cascade,
    foreign key (tenant_id, questionnaire_id) references support_questionnaires (tenant_id, id),
    foreign key (tenant_id, submitted_by) references memberships (tenant_id, user_id),
    foreign key (tenant_id, confirmed_by) references memberships (tenant_id, user_id)
);
select rost_tenant_table('support_profiles');
create trigger support_profiles_updated_at before update on support_profiles
    for each row execute function rost_touch_updated_at();
