-- The club's membership functions in PL/pgSQL (issue 14, «Speed»). As SQL functions with SECURITY
-- DEFINER they are never inlined, and PostgreSQL parses and plans their bodies again in every
-- statement that calls them: every club table's policy calls `rost_current_club()`, so a thread
-- page planned the membership query a dozen times and PostgreSQL spent most of the page's time
-- planning. PL/pgSQL keeps each statement's plan for the session. Same bodies, same answers.

create or replace function rost_club_member_of(p_club uuid, p_user uuid) returns boolean
    language plpgsql stable security definer set search_path = public
as $$
begin
    return p_club is not null and p_user is not null
       and exists (select 1 from users u where u.id = p_user and u.active and u.email_confirmed_at is not null)
       and not exists (select 1 from club_members b
                       where b.club_id = p_club and b.user_id = p_user and b.banned_until > now())
       and (exists (select 1 from club_members e
                    where e.club_id = p_club and e.user_id = p_user
                      and (e.invited or e.role = 'club_moderator'))
            or exists (select 1 from club_regions r
                       join role_grants g on g.tenant_id = r.region_id and g.role = 'director'
                       join memberships m on m.tenant_id = g.tenant_id and m.user_id = g.user_id
                       where r.club_id = p_club and g.user_id = p_user and m.active));
end
$$;

-- The membership found is remembered for the rest of the transaction under its club and person
-- (`rost.club_checked`), so each policy of each statement does not ask again. A transaction that
-- changes its person or club asks again. Setting the value by hand gives nothing that setting
-- `rost.user_id` to a member would not: the settings are the application's, as for the tenant.
create or replace function rost_current_club() returns uuid
    language plpgsql stable
as $$
declare
    club uuid := rost_setting_uuid('rost.club_id');
    person uuid := rost_setting_uuid('rost.user_id');
    checked text := club::text || '/' || person::text;
begin
    if current_setting('rost.club_checked', true) = checked then
        return club;
    end if;
    if rost_club_member_of(club, person) then
        perform set_config('rost.club_checked', checked, true);
        return club;
    end if;
    return null;
end
$$;

create or replace function rost_club_moderating() returns boolean
    language plpgsql stable security definer set search_path = public
as $$
begin
    return exists (select 1 from club_members m
                   where m.club_id = rost_current_club() and m.user_id = rost_current_user()
                     and m.role = 'club_moderator');
end
$$;

create or replace function rost_club_member_zone(p_club uuid, p_user uuid) returns text
    language plpgsql stable security definer set search_path = public
as $$
begin
    return coalesce((
        select t.time_zone from memberships m join tenants t on t.id = m.tenant_id
        where m.user_id = p_user and m.active
        order by exists (select 1 from club_regions r where r.club_id = p_club and r.region_id = m.tenant_id) desc,
                 m.created_at
        limit 1), 'Europe/Moscow');
end
$$;

create or replace function rost_club_unread(p_user uuid) returns table (unread bigint, club_slug text)
    language plpgsql stable security definer set search_path = public
as $$
begin
    return query
    with g as (select n.club_id, count(*) as n, max(n.id) as newest
               from club_notifications n
               where n.user_id = p_user and n.read_at is null
               group by n.club_id),
         m as (select * from g where rost_club_member_of(g.club_id, p_user))
    select coalesce((select sum(m.n) from m), 0)::bigint,
           (select c.slug from m join clubs c on c.id = m.club_id order by m.newest desc limit 1);
end
$$;

create or replace function rost_club_person_region(p_club uuid, p_user uuid)
    returns table (region text, time_zone text)
    language plpgsql stable security definer set search_path = public
as $$
begin
    return query
    select coalesce(t.name, ''), coalesce(t.time_zone, 'Europe/Moscow')
    from (select 1) one
    left join lateral (
        select t.name, t.time_zone from memberships m join tenants t on t.id = m.tenant_id
        where m.user_id = p_user and m.active
        order by exists (select 1 from club_regions r where r.club_id = p_club and r.region_id = m.tenant_id) desc,
                 m.created_at
        limit 1) t on true
    where p_club = rost_current_club()
      and (p_user = rost_current_user() or rost_club_member_of(p_club, p_user)
           or exists (select 1 from club_posts p where p.club_id = p_club and p.author_id = p_user));
end
$$;

create or replace function rost_my_regions(p_user uuid) returns table (slug text, name text)
    language plpgsql stable security definer set search_path = public
as $$
begin
    return query
    select t.slug, t.name from memberships m
    join tenants t on t.id = m.tenant_id
    join users u on u.id = m.user_id
    where m.user_id = p_user and m.active and t.active and u.active
    order by m.created_at, t.slug;
end
$$;
