-- Platform administration (issue 15): the global role `platform_admin`, its own audit log, and
-- the few security-definer functions through which it changes `tenants` and writes into a
-- region without ever reading the region's rows.
--
-- The platform gate (`access::PlatformAdmin`) opens a transaction without a tenant, so row-level
-- security hides every region's data from it. `tenants` stays read-only for `rost_app`: each
-- change goes through one function below, which checks that its `actor` is an active platform
-- administrator with a confirmed address before it does anything.

create table platform_admins (
    user_id    uuid primary key references users (id),
    granted_at timestamptz not null default now(),
    -- null when granted from the command line (`server admin create`)
    granted_by uuid references users (id)
);
-- The gate reads it; only the command line (as the owner) grants the role.
grant select on platform_admins to rost_app;

-- What platform administrators did. Global (no tenant_id): `region_id` names the region acted
-- on, if any, and is no isolation key.
create table platform_audit (
    id         bigint generated always as identity primary key,
    user_id    uuid references users (id),
    region_id  uuid references tenants (id),
    action     text not null,
    ip         inet,
    details    jsonb not null default '{}'::jsonb,
    created_at timestamptz not null default now()
);
create index platform_audit_created on platform_audit (created_at desc);
grant select, insert on platform_audit to rost_app;

-- Refuses unless `actor` is an active platform administrator with a confirmed address.
create function rost_platform_check(actor uuid) returns void
    language plpgsql stable security definer set search_path = public, pg_temp
as $$
begin
    if not exists (
        select 1 from platform_admins p join users u on u.id = p.user_id
        where p.user_id = actor and u.active and u.email_confirmed_at is not null
    ) then
        raise exception 'not a platform administrator' using errcode = '42501';
    end if;
end
$$;

create function rost_platform_create_region(
    actor uuid, p_slug text, p_name text, p_region_code text, p_time_zone text, p_status_labels jsonb
) returns uuid
    language plpgsql security definer set search_path = public, pg_temp
as $$
declare
    created uuid;
begin
    perform rost_platform_check(actor);
    insert into tenants (slug, name, region_code, time_zone, status_labels)
    values (p_slug, p_name, p_region_code, p_time_zone, p_status_labels)
    returning id into created;
    return created;
end
$$;

-- The slug stays: it is in every link already sent by e-mail.
create function rost_platform_update_region(
    actor uuid, p_id uuid, p_name text, p_region_code text, p_time_zone text, p_status_labels jsonb,
    p_active boolean
) returns boolean
    language plpgsql security definer set search_path = public, pg_temp
as $$
begin
    perform rost_platform_check(actor);
    update tenants set name = p_name, region_code = p_region_code, time_zone = p_time_zone,
                       status_labels = p_status_labels, active = p_active
    where id = p_id;
    return found;
end
$$;

-- Per-region usage as counts only: people (active memberships), attempts, stored bytes
-- (uploaded tables, course documents, issued certificates) and undelivered mail.
create function rost_platform_usage(actor uuid)
returns table (region_id uuid, people bigint, attempts bigint, storage_bytes bigint, mail_failures bigint)
    language plpgsql stable security definer set search_path = public, pg_temp
as $$
begin
    perform rost_platform_check(actor);
    return query
    select t.id,
           (select count(*) from memberships m where m.tenant_id = t.id and m.active),
           (select count(*) from attempts a where a.tenant_id = t.id),
           coalesce((select sum(octet_length(u.content)) from identification_uploads u where u.tenant_id = t.id), 0)::bigint
             + coalesce((select sum(d.size) from enrolment_documents d where d.tenant_id = t.id), 0)::bigint
             + coalesce((select sum(octet_length(c.pdf)) from certificates c where c.tenant_id = t.id), 0)::bigint,
           (select count(*) from outbox o where o.tenant_id = t.id and o.status = 'failed')
    from tenants t;
end
$$;

-- Offers the regional operator's role in a region (the same offer as an operator's invitation,
-- accepted by its link); recorded in the region's own audit log too.
create function rost_platform_invite_operator(
    actor uuid, p_region uuid, p_email text, p_full_name text, p_token_hash bytea, p_hours integer
) returns void
    language plpgsql security definer set search_path = public, pg_temp
as $$
begin
    perform rost_platform_check(actor);
    insert into invitations (tenant_id, email, full_name, roles, invited_by, token_hash, expires_at)
    values (p_region, p_email, p_full_name, array['regional_operator'], actor, p_token_hash,
            now() + make_interval(hours => p_hours))
    on conflict (tenant_id, email) where accepted_at is null do update
        set roles = (select array_agg(distinct r order by r) from unnest(invitations.roles || excluded.roles) r),
            full_name = excluded.full_name, invited_by = excluded.invited_by,
            token_hash = excluded.token_hash, expires_at = excluded.expires_at;
    insert into audit_log (tenant_id, user_id, action, details)
    values (p_region, actor, 'platform_invitation_sent',
            jsonb_build_object('to', p_email, 'role', 'regional_operator'));
end
$$;

-- The administrator takes a role in a region (a membership and the grant), recorded in the
-- region's own audit log; the caller records it in `platform_audit` too.
create function rost_platform_grant_self(actor uuid, p_region uuid, p_role text) returns void
    language plpgsql security definer set search_path = public, pg_temp
as $$
begin
    perform rost_platform_check(actor);
    insert into memberships (tenant_id, user_id, position) values (p_region, actor, 'other')
    on conflict (tenant_id, user_id) do update set active = true;
    insert into role_grants (tenant_id, user_id, role, granted_by) values (p_region, actor, p_role, actor)
    on conflict do nothing;
    insert into audit_log (tenant_id, user_id, action, details)
    values (p_region, actor, 'platform_self_grant', jsonb_build_object('role', p_role));
end
$$;

revoke execute on function rost_platform_check(uuid) from public;
revoke execute on function rost_platform_create_region(uuid, text, text, text, text, jsonb) from public;
revoke execute on function rost_platform_update_region(uuid, uuid, text, text, text, jsonb, boolean) from public;
revoke execute on function rost_platform_usage(uuid) from public;
revoke execute on function rost_platform_invite_operator(uuid, uuid, text, text, bytea, integer) from public;
revoke execute on function rost_platform_grant_self(uuid, uuid, text) from public;
grant execute on function rost_platform_create_region(uuid, text, text, text, text, jsonb) to rost_app;
grant execute on function rost_platform_update_region(uuid, uuid, text, text, text, jsonb, boolean) to rost_app;
grant execute on function rost_platform_usage(uuid) to rost_app;
grant execute on function rost_platform_invite_operator(uuid, uuid, text, text, bytea, integer) to rost_app;
grant execute on function rost_platform_grant_self(uuid, uuid, text) to rost_app;
