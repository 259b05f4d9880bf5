-- The club's notifications, events and materials (issue 14). Club tables as in
-- 20261204000001_club.sql: `club_id` leads every key and row-level security shows a row only in a
-- club transaction of a member. The background jobs (mail, digests, reminders) and the links that
-- work without a session (unsubscribe, calendar feed) reach across clubs only through the
-- `security definer` functions below, each of which reveals or changes one narrow thing.

-- What a member follows, and how: a thread or a section, mailed at once, daily or weekly, or
-- `off` (a muted thread inside a followed section, or mentions no longer mailed). `scope`
-- `mentions` is the member's setting for «@Фамилия» mail. The token is the one-click unsubscribe
-- link's secret (RFC 8058): it only ever turns this one subscription off.
create table club_subscriptions (
    club_id    uuid not null references clubs (id),
    id         uuid not null default gen_random_uuid(),
    user_id    uuid not null references users (id),
    scope      text not null check (scope in ('thread', 'section', 'mentions')),
    thread_id  uuid,
    section_id uuid,
    delivery   text not null check (delivery in ('immediate', 'daily', 'weekly', 'off')),
    token      text not null check (length(token) >= 32),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    primary key (club_id, id),
    unique (club_id, token),
    check ((scope = 'thread') = (thread_id is not null)),
    check ((scope = 'section') = (section_id is not null)),
    foreign key (club_id, thread_id) references club_threads (club_id, id),
    foreign key (club_id, section_id) references club_sections (club_id, id)
);
select rost_club_table('club_subscriptions');
create unique index club_subscriptions_one on club_subscriptions
    (club_id, user_id, scope, coalesce(thread_id, section_id, club_id));
create index club_subscriptions_thread on club_subscriptions (club_id, thread_id) where thread_id is not null;
create index club_subscriptions_section on club_subscriptions (club_id, section_id) where section_id is not null;
create index club_subscriptions_token on club_subscriptions (token);

-- One notification per member and post, written in the post's transaction (`club::notify::on_post`).
-- `delivery` null: in the application only. `mailed_at` is set in the same transaction that
-- queues the e-mail carrying it, so a post is mailed once, and every post is mailed.
create table club_notifications (
    club_id         uuid not null references clubs (id),
    id              bigint generated always as identity,
    user_id         uuid not null references users (id),
    post_id         uuid not null,
    thread_id       uuid not null,
    reason          text not null check (reason in ('thread', 'section', 'mention')),
    delivery        text check (delivery in ('immediate', 'daily', 'weekly')),
    subscription_id uuid,
    created_at      timestamptz not null default now(),
    read_at         timestamptz,
    mailed_at       timestamptz,
    primary key (club_id, id),
    unique (club_id, user_id, post_id),
    foreign key (club_id, post_id) references club_posts (club_id, id),
    foreign key (club_id, thread_id) references club_threads (club_id, id)
);
select rost_club_table('club_notifications');
create index club_notifications_unread on club_notifications (user_id, club_id) where read_at is null;
create index club_notifications_recent on club_notifications (club_id, user_id, id desc);
create index club_notifications_unmailed on club_notifications (delivery, club_id, user_id)
    where mailed_at is null and delivery is not null;

-- The digests sent: when the last one of each kind went, for the next one's schedule.
create table club_digests (
    club_id  uuid not null references clubs (id),
    id       uuid not null default gen_random_uuid(),
    user_id  uuid not null references users (id),
    kind     text not null check (kind in ('immediate', 'daily', 'weekly')),
    posts    integer not null,
    sent_at  timestamptz not null default now(),
    primary key (club_id, id)
);
select rost_club_table('club_digests');
create index club_digests_last on club_digests (club_id, user_id, kind, sent_at desc);

-- Webinars, seminars and meetings. The start is a UTC instant; each member reads it in their
-- region's time zone.
create table club_events (
    club_id          uuid not null references clubs (id),
    id               uuid not null default gen_random_uuid(),
    kind             text not null check (kind in ('webinar', 'seminar', 'meeting')),
    title            text not null check (length(btrim(title)) between 1 and 300),
    description      text not null default '' check (length(description) <= 20000),
    description_html text not null default '',
    starts_at        timestamptz not null,
    duration_minutes integer not null check (duration_minutes between 5 and 1440),
    capacity         integer check (capacity between 1 and 100000),
    link             text check (link ~ '^https?://[^\s]+$' and length(link) <= 2000),
    place            text check (length(btrim(place)) between 1 and 500),
    summary          text check (length(summary) <= 50000),
    summary_html     text,
    created_by       uuid references users (id),
    created_at       timestamptz not null default now(),
    primary key (club_id, id),
    check (link is not null or place is not null)
);
select rost_club_table('club_events');
create index club_events_start on club_events (club_id, starts_at);

