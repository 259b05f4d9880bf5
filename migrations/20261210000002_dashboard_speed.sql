-- Dashboards at scale (issue 15, «Speed»): what the dashboards read of the attempts, kept per
-- person by triggers on `attempts` and `attempt_answers` (so the seed, imports and tests are
-- covered as well as finishing an attempt), so that a view groups the people of its scope
-- instead of reading every attempt's JSON on each request. The tables hold only facts of the
-- attempts; who counts where (membership, school confirmation, an active account) is still read
-- when the view is built. No foreign keys: the rows are derived from `attempts`, which has them,
-- and are rewritten with the person's attempts.

-- One row per person with at least one attempt.
create table dash_people (
    tenant_id uuid not null references tenants (id),
    user_id   uuid not null,
    -- A first diagnostic (an attempt that re-tests nothing) was started, and one was finished.
    started   boolean not null,
    finished  boolean not null,
    -- Has a growth fact: a finished re-test of a finished attempt that answers at least half of
    -- its items (the latest one is what `dash_growth` holds).
    retested  boolean not null,
    primary key (tenant_id, user_id)
);
select rost_tenant_table('dash_people');

-- Per person and competency, the latest finished measurement that answers at least half of
-- its items (a first diagnostic or a re-test): the deficit heat map.
create table dash_measures (
    tenant_id  uuid not null references tenants (id),
    user_id    uuid not null,
    code       text not null,
    title      text not null,
    level      text not null,
    attempt_id uuid not null,
    primary key (tenant_id, user_id, code)
);
select rost_tenant_table('dash_measures');

-- Per person, the competencies of the first attempt of their latest growth fact with a score
-- under the re-test's low threshold that the re-test measured again, and whether the re-test
-- reached the threshold there: growth after re-tests by competency.
create table dash_growth (
    tenant_id uuid not null references tenants (id),
    user_id   uuid not null,
    code      text not null,
    -- The competency's title in the first attempt.
    title     text not null,
    closed    boolean not null,
    primary key (tenant_id, user_id, code)
);
select rost_tenant_table('dash_growth');

-- An attempt with at least half of its items answered: as for group means, an empty attempt of
-- a fake colleague must not move a figure.
create function rost_attempt_answered(p_tenant uuid, p_attempt uuid, p_items uuid[])
returns boolean language sql stable as $$
    select 2 * (select count(*) from attempt_answers x
                where x.tenant_id = p_tenant and x.attempt_id = p_attempt
                  and x.answer->'chosen' is distinct from '[]'::jsonb
                  and coalesce(btrim(x.answer->>'text'), '-') <> '') >= cardinality(p_items)
$$;

-- Rewrites the three tables' rows of the given people (pairs of `p_tenants[i]`, `p_users[i]`,
-- each pair once) from their attempts.
create function rost_dash_refresh(p_tenants uuid[], p_users uuid[])
returns void language plpgsql as $$
begin
    if coalesce(cardinality(p_users), 0) = 0 then
        return;
    end if;
    -- Two transactions refreshing one person (two attempts finished at once) take turns, so
    -- the later one reads the earlier one's rows instead of failing on them: a lock per one of
    -- 256 buckets of people, taken in order (a bulk load takes at most all 256).
    perform pg_advisory_xact_lock(8154, b)
    from (select distinct hashtext(u::text) & 255 as b from unnest(p_users) u order by 1) x;
    delete from dash_people d using unnest(p_tenants, p_users) x(tenant_id, user_id)
    where d.tenant_id = x.tenant_id and d.user_id = x.user_id;
    delete from dash_measures d using unnest(p_tenants, p_users) x(tenant_id, user_id)
    where d.tenant_id = x.tenant_id and d.user_id = x.user_id;
    delete from dash_growth d using unnest(p_tenants, p_users) x(tenant_id, user_id)
    where d.tenant_id = x.tenant_id and d.user_id = x.user_id;
    with counted as (
        select a.tenant_id, a.user_id, a.id, a.retest_of, a.finished_at, a.result,
               a.finished_at is not null and rost_attempt_answered(a.tenant_id, a.id, a.item_ids) as measured
        from unnest(p_tenants, p_users) x(tenant_id, user_id)
        join attempts a on a.tenant_id = x.tenant_id and a.user_id = x.user_id),
    -- Each person's latest growth fact.
    facts as (
        select distinct on (a.tenant_id, a.user_id) a.tenant_id, a.user_id, b.result as before, a.result as after
        from counted a join attempts b on b.tenant_id = a.tenant_id and b.id = a.retest_of
        where a.measured and b.finished_at is not null
        order by a.tenant_id, a.user_id, a.finished_at desc),
    people as (
        insert into dash_people (tenant_id, user_id, started, finished, retested)
        select a.tenant_id, a.user_id, bool_or(a.retest_of is null),
               bool_or(a.retest_of is null and a.finished_at is not null), bool_or(f.user_id is not null)
        from counted a left join facts f on f.tenant_id = a.tenant_id and f.user_id = a.user_id
        group by a.tenant_id, a.user_id),
    -- Scores compared as the growth aggregates compare them (`f64`).
    growth as (
        insert into dash_growth (tenant_id, user_id, code, title, closed)
        select distinct on (f.tenant_id, f.user_id, c->>'code')
               f.tenant_id, f.user_id, c->>'code', c->>'title', after.score >= low.value
        from facts f
        cross join lateral (select (f.after->'thresholds'->>'low')::float8 as value) low
        cross join jsonb_array_elements(f.before->'competencies') c
        cross join lateral (select (z.v->>'score')::float8 as score
                            from jsonb_array_elements(f.after->'competencies') with ordinality z(v, n)
                            where z.v->>'code' = c->>'code' order by z.n limit 1) after
        where (c->>'score')::float8 < low.value)
    insert into dash_measures (tenant_id, user_id, code, title, level, attempt_id)
    select distinct on (a.tenant_id, a.user_id, c->>'code')
           a.tenant_id, a.user_id, c->>'code', c->>'title', c->>'level', a.id
    from counted a cross join jsonb_array_elements(a.result->'competencies') c
    where a.measured
    order by a.tenant_id, a.user_id, c->>'code', a.finished_at desc;
