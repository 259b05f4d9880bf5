-- Enrolment administration (issue 12): the course administrator's role, and the documents
-- people upload to have a completion confirmed.

-- «Администратор курсов»: confirms completions in the region, beside the regional operator.
alter table role_grants drop constraint role_grants_role_check;
alter table role_grants add constraint role_grants_role_check check (role in
    ('teacher', 'director', 'municipal_coordinator', 'regional_operator',
     'certificate_admin', 'club_moderator', 'course_admin'));

-- A document (certificate, diploma, attendance sheet) a person uploads as proof of a course.
-- Its type is read from its first bytes on arrival, never from its name. Returned documents
-- stay with their comment, so the person sees why; a new upload starts a new row.
create table enrolment_documents (
    tenant_id     uuid not null references tenants (id),
    id            uuid not null default gen_random_uuid(),
    enrolment_id  uuid not null,
    user_id       uuid not null references users (id),
    file_name     text not null check (length(file_name) between 1 and 200),
    content_type  text not null check (content_type in ('application/pdf', 'image/png', 'image/jpeg')),
    size          integer not null check (size between 1 and 10485760),
    body          bytea not null,
    status        text not null default 'pending' check (status in ('pending', 'approved', 'returned')),
    comment       text check (length(comment) <= 1000),
    uploaded_at   timestamptz not null default now(),
    decided_at    timestamptz,
    decided_by    uuid references users (id),
    primary key (tenant_id, id),
    constraint enrolment_documents_returned check (status <> 'returned' or length(trim(comment)) > 0),
    -- A course leaving the catalogue takes its unfinished enrolments, and so their documents.
    foreign key (tenant_id, enrolment_id) references enrolments (tenant_id, id) on delete cascade
);
select rost_tenant_table('enrolment_documents');
-- At most one document of an enrolment waits for a decision.
create unique index enrolment_documents_pending on enrolment_documents (tenant_id, enrolment_id)
    where status = 'pending';
create index enrolment_documents_queue on enrolment_documents (tenant_id, status, uploaded_at);
