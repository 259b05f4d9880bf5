-- Micro-courses on the platform (issue 12): the lessons of a catalogue course with
-- `on_platform`, each person's reading progress, and the attempts of its final check, drawn
-- from the item bank. Also the sharing of a person's route with their school's director or
-- methodologist.

-- Lessons in Markdown, ordered by `position` (1, 2, …); rendered and sanitised on the server.
create table micro_lessons (
    tenant_id  uuid not null references tenants (id),
    course_id  uuid not null,
    position   integer not null check (position > 0),
    title      text not null check (length(btrim(title)) > 0),
    markdown   text not null,
    primary key (tenant_id, course_id, position),
    foreign key (tenant_id, course_id) references courses (tenant_id, id) on delete cascade
);
select rost_tenant_table('micro_lessons');

-- The lessons a person has read.
create table micro_progress (
    tenant_id  uuid not null references tenants (id),
    course_id  uuid not null,
    user_id    uuid not null,
    position   integer not null,
    read_at    timestamptz not null default now(),
    primary key (tenant_id, course_id, user_id, position),
    foreign key (tenant_id, course_id, position) references micro_lessons (tenant_id, course_id, position)
        on delete cascade,
    foreign key (tenant_id, user_id) references memberships (tenant_id, user_id)
);
select rost_tenant_table('micro_progress');

-- One attempt of a final check: the item versions drawn (with the order of their options); the
-- score (share 0–1) once answered. A retake is a new attempt with a new draw.
create table micro_attempts (
    tenant_id   uuid not null references tenants (id),
    id          uuid not null default gen_random_uuid(),
    course_id   uuid not null,
    user_id     uuid not null,
    drawn       jsonb not null,
    started_at  timestamptz not null default now(),
    finished_at timestamptz,
    score       double precision check (score between 0 and 1),
    passed      boolean,
    primary key (tenant_id, id),
    constraint micro_attempts_finished check ((finished_at is null) = (score is null) and (score is null) = (passed is null)),
    foreign key (tenant_id, course_id) references courses (tenant_id, id) on delete cascade,
    foreign key (tenant_id, user_id) references memberships (tenant_id, user_id)
);
select rost_tenant_table('micro_attempts');
create index micro_attempts_person on micro_attempts (tenant_id, user_id, course_id, started_at);

-- Who may read a person's route besides them: their school's director or methodologist,
-- chosen by the person, revocable.
create table route_shares (
    tenant_id  uuid not null references tenants (id),
    route_id   uuid not null,
    viewer_id  uuid not null,
    shared_at  timestamptz not null default now(),
    primary key (tenant_id, route_id, viewer_id),
    foreign key (tenant_id, route_id) references routes (tenant_id, id) on delete cascade,
    foreign key (tenant_id, viewer_id) references memberships (tenant_id, user_id)
);
select rost_tenant_table('route_shares');
create index route_shares_viewer on route_shares (tenant_id, viewer_id);
