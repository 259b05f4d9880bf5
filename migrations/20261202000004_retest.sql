-- Re-tests and growth (issue 12): subject items in the bank, attempts that re-test an earlier
-- one with items the person has not seen, and the openings of re-tests (after a completed
-- route, or by an operator's campaign).

-- The subject of a subject item («математика»), read from the item's document, so every
-- writer of items (editor, imports, seed) fills it without knowing about it.
alter table items add column subject text generated always as (nullif(btrim(body->>'subject'), '')) stored;

-- A re-test is an attempt of the same instrument that points at the finished attempt it
-- measures growth against.
alter table attempts add column retest_of uuid;
alter table attempts add constraint attempts_retest_of
    foreign key (tenant_id, retest_of) references attempts (tenant_id, id);
create index attempts_retest_of on attempts (tenant_id, retest_of) where retest_of is not null;

-- A campaign that opens re-tests instead of assigning a first attempt.
alter table campaigns add column retest boolean not null default false;

-- An opened re-test: one per finished attempt it re-tests, so a route completed twice or a
-- campaign sent again opens it once. `attempt_id` is the re-test attempt once started.
create table retests (
    tenant_id           uuid not null references tenants (id),
    previous_attempt_id uuid not null,
    user_id             uuid not null,
    instrument_id       uuid not null,
    opened_by           text not null check (opened_by in ('route', 'campaign')),
    campaign_id         uuid,
    opened_at           timestamptz not null default now(),
    attempt_id          uuid,
    primary key (tenant_id, previous_attempt_id),
    foreign key (tenant_id, previous_attempt_id) references attempts (tenant_id, id),
    foreign key (tenant_id, user_id) references memberships (tenant_id, user_id),
    foreign key (tenant_id, instrument_id) references instruments (tenant_id, id),
    foreign key (tenant_id, campaign_id) references campaigns (tenant_id, id),
    foreign key (tenant_id, attempt_id) references attempts (tenant_id, id),
    check ((opened_by = 'campaign') = (campaign_id is not null))
);
select rost_tenant_table('retests');
create index retests_person on retests (tenant_id, user_id);
