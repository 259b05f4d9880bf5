-- Interregional clubs made by the platform administrator (issue 15). Club tables are under the
-- club's row-level security, which no platform transaction passes, so creating one and listing
-- them go through these security-definer functions, which check the role again.

create function rost_platform_create_club(
    actor uuid, p_slug text, p_name text, p_description text, p_regions uuid[], p_moderators uuid[],
    p_sections jsonb
) returns uuid
    language plpgsql security definer set search_path = public, pg_temp
as $$
declare
    created uuid;
begin
    perform rost_platform_check(actor);
    insert into clubs (slug, name, description) values (p_slug, p_name, p_description)
    returning id into created;
    insert into club_regions (club_id, region_id) select created, unnest(p_regions);
    insert into club_members (club_id, user_id, role, added_by)
    select created, unnest(p_moderators), 'club_moderator', actor;
    insert into club_sections (club_id, slug, title, description, position)
    select created, e.value->>'slug', e.value->>'title', coalesce(e.value->>'description', ''), (e.n - 1)::integer
    from jsonb_array_elements(p_sections) with ordinality as e(value, n);
    return created;
end
$$;
revoke all on function rost_platform_create_club(uuid, text, text, text, uuid[], uuid[], jsonb) from public;
grant execute on function rost_platform_create_club(uuid, text, text, text, uuid[], uuid[], jsonb) to rost_app;

-- Every club with its regions and the number of its moderators and threads.
create function rost_platform_clubs(actor uuid)
returns table (slug text, name text, regions text, moderators bigint, threads bigint)
    language plpgsql stable security definer set search_path = public, pg_temp
as $$
begin
    perform rost_platform_check(actor);
    return query
    select c.slug, c.name,
           coalesce((select string_agg(t.name, ', ' order by t.name)
                     from club_regions r join tenants t on t.id = r.region_id where r.club_id = c.id), ''),
           (select count(*) from club_members m where m.club_id = c.id and m.role = 'club_moderator'),
           (select count(*) from club_threads th where th.club_id = c.id)
    from clubs c
    order by lower(c.name);
end
$$;
revoke all on function rost_platform_clubs(uuid) from public;
grant execute on function rost_platform_clubs(uuid) to rost_app;
