-- Courses (issue 12): each region's catalogue of further-training courses with the competencies
-- they develop, and each person's individual route (ИОМ) with the history of its changes.

create table courses (
    tenant_id   uuid not null references tenants (id),
    id          uuid not null default gen_random_uuid(),
    code        text not null,
    title       text not null,
    provider    text not null,
    description text not null default '',
    kind        text not null check (kind in ('soft', 'subject', 'management')),
    subject     text,
    format      text not null check (format in ('очно', 'очно-заочно', 'дистанционно', 'стажировка')),
    hours       integer not null check (hours between 1 and 2000),
    -- Both null: always open.
    starts_on   date,
    ends_on     date,
    -- Null: unlimited.
    capacity    integer check (capacity >= 0),
    -- Position codes; empty means everyone.
    audience    text[] not null default '{}',
    link        text,
    on_platform boolean not null default false,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now(),
    primary key (tenant_id, id),
    constraint courses_code unique (tenant_id, code),
    constraint courses_window check (starts_on is null or ends_on is null or starts_on <= ends_on),
    constraint courses_subject check ((kind = 'subject') = (subject is not null))
);
select rost_tenant_table('courses');

create table course_competencies (
    tenant_id  uuid not null references tenants (id),
    course_id  uuid not null,
    code       text not null,
    weight     double precision not null check (weight > 0 and weight <= 1),
    primary key (tenant_id, course_id, code),
    foreign key (tenant_id, course_id) references courses (tenant_id, id) on delete cascade
);
select rost_tenant_table('course_competencies');

-- One route per person and region; `attempt_id` is the finished diagnostic it was proposed from.
create table routes (
    tenant_id   uuid not null references tenants (id),
    id          uuid not null default gen_random_uuid(),
    user_id     uuid not null,
    attempt_id  uuid,
    accepted_at timestamptz not null default now(),
    updated_at  timestamptz not null default now(),
    primary key (tenant_id, id),
    constraint routes_one_per_person unique (tenant_id, user_id),
    foreign key (tenant_id, user_id) references memberships (tenant_id, user_id),
    foreign key (tenant_id, attempt_id) references attempts (tenant_id, id)
);
select rost_tenant_table('routes');

-- `covers` is the explanation at the time the course entered the route: the deficits it closes.
create table route_items (
    tenant_id     uuid not null references tenants (id),
    route_id      uuid not null,
    course_id     uuid not null,
    position      integer not null,
    covers        jsonb not null default '[]',
    planned_start date,
    planned_end   date,
    added_at      timestamptz not null default now(),
    primary key (tenant_id, route_id, course_id),
    foreign key (tenant_id, route_id) references routes (tenant_id, id) on delete cascade,
    foreign key (tenant_id, course_id) references courses (tenant_id, id) on delete cascade
);
select rost_tenant_table('route_items');
create index route_items_course on route_items (tenant_id, course_id);

-- Every change of a route, kept: the course is named by its title, so the history survives a
-- course leaving the catalogue.
create table route_history (
    tenant_id  uuid not null references tenants (id),
    id         bigint generated always as identity,
    route_id   uuid not null,
    at         timestamptz not null default now(),
    action     text not null check (action in ('accepted', 'removed', 'replaced', 'added', 'planned')),
    course     text,
    replaced_by text,
    primary key (tenant_id, id),
    foreign key (tenant_id, route_id) references routes (tenant_id, id) on delete cascade
);
select rost_tenant_table('route_history');
-- The history is append-only.
revoke update, delete on route_history from rost_app;
create index route_history_route on route_history (tenant_id, route_id, id);
