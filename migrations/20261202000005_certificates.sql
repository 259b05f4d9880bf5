-- Certificates (issue 13): each region's template, its versioned issuing rule, a gap-free
-- counter per year, the issued certificates (PDF, its SHA-256, revocation), their history, the
-- bulk-issue jobs and e-mail attachments.

-- One template per region: the text with placeholders, the signatory.
create table certificate_templates (
    tenant_id          uuid not null references tenants (id),
    title              text not null check (length(btrim(title)) between 1 and 200),
    body               text not null check (length(btrim(body)) between 1 and 4000),
    signatory_name     text not null check (length(btrim(signatory_name)) between 1 and 200),
    signatory_position text not null check (length(btrim(signatory_position)) between 1 and 200),
    updated_at         timestamptz not null default now(),
    updated_by         uuid references users (id),
    primary key (tenant_id)
);
select rost_tenant_table('certificate_templates');

-- Who is eligible: a new row per change, the highest version rules. A course named by a rule
-- may later leave the catalogue, so there is no foreign key: the rule then matches nobody.
create table certificate_rules (
    tenant_id  uuid not null references tenants (id),
    version    integer not null check (version > 0),
    kind       text not null check (kind in ('hours', 'course', 'route', 'manual')),
    min_hours  integer check (min_hours between 1 and 10000),
    course_id  uuid,
    created_at timestamptz not null default now(),
    created_by uuid references users (id),
    primary key (tenant_id, version),
    constraint certificate_rules_params check (
        (kind = 'hours') = (min_hours is not null) and (kind = 'course') = (course_id is not null))
);
select rost_tenant_table('certificate_rules');

-- The last sequence number issued per region and year, locked `for update` by each issue, so
-- numbers are consecutive and never skip: a rolled-back issue rolls its increment back too.
create table certificate_counters (
    tenant_id uuid not null references tenants (id),
    year      integer not null,
    last      integer not null default 0,
    primary key (tenant_id, year)
);
select rost_tenant_table('certificate_counters');

create table certificates (
    tenant_id       uuid not null references tenants (id),
    id              uuid not null default gen_random_uuid(),
    -- {region code}-{year}-{sequence}, e.g. 27-2026-000123.
    number          text not null check (number ~ '^[0-9]{2,3}-[0-9]{4}-[0-9]{6,}$'),
    user_id         uuid not null,
    full_name       text not null,
    programme       text not null,
    hours           integer not null check (hours between 1 and 10000),
    dates           text not null,
    competencies    text not null,
    -- What it was issued on: `route:<id>`, `course:<id>`, `hours:<n>`; null for a manual issue.
    -- An unrevoked certificate per person and basis, so a bulk issue run twice issues once.
    basis           text,
    reason          text,
    rule_version    integer,
    issued_at       timestamptz not null default now(),
    issued_by       uuid references users (id),
    pdf             bytea not null,
    sha256          text not null check (sha256 ~ '^[0-9a-f]{64}$'),
    -- The verifiable JSON twin: a W3C VC / Open Badges 3.0 credential as a JWT (EdDSA) signed
    -- with the region's key.
    jwt             text not null,
    revoked_at      timestamptz,
    revoke_category text check (revoke_category in ('error', 'fraud', 'duplicate', 'request', 'other')),
    revoke_reason   text,
    primary key (tenant_id, id),
    constraint certificates_number unique (tenant_id, number),
    constraint certificates_manual_reason check ((basis is null) = (reason is not null)),
    constraint certificates_revocation check ((revoked_at is null) = (revoke_category is null)),
    foreign key (tenant_id, user_id) references memberships (tenant_id, user_id)
);
select rost_tenant_table('certificates');
create unique index certificates_once on certificates (tenant_id, user_id, basis)
    where basis is not null and revoked_at is null;
create index certificates_person on certificates (tenant_id, user_id);
-- Certificates are never deleted: a revoked one stays on record with its reason.
revoke delete on certificates from rost_app;

-- Each region's Ed25519 signing key. The private key never leaves the server: no function
-- returns it, and the public key is published at /.well-known/rost/{region code}/jwks.json.
create table certificate_keys (
    tenant_id     uuid not null references tenants (id),
    kid           text not null,
    private_pkcs8 bytea not null,
    public_key    bytea not null check (length(public_key) = 32),
    created_at    timestamptz not null default now(),
    primary key (tenant_id)
);
select rost_tenant_table('certificate_keys');
revoke update, delete on certificate_keys from rost_app;

-- What happened to each certificate: issued, mailed again, revoked.
create table certificate_events (
    tenant_id      uuid not null references tenants (id),
    id             bigint generated always as identity,
    certificate_id uuid not null,
    at             timestamptz not null default now(),
    action         text not null check (action in ('issued', 'resent', 'revoked')),
    detail         text,
    by_user        uuid references users (id),
    primary key (tenant_id, id),
    foreign key (tenant_id, certificate_id) references certificates (tenant_id, id)
);
select rost_tenant_table('certificate_events');

-- A bulk issue: one row per person, done by the job worker, which resumes after a restart.
create table certificate_jobs (
    tenant_id  uuid not null references tenants (id),
    id         uuid not null default gen_random_uuid(),
    created_at timestamptz not null default now(),
    created_by uuid references users (id),
    primary key (tenant_id, id)
);
select rost_tenant_table('certificate_jobs');

create table certificate_job_items (
    tenant_id uuid not null references tenants (id),
    job_id    uuid not null,
    user_id   uuid not null,
    status    text not null default 'pending' check (status in ('pending', 'done', 'failed')),
    number    text,
    error     text,
    primary key (tenant_id, job_id, user_id),
    foreign key (tenant_id, job_id) references certificate_jobs (tenant_id, id)
);
select rost_tenant_table('certificate_job_items');
create index certificate_job_items_pending on certificate_job_items (tenant_id) where status = 'pending';

-- The regions with pending rows, for the job worker's idle tick: one query instead of a tenant
-- transaction per region every second. It reveals only which regions have work.
create function rost_certificate_job_tenants() returns setof uuid
    language sql stable security definer set search_path = public
as $$ select distinct tenant_id from certificate_job_items where status = 'pending' $$;
revoke all on function rost_certificate_job_tenants() from public;
grant execute on function rost_certificate_job_tenants() to rost_app;

-- Files sent with an outbox message (a certificate's PDF); removed once the message is sent.
create table outbox_attachments (
    outbox_id    bigint not null references outbox (id) on delete cascade,
    position     integer not null,
    file_name    text not null,
    content_type text not null,
    content      bytea not null,
    primary key (outbox_id, position)
);
grant select, insert, delete on outbox_attachments to rost_app;
