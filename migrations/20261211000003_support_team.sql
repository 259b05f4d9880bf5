-- The school team and the partner school of a support case (issue 17, «Roles»).

-- Members of the case's school its director names: they work on the case as the director does
-- (questionnaire, documents, chat). Removing a member, or the case, removes the row.
create table support_team (
    tenant_id uuid not null references tenants (id),
    case_id   uuid not null,
    user_id   uuid not null,
    added_by  uuid not null,
    added_at  timestamptz not null default now(),
    primary key (tenant_id, case_id, user_id),
    foreign key (tenant_id, case_id) references support_cases (tenant_id, id) on delete cascade,
    foreign key (tenant_id, user_id) references memberships (tenant_id, user_id),
    foreign key (tenant_id, added_by) references memberships (tenant_id, user_id)
);
select rost_tenant_table('support_team');
create index support_team_user on support_team (tenant_id, user_id);

-- A school of stable high results paired with the case (internship site, mentoring): its director
-- reads the case's documents.
alter table support_cases add column partner_school_id uuid,
    add constraint support_cases_partner_school foreign key (tenant_id, partner_school_id)
        references schools (tenant_id, id),
    add constraint support_cases_partner_other check (partner_school_id <> school_id);
create index support_cases_partner on support_cases (tenant_id, partner_school_id);
