//! The schema stays distributable by `tenant_id` (Citus), read from `pg_catalog`.
//!
//! A tenant table is a table of `public` with a `tenant_id NOT NULL` column; every other table
//! is global (a reference table in Citus terms: `tenants`, `users`, `refresh_tokens`, and the
//! few whose rows may belong to no region). Citus's co-location rule, as checked here:
//! - every unique index of a tenant table (primary key, unique constraint, partial unique
//!   index, exclusion constraint) includes `tenant_id`, and the primary key leads with it;
//! - a foreign key between tenant tables maps `tenant_id` to `tenant_id`; one from a tenant table
//!   to a global table is allowed, one from a global table to a tenant table is not;
//! - every tenant table has row-level security with the `tenant_isolation` policy (what
//!   `rost_tenant_table` creates).
//!
//! Club tables, when they come, are keyed by `club_id` in the same way.

use crate::helpers::spawn_app;

/// One line per offence, naming the table and the constraint or index.
const OFFENCES: &str = "
with tables as (
    select c.oid, c.relname, a.attnum as tenant_col, c.relrowsecurity
    from pg_class c
    left join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id'
                            and not a.attisdropped and a.attnotnull
    where c.relkind in ('r', 'p') and c.relnamespace = 'public'::regnamespace
),
tenant as (select * from tables where tenant_col is not null)
select format('%s: %s %s does not include tenant_id', t.relname,
              case when i.indisprimary then 'primary key' else 'unique index' end, x.relname)
from tenant t
join pg_index i on i.indrelid = t.oid and (i.indisunique or i.indisexclusion)
join pg_class x on x.oid = i.indexrelid
where not t.tenant_col = any(i.indkey::int2[])
union all
select format('%s: primary key %s does not lead with tenant_id', t.relname, x.relname)
from tenant t
join pg_index i on i.indrelid = t.oid and i.indisprimary
join pg_class x on x.oid = i.indexrelid
where i.indkey[0] <> t.tenant_col and t.tenant_col = any(i.indkey::int2[])
union all
select format('%s: foreign key %s to %s does not match tenant_id with tenant_id',
              t.relname, f.conname, r.relname)
from tenant t
join pg_constraint f on f.conrelid = t.oid and f.contype = 'f'
join tenant r on r.oid = f.confrelid
where f.confkey[array_position(f.conkey, t.tenant_col)] is distinct from r.tenant_col
union all
select format('%s: foreign key %s from a global table to the tenant table %s',
              g.relname, f.conname, r.relname)
from tables g
join pg_constraint f on f.conrelid = g.oid and f.contype = 'f'
join tenant r on r.oid = f.confrelid
where g.tenant_col is null
union all
select format('%s: no row-level security with the tenant_isolation policy', t.relname)
from tenant t
where not (t.relrowsecurity and exists (
    select 1 from pg_policy p
    where p.polrelid = t.oid and p.polname = 'tenant_isolation' and p.polcmd = '*'
      and p.polpermissive
      and pg_get_expr(p.polqual, p.polrelid) = '(tenant_id = rost_current_tenant())'
      and pg_get_expr(p.polwithcheck, p.polrelid) = '(tenant_id = rost_current_tenant())'))
order by 1";

async fn offences(db: &mut sqlx::PgConnection) -> Vec<String> {
    sqlx::query_scalar(OFFENCES).fetch_all(db).await.unwrap()
}

#[tokio::test]
async fn every_tenant_table_is_co_located_by_tenant_id() {
    let app = spawn_app().await;
    let mut db = app.owner.acquire().await.unwrap();
    let found = offences(&mut db).await;
    assert!(
        found.is_empty(),
        "not distributable by tenant_id:\n{}",
        found.join("\n")
    );

    // A nullable tenant_id would take a table out of the rule unnoticed. These three hold rows
    // of no region (sign-in events, links redeemed at /confirm, the mail of registration), so
    // they are global; a new table joins them only with a reason here.
    let optional: Vec<String> = sqlx::query_scalar(
        "select c.relname::text from pg_class c
         join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped
         where c.relkind in ('r', 'p') and c.relnamespace = 'public'::regnamespace
           and not a.attnotnull
         order by 1",
    )
    .fetch_all(&mut *db)
    .await
    .unwrap();
    assert_eq!(optional, ["audit_log", "email_tokens", "outbox"]);
}

