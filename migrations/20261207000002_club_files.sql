-- The club's files and its interregional view of posts (issue 14): files attached to posts and
-- presentations of events, both in the data folder under their SHA-256 (tables in
-- 20261204000001_club.sql and …02), and the author's region beside each post.

-- One file once per post: attaching the same content again is refused by name.
create unique index club_attachments_once on club_attachments (club_id, post_id, sha256);
create unique index club_event_files_once on club_event_files (club_id, event_id, sha256);

-- A former member's posts are found by author.
create index club_posts_author on club_posts (club_id, author_id);

-- The region and time zone a club shows for a person: of their active membership in one of the
-- club's regions, else of any active membership (an invited member), else none and Moscow. Only
-- inside a club transaction of that club, and only for a person who wrote in the club or is its
-- member, so it reveals nothing about people outside the club.
create function rost_club_person_region(p_club uuid, p_user uuid)
    returns table (region text, time_zone text)
    language sql stable security definer set search_path = public
as $$
    select coalesce(t.name, ''), coalesce(t.time_zone, 'Europe/Moscow')
    from (select 1) one
    left join lateral (
        select t.name, t.time_zone from memberships m join tenants t on t.id = m.tenant_id
        where m.user_id = p_user and m.active
        order by exists (select 1 from club_regions r where r.club_id = p_club and r.region_id = m.tenant_id) desc,
                 m.created_at
        limit 1) t on true
    where p_club = rost_current_club()
      and (rost_club_member_of(p_club, p_user)
           or exists (select 1 from club_posts p where p.club_id = p_club and p.author_id = p_user))
$$;
revoke all on function rost_club_person_region(uuid, uuid) from public;
grant execute on function rost_club_person_region(uuid, uuid) to rost_app;