create table club_event_registrations (
    club_id          uuid not null references clubs (id),
    event_id         uuid not null,
    user_id          uuid not null references users (id),
    registered_at    timestamptz not null default now(),
    -- When each reminder was queued; set in the transaction that queues it, so each goes once.
    reminded_day_at  timestamptz,
    reminded_hour_at timestamptz,
    primary key (club_id, event_id, user_id),
    foreign key (club_id, event_id) references club_events (club_id, id) on delete cascade
);
select rost_club_table('club_event_registrations');
create index club_event_registrations_due on club_event_registrations (club_id, event_id)
    where reminded_hour_at is null;

-- Materials of a meeting: recordings as links, presentations as files (bytes in the data folder
-- under their SHA-256, like post attachments).
create table club_event_recordings (
    club_id  uuid not null references clubs (id),
    event_id uuid not null,
    position integer not null,
    url      text not null check (url ~ '^https?://[^\s]+$' and length(url) <= 2000),
    primary key (club_id, event_id, position),
    foreign key (club_id, event_id) references club_events (club_id, id) on delete cascade
);
select rost_club_table('club_event_recordings');

create table club_event_files (
    club_id      uuid not null references clubs (id),
    id           uuid not null default gen_random_uuid(),
    event_id     uuid not null,
    uploader_id  uuid not null references users (id),
    file_name    text not null check (length(file_name) between 1 and 255),
    content_type text not null,
    size_bytes   bigint not null check (size_bytes between 1 and 20971520),
    sha256       text not null check (sha256 ~ '^[0-9a-f]{64}$'),
    created_at   timestamptz not null default now(),
    primary key (club_id, id),
    foreign key (club_id, event_id) references club_events (club_id, id) on delete cascade
);
select rost_club_table('club_event_files');
create index club_event_files_event on club_event_files (club_id, event_id);

-- A member's calendar feed: one secret per person, across the clubs they belong to at the time
-- of each fetch. Not a club table (it spans clubs); the application role reaches it only through
-- the functions below.
create table club_calendar_feeds (
    user_id    uuid primary key references users (id),
    token      text not null unique check (length(token) >= 32),
    created_at timestamptz not null default now()
);
revoke all on club_calendar_feeds from rost_app;

-- The member's time zone: of their active membership in one of the club's regions, else of any
-- active membership, else Moscow.
create function rost_club_member_zone(p_club uuid, p_user uuid) returns text
    language sql stable security definer set search_path = public
as $$
    select coalesce((
        select t.time_zone from memberships m join tenants t on t.id = m.tenant_id
        where m.user_id = p_user and m.active
        order by exists (select 1 from club_regions r where r.club_id = p_club and r.region_id = m.tenant_id) desc,
                 m.created_at
        limit 1), 'Europe/Moscow')
$$;
revoke all on function rost_club_member_zone(uuid, uuid) from public;
grant execute on function rost_club_member_zone(uuid, uuid) to rost_app;

-- Unread notifications of a person over the clubs they are a member of now, and the club of the
-- newest: the header's counter, outside any club.
create function rost_club_unread(p_user uuid) returns table (unread bigint, club_slug text)
    language sql stable security definer set search_path = public
as $$
    with g as (select n.club_id, count(*) as n, max(n.id) as newest
               from club_notifications n
               where n.user_id = p_user and n.read_at is null
               group by n.club_id),
         m as (select * from g where rost_club_member_of(g.club_id, p_user))
    select coalesce((select sum(m.n) from m), 0)::bigint,
           (select c.slug from m join clubs c on c.id = m.club_id order by m.newest desc limit 1)
$$;
revoke all on function rost_club_unread(uuid) from public;
grant execute on function rost_club_unread(uuid) to rost_app;

-- What an unsubscribe link names, for its page (no session): the club and what is followed.
create function rost_club_subscription_by_token(p_token text)
    returns table (club_slug text, club_name text, scope text, title text, delivery text)
    language sql stable security definer set search_path = public
as $$
    select c.slug, c.name, s.scope, coalesce(t.title, sec.title, ''), s.delivery
    from club_subscriptions s
    join clubs c on c.id = s.club_id
    left join club_threads t on t.club_id = s.club_id and t.id = s.thread_id
    left join club_sections sec on sec.club_id = s.club_id and sec.id = s.section_id
    where s.token = p_token
$$;
revoke all on function rost_club_subscription_by_token(text) from public;
grant execute on function rost_club_subscription_by_token(text) to rost_app;

-- Turns the subscription of an unsubscribe link off (one click, no session); true if it was on.
-- Its queued digest items are dropped with it.
create function rost_club_unsubscribe(p_token text) returns boolean
    language plpgsql volatile security definer set search_path = public