/// The check can fail: tables made wrong in every way are named, and one made with
/// `rost_tenant_table` is not. Rolled back, so the database stays as migrated.
#[tokio::test]
async fn the_check_names_each_offence_and_passes_a_table_made_with_the_helper() {
    let app = spawn_app().await;
    let mut tx = app.owner.begin().await.unwrap();
    sqlx::raw_sql(
        "create table probe_parent (tenant_id uuid not null, id uuid primary key);
         create table probe_child (tenant_id uuid not null, id uuid, code text,
             parent_id uuid references probe_parent (id),
             primary key (id, tenant_id), unique (code));
         create unique index probe_child_open on probe_child (code, id) where id is not null;
         create table probe_global (id uuid primary key, child_id uuid, tenant_id uuid,
             foreign key (child_id, tenant_id) references probe_child (id, tenant_id));
         create table probe_swapped (tenant_id uuid not null, id uuid not null,
             primary key (tenant_id, id),
             foreign key (tenant_id, id) references probe_child (id, tenant_id));
         alter table probe_swapped enable row level security;
         create policy tenant_isolation on probe_swapped using (tenant_id = rost_current_tenant());
         create table probe_right (tenant_id uuid not null references tenants (id),
             id uuid not null, parent_id uuid not null, made_by uuid references users (id),
             primary key (tenant_id, id),
             foreign key (tenant_id, parent_id) references schools (tenant_id, id));
         select rost_tenant_table('probe_right');",
    )
    .execute(&mut *tx)
    .await
    .unwrap();

    let found = offences(&mut tx).await;
    assert_eq!(
        found,
        [
            "probe_child: foreign key probe_child_parent_id_fkey to probe_parent does not match tenant_id with tenant_id",
            "probe_child: no row-level security with the tenant_isolation policy",
            "probe_child: primary key probe_child_pkey does not lead with tenant_id",
            "probe_child: unique index probe_child_code_key does not include tenant_id",
            "probe_child: unique index probe_child_open does not include tenant_id",
            "probe_global: foreign key probe_global_child_id_tenant_id_fkey from a global table to the tenant table probe_child",
            "probe_parent: no row-level security with the tenant_isolation policy",
            "probe_parent: primary key probe_parent_pkey does not include tenant_id",
            "probe_swapped: foreign key probe_swapped_tenant_id_id_fkey to probe_child does not match tenant_id with tenant_id",
            "probe_swapped: no row-level security with the tenant_isolation policy",
        ],
        "{found:#?}"
    );
    let granted: bool = sqlx::query_scalar(
        "select has_table_privilege('rost_app', 'probe_right', 'select, insert, update, delete')",
    )
    .fetch_one(&mut *tx)
    .await
    .unwrap();
    assert!(granted, "rost_tenant_table grants the application its rights");
    tx.rollback().await.unwrap();
}

/// Club tables (issue 14) are keyed by `club_id` as tenant tables by `tenant_id`: a table of
/// `public` with `club_id NOT NULL` (and no `tenant_id`) leads its primary key with it, includes
/// it in each unique index, maps it to `club_id` in foreign keys to other club tables, and has
/// the `club_isolation` policy that `rost_club_table` creates.
const CLUB_OFFENCES: &str = "
with tables as (
    select c.oid, c.relname, a.attnum as club_col, c.relrowsecurity
    from pg_class c
    left join pg_attribute a on a.attrelid = c.oid and a.attname = 'club_id'
                            and not a.attisdropped and a.attnotnull
    where c.relkind in ('r', 'p') and c.relnamespace = 'public'::regnamespace
),
club as (select * from tables where club_col is not null)
select format('%s: %s %s does not include club_id', t.relname,
              case when i.indisprimary then 'primary key' else 'unique index' end, x.relname)
