-- Competency diagnostics (module B): frameworks, the item bank, instruments, campaigns,
-- attempts with autosaved answers.

-- A region's competency framework as one validated document (areas, competencies, target
-- profiles, level thresholds); items refer to its competency codes.
create table frameworks (
    tenant_id  uuid not null references tenants (id),
    id         uuid not null default gen_random_uuid(),
    body       jsonb not null,
    updated_by uuid references users (id),
    updated_at timestamptz not null default now(),
    primary key (tenant_id, id)
);

-- Items are versioned: a version that appears in a finished attempt is frozen, and editing it
-- inserts the next version, so stored results never change.
create table items (
    tenant_id    uuid not null references tenants (id),
    id           uuid not null,
    version      integer not null check (version > 0),
    framework_id uuid not null,
    code         text not null,
    body         jsonb not null,
    retired      boolean not null default false,
    created_by   uuid references users (id),
    created_at   timestamptz not null default now(),
    primary key (tenant_id, id, version),
    foreign key (tenant_id, framework_id) references frameworks (tenant_id, id)
);
create index items_code on items (tenant_id, framework_id, code);

create table instruments (
    tenant_id          uuid not null references tenants (id),
    id                 uuid not null default gen_random_uuid(),
    framework_id       uuid not null,
    title              text not null check (length(btrim(title)) > 0),
    body               jsonb not null,
    time_limit_minutes integer check (time_limit_minutes between 1 and 600),
    opens_at           timestamptz,
    closes_at          timestamptz,
    created_by         uuid references users (id),
    created_at         timestamptz not null default now(),
    primary key (tenant_id, id),
    foreign key (tenant_id, framework_id) references frameworks (tenant_id, id),
    check (closes_at is null or opens_at is null or closes_at > opens_at)
);

create table campaigns (
    tenant_id     uuid not null references tenants (id),
    id            uuid not null default gen_random_uuid(),
    instrument_id uuid not null,
    title         text not null check (length(btrim(title)) > 0),
    scope         jsonb not null,
    due_at        timestamptz,
    created_by    uuid references users (id),
    created_at    timestamptz not null default now(),
    primary key (tenant_id, id),
    foreign key (tenant_id, instrument_id) references instruments (tenant_id, id)
);

create table assignments (
    tenant_id   uuid not null references tenants (id),
    campaign_id uuid not null,
    user_id     uuid not null,
    created_at  timestamptz not null default now(),
    primary key (tenant_id, campaign_id, user_id),
    foreign key (tenant_id, campaign_id) references campaigns (tenant_id, id),
    foreign key (tenant_id, user_id) references memberships (tenant_id, user_id)
);
create index assignments_user on assignments (tenant_id, user_id);

-- `items` is the drawn list with option orders; `result` is written once, at finishing.
create table attempts (
    tenant_id     uuid not null references tenants (id),
    id            uuid not null default gen_random_uuid(),
    instrument_id uuid not null,
    user_id       uuid not null,
    item_ids      uuid[] not null,
    items         jsonb not null,
    started_at    timestamptz not null default now(),
    deadline_at   timestamptz,
    finished_at   timestamptz,
    finished_by   text check (finished_by in ('person', 'deadline')),
    result        jsonb,
    primary key (tenant_id, id),
    foreign key (tenant_id, instrument_id) references instruments (tenant_id, id),
    foreign key (tenant_id, user_id) references memberships (tenant_id, user_id),
    check ((finished_at is null) = (result is null))
);
create unique index attempts_one_active on attempts (tenant_id, user_id, instrument_id) where finished_at is null;
create index attempts_due on attempts (deadline_at) where finished_at is null;
create index attempts_instrument on attempts (tenant_id, instrument_id) where finished_at is not null;

-- One row per item of an attempt; `seq` is the client's sequence number, and a write with a
-- lower one never replaces a higher one.
create table attempt_answers (
    tenant_id  uuid not null,
    attempt_id uuid not null,
    item_id    uuid not null,
    seq        bigint not null,
    answer     jsonb not null,
    saved_at   timestamptz not null default now(),
    primary key (tenant_id, attempt_id, item_id),
    foreign key (tenant_id, attempt_id) references attempts (tenant_id, id)
);

do $$
declare
    t text;
begin
    foreach t in array array['frameworks', 'items', 'instruments', 'campaigns', 'assignments',
                             'attempts', 'attempt_answers']
    loop
        execute format('alter table %I enable row level security', t);
        execute format('create policy tenant_isolation on %I using (tenant_id = rost_current_tenant())
                        with check (tenant_id = rost_current_tenant())', t);
        execute format('grant select, insert, update, delete on %I to rost_app', t);
    end loop;
end
$$;

-- An autosave in one round trip: scopes the transaction to the tenant (so row-level security
-- applies as everywhere else) and writes the answer only into the person's own active attempt,
-- before its deadline, for an item of that attempt, unless a newer write is already stored.
-- A shared advisory lock on the attempt orders it against finishing, which takes the same lock
-- exclusively before scoring: unlike a row lock it writes nothing, so a save stays one write.
-- Returns 'saved', 'stale' (a newer answer is stored), 'late', 'finished' or 'missing'.
create function rost_save_answer(p_tenant uuid, p_user uuid, p_attempt uuid, p_item uuid,
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
grant execute on function rost_save_answer(uuid, uuid, uuid, uuid, bigint, jsonb) to rost_app;

-- Many autosaves in one transaction and one round trip: the server gathers the saves that
-- arrive while its previous batches are being written (group commit), in (attempt, item) order
-- so that two batches never wait for each other's rows.
create function rost_save_answers(p_tenant uuid[], p_user uuid[], p_attempt uuid[], p_item uuid[],
                                  p_seq bigint[], p_answer jsonb[])
returns text[] language plpgsql as $$
declare
    v_results text[] := array[]::text[];
begin
    for i in 1 .. coalesce(array_length(p_attempt, 1), 0) loop
        v_results := v_results || rost_save_answer(p_tenant[i], p_user[i], p_attempt[i], p_item[i],
                                                   p_seq[i], p_answer[i]);
    end loop;
    return v_results;
end
$$;
grant execute on function rost_save_answers(uuid[], uuid[], uuid[], uuid[], bigint[], jsonb[]) to rost_app;
