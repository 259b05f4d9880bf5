-- The directors' network club (issue 14): the one place where people of different regions meet,
-- so its data belongs to the club, not to a region. Club tables carry `club_id` where tenant
-- tables carry `tenant_id`: it leads their primary keys, is part of every unique constraint and
-- of every foreign key between club tables, and row-level security shows a row only inside a
-- club transaction whose person is a member of the row's club.
--
-- A club transaction sets two transaction-local settings (`set_config(.., true)`, like the
-- tenant): `rost.club_id` and `rost.user_id`. Membership is computed from tenant tables
-- (`memberships`, `role_grants`) that the club's transaction cannot read under tenant RLS, so it
-- is decided by a `security definer` function owned by the migrations' role.

-- Clubs themselves are public, like `tenants`: a non-member sees that a club exists and how to
-- join. Only the platform (the owner: seed, `server club create`) creates them.
create table clubs (
    id          uuid primary key default gen_random_uuid(),
    slug        text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
    name        text not null check (length(name) between 1 and 200),
    description text not null default '' check (length(description) <= 20000),
    created_at  timestamptz not null default now()
);
grant select on clubs to rost_app;

-- The regions whose directors and deputies (the `director` role, which the operator grants on
-- confirming either) are members automatically. `region_id`, not `tenant_id`: the row belongs to
-- the club.
create table club_regions (
    club_id   uuid not null references clubs (id),
    region_id uuid not null references tenants (id),
    primary key (club_id, region_id)
);

-- Explicit membership: people invited by a moderator, moderators, and bans (a ban outweighs
-- every other reason to be a member until it ends).
create table club_members (
    club_id      uuid not null references clubs (id),
    user_id      uuid not null references users (id),
    invited      boolean not null default false,
    role         text check (role = 'club_moderator'),
    banned_until timestamptz,
    ban_reason   text check (length(ban_reason) <= 1000),
    added_by     uuid references users (id),
    created_at   timestamptz not null default now(),
    primary key (club_id, user_id)
);

-- The setting as a uuid, or null when it is absent or empty.
create function rost_setting_uuid(name text) returns uuid
    language sql stable
as $$ select nullif(current_setting(name, true), '')::uuid $$;

-- Whether the person is a member of the club now: invited or a moderator, or a director or deputy
-- (with an active, confirmed account and an active membership) of one of its regions; and not
-- banned. Reads tenant tables as their owner, past tenant RLS, and reveals only this boolean.
create function rost_club_member_of(p_club uuid, p_user uuid) returns boolean
    language sql stable security definer set search_path = public
as $$
    select p_club is not null and p_user is not null
       and exists (select 1 from users u where u.id = p_user and u.active and u.email_confirmed_at is not null)
       and not exists (select 1 from club_members b
                       where b.club_id = p_club and b.user_id = p_user and b.banned_until > now())
       and (exists (select 1 from club_members e
                    where e.club_id = p_club and e.user_id = p_user
                      and (e.invited or e.role = 'club_moderator'))
            or exists (select 1 from club_regions r
                       join role_grants g on g.tenant_id = r.region_id and g.role = 'director'
                       join memberships m on m.tenant_id = g.tenant_id and m.user_id = g.user_id
                       where r.club_id = p_club and g.user_id = p_user and m.active))
$$;
revoke all on function rost_club_member_of(uuid, uuid) from public;
grant execute on function rost_club_member_of(uuid, uuid) to rost_app;