as $$
declare
    found_id uuid;
    found_club uuid;
begin
    update club_subscriptions set delivery = 'off', updated_at = now()
    where token = p_token and delivery <> 'off'
    returning id, club_id into found_id, found_club;
    if found_id is null then
        return false;
    end if;
    update club_notifications set delivery = null
    where club_id = found_club and subscription_id = found_id and mailed_at is null;
    return true;
end
$$;
revoke all on function rost_club_unsubscribe(text) from public;
grant execute on function rost_club_unsubscribe(text) to rost_app;

-- The (club, member, delivery) triples with mail due at `p_now`: immediate ones at once, a
-- digest when the last digest of its kind (or, before the first, the oldest waiting item) is a
-- day or a week old. Ids only; the job composes each message in a club transaction of the member.
create function rost_club_mail_due(p_now timestamptz)
    returns table (club_id uuid, user_id uuid, delivery text)
    language sql stable security definer set search_path = public
as $$
    select n.club_id, n.user_id, n.delivery
    from club_notifications n
    where n.mailed_at is null and n.delivery is not null
    group by n.club_id, n.user_id, n.delivery
    having rost_club_member_of(n.club_id, n.user_id)
       and (n.delivery = 'immediate'
        or coalesce((select max(d.sent_at) from club_digests d
                     where d.club_id = n.club_id and d.user_id = n.user_id and d.kind = n.delivery),
                    min(n.created_at))
           <= p_now - case n.delivery when 'daily' then interval '1 day' else interval '7 days' end)
    limit 200
$$;
revoke all on function rost_club_mail_due(timestamptz) from public;
grant execute on function rost_club_mail_due(timestamptz) to rost_app;

-- The (club, member) pairs with an event reminder due at `p_now`: the day's from 24 h before the
-- start (unless the hour's is already due), the hour's from 1 h before; none once it started.
create function rost_club_reminders_due(p_now timestamptz)
    returns table (club_id uuid, user_id uuid)
    language sql stable security definer set search_path = public
as $$
    select distinct r.club_id, r.user_id
    from club_event_registrations r
    join club_events e on e.club_id = r.club_id and e.id = r.event_id
    where e.starts_at > p_now
      and ((r.reminded_hour_at is null and e.starts_at - interval '1 hour' <= p_now)
           or (r.reminded_day_at is null and e.starts_at - interval '24 hours' <= p_now
               and e.starts_at - interval '1 hour' > p_now))
      and rost_club_member_of(r.club_id, r.user_id)
    limit 200
$$;
revoke all on function rost_club_reminders_due(timestamptz) from public;
grant execute on function rost_club_reminders_due(timestamptz) to rost_app;

-- The transaction's person's feed secret, made on first use.
create function rost_club_feed_token(p_user uuid, p_new text) returns text
    language sql volatile security definer set search_path = public
as $$
    insert into club_calendar_feeds (user_id, token) values (p_user, p_new)
    on conflict (user_id) do update set token = club_calendar_feeds.token
    returning token
$$;
revoke all on function rost_club_feed_token(uuid, text) from public;
grant execute on function rost_club_feed_token(uuid, text) to rost_app;

-- The events of a feed: of every club whose member the secret's owner is now, from 60 days ago.
create function rost_club_feed_events(p_token text)
    returns table (id uuid, club_slug text, club_name text, kind text, title text, description text,
                   starts_at timestamptz, duration_minutes integer, link text, place text)
    language sql stable security definer set search_path = public
as $$
    select e.id, c.slug, c.name, e.kind, e.title, e.description, e.starts_at, e.duration_minutes, e.link, e.place
    from club_calendar_feeds f
    join clubs c on rost_club_member_of(c.id, f.user_id)
    join club_events e on e.club_id = c.id
    where f.token = p_token and e.starts_at > now() - interval '60 days'
    order by e.starts_at
    limit 500
$$;
revoke all on function rost_club_feed_events(text) from public;
grant execute on function rost_club_feed_events(text) to rost_app;

-- Whether the feed secret exists (an unknown one answers 404, a known one an empty calendar).
create function rost_club_feed_exists(p_token text) returns boolean
    language sql stable security definer set search_path = public
as $$ select exists (select 1 from club_calendar_feeds where token = p_token) $$;
revoke all on function rost_club_feed_exists(text) from public;
grant execute on function rost_club_feed_exists(text) to rost_app;

-- Outbox messages of a mailing list carry its one-click unsubscribe address (RFC 8058): the worker
-- adds the `List-Unsubscribe` and `List-Unsubscribe-Post` headers.
alter table outbox add column list_unsubscribe text;
