-- Personal accounts, roles per region, tokens, the security audit log and the e-mail outbox.

-- A person's identity is global (one person may work in several regions); what ties them to a
-- region (school, position, roles, consent) lives in tenant tables under row-level security.
create table users (
    id                 uuid primary key default gen_random_uuid(),
    email              text not null check (email = lower(btrim(email)) and email like '%_@_%'),
    password_hash      text not null,
    full_name          text not null check (length(btrim(full_name)) > 0),
    email_confirmed_at timestamptz,
    active             boolean not null default true,
    failed_logins      integer not null default 0,
    locked_until       timestamptz,
    created_at         timestamptz not null default now(),
    updated_at         timestamptz not null default now()
);
create unique index users_email on users (email);
create trigger users_updated_at before update on users
    for each row execute function rost_touch_updated_at();

create table memberships (
    tenant_id        uuid not null references tenants (id),
    user_id          uuid not null references users (id),
    municipality_id  uuid,
    school_id        uuid,
    position         text not null check (position in
                        ('teacher', 'deputy_director', 'director', 'methodologist', 'psychologist', 'other')),
    subjects         text[] not null default '{}',
    experience_years integer check (experience_years between 0 and 70),
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now(),
    primary key (tenant_id, user_id),
    foreign key (tenant_id, municipality_id) references municipalities (tenant_id, id),
    foreign key (tenant_id, school_id) references schools (tenant_id, id)
);
create trigger memberships_updated_at before update on memberships
    for each row execute function rost_touch_updated_at();

create table role_grants (
    tenant_id  uuid not null references tenants (id),
    user_id    uuid not null references users (id),
    role       text not null check (role in
                  ('teacher', 'director', 'municipal_coordinator', 'regional_operator',
                   'certificate_admin', 'club_moderator')),
    granted_by uuid references users (id),
    granted_at timestamptz not null default now(),
    primary key (tenant_id, user_id, role),
    foreign key (tenant_id, user_id) references memberships (tenant_id, user_id)
);

-- Consent to personal-data processing (152-ФЗ): when, and to which version of the text.
create table consents (
    tenant_id    uuid not null references tenants (id),
    user_id      uuid not null references users (id),
    text_version text not null,
    accepted_at  timestamptz not null default now(),
    ip           inet,
    primary key (tenant_id, user_id, text_version),
    foreign key (tenant_id, user_id) references memberships (tenant_id, user_id)
);

-- Single-use links sent by e-mail; only a hash of the token is stored.
create table email_tokens (
    token_hash bytea primary key,
    user_id    uuid not null references users (id),
    tenant_id  uuid references tenants (id),
    purpose    text not null check (purpose in ('confirm_email', 'reset_password')),
    expires_at timestamptz not null,
    used_at    timestamptz,
    created_at timestamptz not null default now()
);
create index email_tokens_user on email_tokens (user_id, purpose);

-- Opaque refresh tokens, rotated on every use; a reused old token revokes its whole family.
create table refresh_tokens (
    token_hash  bytea primary key,
    user_id     uuid not null references users (id),
    family_id   uuid not null,
    expires_at  timestamptz not null,
    rotated_at  timestamptz,
    revoked_at  timestamptz,
    created_at  timestamptz not null default now()
);
create index refresh_tokens_family on refresh_tokens (family_id);
create index refresh_tokens_user on refresh_tokens (user_id);

-- Security events: who, what, when, from where. Rows with a tenant are that region's.
create table audit_log (
    id         bigint generated always as identity primary key,
    tenant_id  uuid references tenants (id),
    user_id    uuid references users (id),
    action     text not null,
    ip         inet,
    details    jsonb not null default '{}'::jsonb,
    created_at timestamptz not null default now()
);
create index audit_log_tenant on audit_log (tenant_id, created_at desc);

-- The transactional outbox: a message is written in the same transaction as its event and
-- sent by the background worker.
create table outbox (
    id              bigint generated always as identity primary key,
    tenant_id       uuid references tenants (id),
    recipient       text not null,
    subject         text not null,
    text_body       text not null,
    html_body       text not null,
    status          text not null default 'pending'
                    check (status in ('pending', 'sending', 'sent', 'failed')),
    attempts        integer not null default 0,
    next_attempt_at timestamptz not null default now(),
    last_error      text,
    created_at      timestamptz not null default now(),
    sent_at         timestamptz
);
create index outbox_due on outbox (next_attempt_at) where status = 'pending';

alter table memberships enable row level security;
create policy tenant_isolation on memberships
    using (tenant_id = rost_current_tenant()) with check (tenant_id = rost_current_tenant());
alter table role_grants enable row level security;
create policy tenant_isolation on role_grants
    using (tenant_id = rost_current_tenant()) with check (tenant_id = rost_current_tenant());
alter table consents enable row level security;
create policy tenant_isolation on consents
    using (tenant_id = rost_current_tenant()) with check (tenant_id = rost_current_tenant());

alter table audit_log enable row level security;
create policy tenant_read on audit_log for select using (tenant_id = rost_current_tenant());
create policy tenant_write on audit_log for insert
    with check (tenant_id is null or tenant_id = rost_current_tenant());

grant select, insert, update on users to rost_app;
grant select, insert, update, delete on memberships, role_grants to rost_app;
grant select, insert on consents to rost_app;
grant select, insert, update on email_tokens, refresh_tokens to rost_app;
grant select, insert on audit_log to rost_app;
grant select, insert, update on outbox to rost_app;
