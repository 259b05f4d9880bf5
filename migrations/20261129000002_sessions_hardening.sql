-- Sessions hardening (issue 10): invitations as offers, one-time links kept out of the sent
-- outbox, and autosaves refused once access to the region is closed.

-- An operator's invitation is an offer, not a membership: nothing about the person is
-- created or shown to the region until they accept it by the e-mailed link or in their
-- personal account. The operator sees only what they typed.
create table invitations (
    tenant_id   uuid not null references tenants (id),
    id          uuid not null default gen_random_uuid(),
    email       text not null check (email = lower(btrim(email)) and email like '%_@_%'),
    full_name   text not null check (length(full_name) between 1 and 200),
    roles       text[] not null check (cardinality(roles) > 0 and roles <@ array[
                   'teacher', 'director', 'municipal_coordinator', 'regional_operator',
                   'certificate_admin', 'club_moderator']),
    invited_by  uuid references users (id),
    token_hash  bytea not null,
    expires_at  timestamptz not null,
    accepted_at timestamptz,
    accepted_by uuid references users (id),
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now(),
    primary key (tenant_id, id),
    unique (tenant_id, token_hash)
);
-- One open offer per address and region; inviting again adds the role to it.
create unique index invitations_open on invitations (tenant_id, email) where accepted_at is null;
create trigger invitations_updated_at before update on invitations
    for each row execute function rost_touch_updated_at();
alter table invitations enable row level security;
create policy tenant_isolation on invitations
    using (tenant_id = rost_current_tenant()) with check (tenant_id = rost_current_tenant());
grant select, insert, update on invitations to rost_app;

-- Messages carrying a one-time link (confirmation, reset, invitation) lose their bodies once
-- sent, so the outbox never keeps a usable token.
alter table outbox add column redact_after_send boolean not null default false;

-- The autosave refuses a person whose membership of the region, or whose account, is closed:
-- the same function as in 20261123000006 with that check added after the attempt is found.
create or replace function rost_save_answer(p_tenant uuid, p_user uuid, p_attempt uuid, p_item uuid,
                                            p_seq bigint, p_answer jsonb)
returns text language plpgsql as $$
declare
    v_deadline timestamptz;
    v_finished timestamptz;
    v_items    uuid[];
begin
    perform set_config('rost.tenant_id', p_tenant::text, true);
    perform pg_advisory_xact_lock_shared(hashtextextended(p_attempt::text, 0));
    select deadline_at, finished_at, item_ids into v_deadline, v_finished, v_items
      from attempts where tenant_id = p_tenant and id = p_attempt and user_id = p_user;
    if not found or not (p_item = any(v_items)) then
        return 'missing';
    end if;
    if not exists (select 1 from memberships m join users u on u.id = m.user_id
                   where m.tenant_id = p_tenant and m.user_id = p_user and m.active and u.active) then
        return 'closed';
    end if;
    if v_finished is not null then
        return 'finished';
    end if;
    if v_deadline is not null and v_deadline <= now() then
        return 'late';
    end if;
    insert into attempt_answers (tenant_id, attempt_id, item_id, seq, answer)
    values (p_tenant, p_attempt, p_item, p_seq, p_answer)
    on conflict (tenant_id, attempt_id, item_id) do update
        set seq = excluded.seq, answer = excluded.answer, saved_at = now()
        where attempt_answers.seq < excluded.seq;
    if found then
        return 'saved';
    end if;
    return 'stale';
end
$$;
