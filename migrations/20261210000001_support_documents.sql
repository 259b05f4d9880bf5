-- Support for identified schools (issue 17), second slice: the school's structured documents
-- (anti-risk programmes, the road map, the concept, the medium-term programme, analytical
-- notes), their versions and the curator's review, the e-mails they cause and who turned
-- which of them off.

-- A case's document: one per kind, and one anti-risk programme per priority risk (`factor`,
-- '' for the other kinds).
create table support_documents (
    tenant_id  uuid not null references tenants (id),
    id         uuid not null default gen_random_uuid(),
    case_id    uuid not null,
    kind       text not null check (kind in ('antirisk', 'roadmap', 'concept', 'programme',
                                             'note_pk', 'note_vsoko', 'note_oop')),
    factor     text not null default '' check (length(factor) <= 100),
    created_at timestamptz not null default now(),
    primary key (tenant_id, id),
    constraint support_documents_slot unique (tenant_id, case_id, kind, factor),
    foreign key (tenant_id, case_id) references support_cases (tenant_id, id) on delete cascade
);
select rost_tenant_table('support_documents');

-- Every version of a document. The latest one is the document's state. A version's body is
-- frozen once submitted (the trigger below): a returned or approved document is changed by a
-- new version, so every submitted text stays as the curator saw it.
create table support_document_versions (
    tenant_id      uuid not null references tenants (id),
    document_id    uuid not null,
    version        integer not null check (version > 0),
    body           jsonb not null,
    state          text not null default 'draft'
                   check (state in ('draft', 'submitted', 'returned', 'approved')),
    edited_by      uuid not null,
    edited_at      timestamptz not null default now(),
    submitted_at   timestamptz,
    submitted_by   uuid,
    reviewed_at    timestamptz,
    reviewed_by    uuid,
    comment        text check (length(comment) <= 4000),
    field_comments jsonb not null default '{}',
    primary key (tenant_id, document_id, version),
    foreign key (tenant_id, document_id) references support_documents (tenant_id, id) on delete cascade,
    foreign key (tenant_id, edited_by) references memberships (tenant_id, user_id),
    foreign key (tenant_id, submitted_by) references memberships (tenant_id, user_id),
    foreign key (tenant_id, reviewed_by) references memberships (tenant_id, user_id),
    constraint support_document_versions_submitted check (state = 'draft' or submitted_at is not null)
);
select rost_tenant_table('support_document_versions');

create function rost_support_version_frozen() returns trigger language plpgsql as $$
begin
    if old.submitted_at is not null and new.body is distinct from old.body then
        raise exception 'support document version % is frozen', old.version
            using errcode = 'check_violation', constraint = 'support_document_versions_frozen';
    end if;
    return new;
end $$;
create trigger support_document_versions_frozen before update on support_document_versions
    for each row execute function rost_support_version_frozen();

-- Deadline e-mails already sent: one per road-map activity, kind and deadline, so the daily
-- job never sends one twice (a changed deadline is a new reminder).
create table support_deadline_mail (
    tenant_id   uuid not null references tenants (id),
    document_id uuid not null,
    activity    text not null,
    kind        text not null check (kind in ('deadline_soon', 'overdue')),
    deadline    date not null,
    sent_at     timestamptz not null default now(),
    primary key (tenant_id, document_id, activity, kind, deadline),
    foreign key (tenant_id, document_id) references support_documents (tenant_id, id) on delete cascade
);
select rost_tenant_table('support_deadline_mail');

-- The support e-mails a person turned off (by kind); everything else is sent.
create table support_mail_off (
    tenant_id uuid not null references tenants (id),
    user_id   uuid not null,
    kind      text not null check (kind in ('submitted', 'returned', 'approved', 'deadline_soon', 'overdue')),
    primary key (tenant_id, user_id, kind),
    foreign key (tenant_id, user_id) references memberships (tenant_id, user_id) on delete cascade
);
select rost_tenant_table('support_mail_off');
