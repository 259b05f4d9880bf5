-- Enrolment in the catalogue's courses (issue 12): one row per person and course, from the
-- waiting list to a confirmed completion. The completion is what certificates (issue 13) are
-- issued on, so a completed row is never deleted: its course cannot leave the catalogue.

create table enrolments (
    tenant_id      uuid not null references tenants (id),
    id             uuid not null default gen_random_uuid(),
    course_id      uuid not null,
    user_id        uuid not null,
    -- waiting: no free place yet; the waiting list is ordered by `requested_at`.
    status         text not null check (status in ('enrolled', 'waiting', 'completed', 'cancelled')),
    requested_at   timestamptz not null default now(),
    enrolled_at    timestamptz,
    -- How the completion was confirmed: by a course administrator (one by one or from an
    -- XLSX), by an approved document the person uploaded, or by a passed micro-course check.
    completed_via  text check (completed_via in ('admin', 'document', 'micro')),
    completed_on   date,
    hours          integer check (hours between 1 and 2000),
    confirmed_by   uuid references users (id),
    updated_at     timestamptz not null default now(),
    primary key (tenant_id, id),
    constraint enrolments_once unique (tenant_id, course_id, user_id),
    constraint enrolments_completion check (
        (status = 'completed') = (completed_via is not null and completed_on is not null and hours is not null)),
    foreign key (tenant_id, course_id) references courses (tenant_id, id),
    foreign key (tenant_id, user_id) references memberships (tenant_id, user_id)
);
select rost_tenant_table('enrolments');
create index enrolments_course on enrolments (tenant_id, course_id, status, requested_at);
create index enrolments_person on enrolments (tenant_id, user_id);
