-- The chat of a support case (issue 17, «чат ИС МЭДК»): threaded comments, one level of
-- replies, with mentions of the case's participants (each mention is e-mailed).
create table support_comments (
    tenant_id  uuid not null references tenants (id),
    id         uuid not null default gen_random_uuid(),
    case_id    uuid not null,
    parent_id  uuid,
    author_id  uuid not null,
    body       text not null check (length(btrim(body)) between 1 and 4000),
    mentions   uuid[] not null default '{}' check (cardinality(mentions) <= 20),
    created_at timestamptz not null default now(),
    primary key (tenant_id, id),
    foreign key (tenant_id, case_id) references support_cases (tenant_id, id) on delete cascade,
    foreign key (tenant_id, parent_id) references support_comments (tenant_id, id) on delete cascade,
    foreign key (tenant_id, author_id) references memberships (tenant_id, user_id)
);
select rost_tenant_table('support_comments');
create index support_comments_case on support_comments (tenant_id, case_id, created_at);
-- What was said stays said: the application writes comments, never rewrites or deletes them.
revoke update, delete on support_comments from rost_app;
