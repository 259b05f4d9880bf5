-- A school chosen at self-registration is a claim, not a fact (issue 10): anyone could pick any
-- school, and fake colleagues let them read a victim's score from the school's average. Such a
-- membership waits until the school's confirmed director or the regional operator confirms it;
-- only confirmed members count in group averages, and a director or deputy gets the director
-- role only on confirmation (by the operator).
--
-- Memberships that the region itself creates (invitations, start-up operators) are trusted, so
-- the column's default is 'confirmed'; registration is the one path that inserts 'pending'.
alter table memberships
    add column school_status text not null default 'confirmed'
        check (school_status in ('pending', 'confirmed', 'rejected')),
    add column school_decided_by uuid references users (id),
    add column school_decided_at timestamptz,
    add column school_decision_reason text;

-- The queues: pending people of a school (its director's) and of a region (the operator's).
create index memberships_pending on memberships (tenant_id, school_id) where school_status = 'pending';

-- Self-registrations made before this migration were never checked either: they wait for a
-- decision like new ones, and a director role that registration granted by itself (it has no
-- `granted_by`) is withdrawn until the operator confirms the person.
update memberships m set school_status = 'pending'
where m.school_id is not null
  and exists (select 1 from audit_log a
              where a.tenant_id = m.tenant_id and a.user_id = m.user_id and a.action = 'registered');
delete from role_grants g
using memberships m
where m.tenant_id = g.tenant_id and m.user_id = g.user_id
  and m.school_status = 'pending' and g.role = 'director' and g.granted_by is null;
