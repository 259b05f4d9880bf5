-- The header's menu on pages outside a region (the club, the platform administration, /verify):
-- the regions whose links it shows are the person's own, which row-level security hides from a
-- transaction without a region.
create function rost_my_regions(p_user uuid) returns table (slug text, name text)
    language sql stable security definer set search_path = public
as $$
    select t.slug, t.name from memberships m
    join tenants t on t.id = m.tenant_id
    join users u on u.id = m.user_id
    where m.user_id = p_user and m.active and t.active and u.active
    order by m.created_at, t.slug
$$;
revoke all on function rost_my_regions(uuid) from public;
grant execute on function rost_my_regions(uuid) to rost_app;