from club t
join pg_index i on i.indrelid = t.oid and (i.indisunique or i.indisexclusion)
join pg_class x on x.oid = i.indexrelid
where not t.club_col = any(i.indkey::int2[])
union all
select format('%s: primary key %s does not lead with club_id', t.relname, x.relname)
from club t
join pg_index i on i.indrelid = t.oid and i.indisprimary
join pg_class x on x.oid = i.indexrelid
where i.indkey[0] <> t.club_col
union all
select format('%s: foreign key %s to %s does not match club_id with club_id',
              t.relname, f.conname, r.relname)
from club t
join pg_constraint f on f.conrelid = t.oid and f.contype = 'f'
join club r on r.oid = f.confrelid
where f.confkey[array_position(f.conkey, t.club_col)] is distinct from r.club_col
union all
select format('%s: foreign key %s from a table outside the club to the club table %s',
              g.relname, f.conname, r.relname)
from tables g
join pg_constraint f on f.conrelid = g.oid and f.contype = 'f'
join club r on r.oid = f.confrelid
where g.club_col is null
union all
select format('%s: no row-level security with the club_isolation policy', t.relname)
from club t
where not (t.relrowsecurity and exists (
    select 1 from pg_policy p
    where p.polrelid = t.oid and p.polname = 'club_isolation' and p.polcmd = '*'
      and p.polpermissive
      and pg_get_expr(p.polqual, p.polrelid) like '(club_id = ( SELECT rost_current_club()%'
      and pg_get_expr(p.polwithcheck, p.polrelid) like '(club_id = ( SELECT rost_current_club()%'))
order by 1";

#[tokio::test]
async fn every_club_table_is_keyed_and_isolated_by_club_id() {
    let app = spawn_app().await;
    let mut tx = app.owner.begin().await.unwrap();
    let found: Vec<String> = sqlx::query_scalar(CLUB_OFFENCES)
        .fetch_all(&mut *tx)
        .await
        .unwrap();
    assert!(found.is_empty(), "club tables out of rule:\n{}", found.join("\n"));
    let clubs: i64 = sqlx::query_scalar(
        "select count(*) from pg_class c join pg_attribute a on a.attrelid = c.oid and a.attname = 'club_id'
         where c.relkind = 'r' and c.relnamespace = 'public'::regnamespace",
    )
    .fetch_one(&mut *tx)
    .await
    .unwrap();
    assert!(clubs >= 10, "the club tables are found ({clubs})");

    // The check can fail: a club table made wrong in every way is named, one made with the
    // helper is not.
    sqlx::raw_sql(
        "create table probe_club_bad (club_id uuid not null, id uuid primary key, code text unique,
             post_id uuid, foreign key (club_id, post_id) references club_posts (id, club_id));
         create table probe_club_right (club_id uuid not null references clubs (id), id uuid not null,
             primary key (club_id, id));
         select rost_club_table('probe_club_right');",
    )
    .execute(&mut *tx)
    .await
    .unwrap();
    let found: Vec<String> = sqlx::query_scalar(CLUB_OFFENCES)
        .fetch_all(&mut *tx)
        .await
        .unwrap();
    assert_eq!(
        found,
        [
            "probe_club_bad: foreign key probe_club_bad_club_id_post_id_fkey to club_posts does not match club_id with club_id",
            "probe_club_bad: no row-level security with the club_isolation policy",
            "probe_club_bad: primary key probe_club_bad_pkey does not include club_id",
            "probe_club_bad: primary key probe_club_bad_pkey does not lead with club_id",
            "probe_club_bad: unique index probe_club_bad_code_key does not include club_id",
        ],
        "{found:#?}"
    );
    tx.rollback().await.unwrap();
}