-- The transaction's person is a member of the transaction's club (the gate's check).
create function rost_club_member(p_club uuid) returns boolean
    language sql stable
as $$
    select p_club = rost_setting_uuid('rost.club_id')
       and rost_club_member_of(p_club, rost_setting_uuid('rost.user_id'))
$$;
grant execute on function rost_club_member(uuid) to rost_app;

-- The club of the transaction if its person is a member, else null. Policies compare with it in
-- a scalar subquery, which PostgreSQL evaluates once per statement, not once per row.
create function rost_current_club() returns uuid
    language sql stable
as $$
    select c from rost_setting_uuid('rost.club_id') c
    where rost_club_member_of(c, rost_setting_uuid('rost.user_id'))
$$;
grant execute on function rost_current_club() to rost_app;

-- The person of the transaction, for policies and defaults.
create function rost_current_user() returns uuid
    language sql stable
as $$ select rost_setting_uuid('rost.user_id') $$;
grant execute on function rost_current_user() to rost_app;

-- Whether the transaction's person moderates the transaction's club.
create function rost_club_moderating() returns boolean
    language sql stable security definer set search_path = public
as $$
    select exists (select 1 from club_members m
                   where m.club_id = rost_current_club() and m.user_id = rost_current_user()
                     and m.role = 'club_moderator')
$$;
grant execute on function rost_club_moderating() to rost_app;

-- What every club table needs besides its columns, like `rost_tenant_table`:
--
--     select rost_club_table('club_things');
--
-- The table keeps club_id first in its primary key, in its unique constraints and in foreign
-- keys to other club tables (tests/integration/colocation.rs checks the catalog for that).
create function rost_club_table(t regclass) returns void
    language plpgsql
as $$
begin
    execute format('alter table %s enable row level security', t);
    execute format('create policy club_isolation on %s
                        using (club_id = (select rost_current_club()))
                        with check (club_id = (select rost_current_club()))', t);
    execute format('grant select, insert, update, delete on %s to rost_app', t);
end
$$;
revoke execute on function rost_club_table(regclass) from public;

select rost_club_table('club_regions');
-- Regions are the platform's to change (seed, CLI); members only read them.
revoke insert, update, delete on club_regions from rost_app;
select rost_club_table('club_members');

-- The landing page of a club shows non-members which regions take part: names only.
create function rost_club_region_names(p_club uuid) returns setof text
    language sql stable security definer set search_path = public
as $$
    select t.name from club_regions r join tenants t on t.id = r.region_id
    where r.club_id = p_club order by t.name
$$;
revoke all on function rost_club_region_names(uuid) from public;
grant execute on function rost_club_region_names(uuid) to rost_app;

create table club_sections (
    club_id     uuid not null references clubs (id),
    id          uuid not null default gen_random_uuid(),
    slug        text not null check (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
    title       text not null check (length(title) between 1 and 200),
    description text not null default '' check (length(description) <= 2000),
    position    integer not null default 0,
    primary key (club_id, id),
    unique (club_id, slug)
);
select rost_club_table('club_sections');

create table club_threads (
    club_id          uuid not null references clubs (id),
    id               uuid not null default gen_random_uuid(),
    section_id       uuid not null,
    author_id        uuid not null references users (id),
    title            text not null check (length(title) between 1 and 300),
    created_at       timestamptz not null default now(),
    last_post_at     timestamptz not null default now(),
    -- The number of the last post: posts are numbered 1 (the question), 2, … within a thread,
    -- so a page is a range of numbers and reads one index range however long the thread.
    posts_count      integer not null default 0,
    pinned           boolean not null default false,
    locked           boolean not null default false,
    hidden_reason    text check (length(hidden_reason) <= 1000),
    -- The number of the post with «Принятое управленческое решение».
    decision_number  integer,
    primary key (club_id, id),
    foreign key (club_id, section_id) references club_sections (club_id, id)
);
select rost_club_table('club_threads');
create index club_threads_section on club_threads (club_id, section_id, pinned desc, last_post_at desc);

create table club_posts (
    club_id       uuid not null references clubs (id),
    id            uuid not null default gen_random_uuid(),
    thread_id     uuid not null,
    number        integer not null check (number >= 1),
    author_id     uuid not null references users (id),
    body          text not null check (length(body) between 1 and 50000),
    -- The sanitised HTML of `body`, rendered once on writing.
    html          text not null,
    quote_number  integer,
    created_at    timestamptz not null default now(),
    edited_at     timestamptz,
    hidden_reason text check (length(hidden_reason) <= 1000),
    useful_count  integer not null default 0,
    -- The thread's title (weight A, on the question) and the body (weight B), in Russian.
    search        tsvector not null,
    primary key (club_id, id),
    unique (club_id, thread_id, number),
    foreign key (club_id, thread_id) references club_threads (club_id, id)
);
select rost_club_table('club_posts');
create index club_posts_search on club_posts using gin (search);
create index club_posts_useful on club_posts (club_id, useful_count desc) where useful_count > 0;

-- Earlier versions of edited posts, for moderators.
create table club_post_edits (
    club_id   uuid not null references clubs (id),
    id        uuid not null default gen_random_uuid(),
    post_id   uuid not null,
    body      text not null,
    edited_by uuid not null references users (id),
    edited_at timestamptz not null default now(),
    primary key (club_id, id),
    foreign key (club_id, post_id) references club_posts (club_id, id)
);
select rost_club_table('club_post_edits');
create index club_post_edits_post on club_post_edits (club_id, post_id, edited_at);

-- «Полезно»: one per person and post.
create table club_reactions (
    club_id    uuid not null references clubs (id),
    post_id    uuid not null,
    user_id    uuid not null references users (id),
    created_at timestamptz not null default now(),
    primary key (club_id, post_id, user_id),
    foreign key (club_id, post_id) references club_posts (club_id, id)
);
select rost_club_table('club_reactions');

-- The last post number a member has seen in a thread, for «к первому непрочитанному».
create table club_reads (
    club_id     uuid not null references clubs (id),
    user_id     uuid not null references users (id),
    thread_id   uuid not null,
    last_number integer not null,
    primary key (club_id, user_id, thread_id),
    foreign key (club_id, thread_id) references club_threads (club_id, id)
);
select rost_club_table('club_reads');

-- Members' flags on posts; open ones form the moderators' review queue.
create table club_flags (
    club_id     uuid not null references clubs (id),
    id          uuid not null default gen_random_uuid(),
    post_id     uuid not null,
    user_id     uuid not null references users (id),
    reason      text not null check (length(reason) between 1 and 1000),
    created_at  timestamptz not null default now(),
    resolved_by uuid references users (id),
    resolved_at timestamptz,
    resolution  text check (resolution in ('hidden', 'dismissed')),
    primary key (club_id, id),
    unique (club_id, post_id, user_id),
    foreign key (club_id, post_id) references club_posts (club_id, id)
);
select rost_club_table('club_flags');
create index club_flags_open on club_flags (club_id, created_at) where resolved_at is null;

-- Every moderator action, with its reason: append-only.
create table club_moderation_log (
    club_id      uuid not null references clubs (id),
    id           uuid not null default gen_random_uuid(),
    moderator_id uuid not null references users (id),
    action       text not null,
    details      jsonb not null default '{}',
    created_at   timestamptz not null default now(),
    primary key (club_id, id)
);
select rost_club_table('club_moderation_log');
revoke update, delete on club_moderation_log from rost_app;
create index club_moderation_log_recent on club_moderation_log (club_id, created_at desc);

-- Files attached to posts. The bytes live in the data folder under their SHA-256
-- (`club/<club>/<sha256>`), not in large objects: `pg_largeobject` has no row-level security,
-- a 20 MB object would be streamed through a transaction held open for the download, and the
-- database backups stay small. The row (under club RLS) is what grants access to the file.
create table club_attachments (
    club_id      uuid not null references clubs (id),
    id           uuid not null default gen_random_uuid(),
    post_id      uuid,
    uploader_id  uuid not null references users (id),
    file_name    text not null check (length(file_name) between 1 and 255),
    content_type text not null,
    size_bytes   bigint not null check (size_bytes between 1 and 20971520),
    sha256       text not null check (sha256 ~ '^[0-9a-f]{64}$'),
    created_at   timestamptz not null default now(),
    primary key (club_id, id),
    foreign key (club_id, post_id) references club_posts (club_id, id)
);
select rost_club_table('club_attachments');
create index club_attachments_post on club_attachments (club_id, post_id);