end
$$;

-- The people whose attempts a statement changed (inserted, deleted, or updated in what the
-- dashboards read), and for answers the people of finished attempts whose answers changed.
create function rost_dash_attempts_changed() returns trigger language plpgsql as $$
declare
    v_tenants uuid[];
    v_users   uuid[];
begin
    if tg_op = 'INSERT' then
        select array_agg(tenant_id), array_agg(user_id) into v_tenants, v_users
        from (select distinct tenant_id, user_id from new_rows) p;
    elsif tg_op = 'DELETE' then
        select array_agg(tenant_id), array_agg(user_id) into v_tenants, v_users
        from (select distinct tenant_id, user_id from old_rows) p;
    else
        select array_agg(tenant_id), array_agg(user_id) into v_tenants, v_users
        from (select distinct o.tenant_id, u.user_id
              from old_rows o join new_rows n on n.tenant_id = o.tenant_id and n.id = o.id
              cross join lateral (values (o.user_id), (n.user_id)) u(user_id)
              where (o.user_id, o.finished_at, o.result, o.retest_of, o.item_ids)
                    is distinct from (n.user_id, n.finished_at, n.result, n.retest_of, n.item_ids)) p;
    end if;
    perform rost_dash_refresh(v_tenants, v_users);
    return null;
end
$$;

create trigger attempts_dash_insert after insert on attempts
    referencing new table as new_rows for each statement execute function rost_dash_attempts_changed();
create trigger attempts_dash_update after update on attempts
    referencing old table as old_rows new table as new_rows
    for each statement execute function rost_dash_attempts_changed();
create trigger attempts_dash_delete after delete on attempts
    referencing old table as old_rows for each statement execute function rost_dash_attempts_changed();

create function rost_dash_answers_changed() returns trigger language plpgsql as $$
declare
    v_tenants uuid[];
    v_users   uuid[];
begin
    if tg_op = 'DELETE' then
        select array_agg(a.tenant_id), array_agg(a.user_id) into v_tenants, v_users
        from (select distinct a.tenant_id, a.user_id from attempts a
              join (select distinct tenant_id, attempt_id from old_rows) c
                on a.tenant_id = c.tenant_id and a.id = c.attempt_id
              where a.finished_at is not null) a;
    else
        select array_agg(a.tenant_id), array_agg(a.user_id) into v_tenants, v_users
        from (select distinct a.tenant_id, a.user_id from attempts a
              join (select distinct tenant_id, attempt_id from new_rows) c
                on a.tenant_id = c.tenant_id and a.id = c.attempt_id
              where a.finished_at is not null) a;
    end if;
    perform rost_dash_refresh(v_tenants, v_users);
    return null;
end
$$;

create trigger attempt_answers_dash_insert after insert on attempt_answers
    referencing new table as new_rows for each statement execute function rost_dash_answers_changed();
create trigger attempt_answers_dash_update after update on attempt_answers
    referencing new table as new_rows for each statement execute function rost_dash_answers_changed();
create trigger attempt_answers_dash_delete after delete on attempt_answers
    referencing old table as old_rows for each statement execute function rost_dash_answers_changed();

-- Every person with attempts so far.
select rost_dash_refresh(array_agg(tenant_id), array_agg(user_id))
from (select distinct tenant_id, user_id from attempts) p;
