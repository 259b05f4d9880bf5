//! SQL of the certificates domain.

use sqlx::{types::Json, PgConnection};
use uuid::Uuid;

use super::TemplateForm;
use crate::diagnostics::AttemptResult;
use crate::i18n::ru;

#[derive(sqlx::FromRow)]
pub struct TemplateRow {
    pub title: String,
    pub body: String,
    pub signatory_name: String,
    pub signatory_position: String,
}

/// The region's template, or the default one until the region saves its own.
pub async fn template(conn: &mut PgConnection, tenant_id: Uuid) -> Result<TemplateForm, sqlx::Error> {
    let row: Option<TemplateRow> = sqlx::query_as(
        "select title, body, signatory_name, signatory_position from certificate_templates where tenant_id = $1",
    )
    .bind(tenant_id)
    .fetch_optional(conn)
    .await?;
    Ok(match row {
        Some(row) => TemplateForm {
            title: row.title,
            body: row.body,
            signatory_name: row.signatory_name,
            signatory_position: row.signatory_position,
        },
        None => TemplateForm {
            title: ru::CERTIFICATE_DEFAULT_TITLE.into(),
            body: ru::CERTIFICATE_DEFAULT_BODY.into(),
            signatory_name: ru::CERTIFICATE_DEFAULT_SIGNATORY.into(),
            signatory_position: ru::CERTIFICATE_DEFAULT_POSITION.into(),
        },
    })
}

/// The region's logo: (bytes, content type), checked when uploaded ([`super::logo`]).
pub async fn logo(
    conn: &mut PgConnection,
    tenant_id: Uuid,
) -> Result<Option<(Vec<u8>, String)>, sqlx::Error> {
    let row: Option<(Option<Vec<u8>>, Option<String>)> =
        sqlx::query_as("select logo, logo_type from certificate_templates where tenant_id = $1")
            .bind(tenant_id)
            .fetch_optional(conn)
            .await?;
    Ok(row.and_then(|(logo, kind)| logo.zip(kind)))
}

/// Sets or removes the logo; a region still on the default template gets it saved with it.
pub async fn set_logo(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    logo: Option<(&[u8], &str)>,
    by: Uuid,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into certificate_templates (tenant_id, title, body, signatory_name, signatory_position, updated_by, logo, logo_type)
         values ($1, $2, $3, $4, $5, $6, $7, $8)
         on conflict (tenant_id) do update set logo = $7, logo_type = $8, updated_by = $6, updated_at = now()",
    )
    .bind(tenant_id)
    .bind(ru::CERTIFICATE_DEFAULT_TITLE)
    .bind(ru::CERTIFICATE_DEFAULT_BODY)
    .bind(ru::CERTIFICATE_DEFAULT_SIGNATORY)
    .bind(ru::CERTIFICATE_DEFAULT_POSITION)
    .bind(by)
    .bind(logo.map(|(bytes, _)| bytes))
    .bind(logo.map(|(_, kind)| kind))
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow, Clone)]
pub struct RuleRow {
    pub version: i32,
    pub kind: String,
    pub min_hours: Option<i32>,
    pub course_id: Option<Uuid>,
}

/// The rule in force: the latest version, or «route complete» (version 0) before any.
pub async fn rule(conn: &mut PgConnection, tenant_id: Uuid) -> Result<RuleRow, sqlx::Error> {
    let row: Option<RuleRow> = sqlx::query_as(
        "select version, kind, min_hours, course_id from certificate_rules
         where tenant_id = $1 order by version desc limit 1",
    )
    .bind(tenant_id)
    .fetch_optional(conn)
    .await?;
    Ok(row.unwrap_or(RuleRow {
        version: 0,
        kind: "route".into(),
        min_hours: None,
        course_id: None,
    }))
}

/// A candidate of the rule, with the completed courses that are the evidence; for a route,
/// the result of the diagnostic it was proposed from and of the latest re-test of that
/// instrument finished since (a campaign's re-test of the first re-test counts too);
/// [`super::evidence`] decides on them.
#[derive(sqlx::FromRow, Clone)]
pub struct EligibleRow {
    pub user_id: Uuid,
    pub basis: String,
    pub full_name: String,
    pub school: Option<String>,
    pub programme: String,
    pub hours: i32,
    pub dates: String,
    /// Titles of the competencies the courses develop (their codes where the framework has none).
    pub competencies: String,
    pub before: Option<Json<AttemptResult>>,
    pub after: Option<Json<AttemptResult>>,
}

/// Everyone whose completions satisfy `rule` and who holds no unrevoked certificate on the same
/// basis (`only`: just these people). The route's re-test clause is left to the caller.
pub async fn candidates(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    rule: &RuleRow,
    only: Option<&[Uuid]>,
) -> Result<Vec<EligibleRow>, sqlx::Error> {
    sqlx::query_as(
        "with candidates as (
             select r.user_id, 'route:' || r.id as basis, array_agg(ri.course_id) as courses,
                    r.attempt_id as first
             from routes r
             join route_items ri on ri.tenant_id = r.tenant_id and ri.route_id = r.id
             left join enrolments e on e.tenant_id = r.tenant_id and e.user_id = r.user_id
                  and e.course_id = ri.course_id and e.status = 'completed'
             where r.tenant_id = $1 and $2::text = 'route' and ($5::uuid[] is null or r.user_id = any($5))
             group by r.id, r.user_id, r.attempt_id
             having count(*) = count(e.id)
             union all
             select e.user_id, 'course:' || e.course_id, array[e.course_id], null::uuid
             from enrolments e
             where e.tenant_id = $1 and $2 = 'course' and e.course_id = $3::uuid and e.status = 'completed'
               and ($5::uuid[] is null or e.user_id = any($5))
             union all
             select e.user_id, 'hours:' || $4::int, array_agg(e.course_id), null::uuid
             from enrolments e
             where e.tenant_id = $1 and $2 = 'hours' and e.status = 'completed'
               and ($5::uuid[] is null or e.user_id = any($5))
             group by e.user_id
             having sum(e.hours) >= $4::int
         )
         select c.user_id, c.basis, u.full_name, s.name as school,
                string_agg(co.title, '; ' order by e.completed_on, co.title) as programme,
                sum(e.hours)::int as hours,
                case when min(e.completed_on) = max(e.completed_on)
                     then to_char(min(e.completed_on), 'DD.MM.YYYY')
                     else to_char(min(e.completed_on), 'DD.MM.YYYY') || ' – ' || to_char(max(e.completed_on), 'DD.MM.YYYY')
                end as dates,
                coalesce((select string_agg(distinct coalesce(f.title, k.code), '; ' order by coalesce(f.title, k.code))
                          from course_competencies k
                          left join lateral (
                              select x->>'title' as title
                              from frameworks fw cross join jsonb_array_elements(fw.body->'competencies') x
                              where fw.tenant_id = $1 and x->>'code' = k.code
                              order by fw.updated_at limit 1) f on true
                          where k.tenant_id = $1 and k.course_id = any(c.courses)), '') as competencies,
                (select b.result from attempts b
                 where b.tenant_id = $1 and b.id = c.first and b.finished_at is not null) as before,
                (select a.result from attempts a
                 join attempts b on b.tenant_id = a.tenant_id and b.id = c.first
                 where a.tenant_id = $1 and a.user_id = c.user_id and a.instrument_id = b.instrument_id
                   and a.retest_of is not null and a.finished_at > b.finished_at
                 order by a.finished_at desc limit 1) as after
         from candidates c
         join users u on u.id = c.user_id
         join memberships m on m.tenant_id = $1 and m.user_id = c.user_id and m.active
         left join schools s on s.tenant_id = m.tenant_id and s.id = m.school_id
         join enrolments e on e.tenant_id = $1 and e.user_id = c.user_id
              and e.course_id = any(c.courses) and e.status = 'completed'
         join courses co on co.tenant_id = $1 and co.id = e.course_id
         where not exists (select 1 from certificates x where x.tenant_id = $1 and x.user_id = c.user_id
                           and x.basis = c.basis and x.revoked_at is null)
         group by c.user_id, c.basis, c.courses, c.first, u.full_name, s.name
         order by u.full_name, c.user_id",
    )
    .bind(tenant_id)
    .bind(&rule.kind)
    .bind(rule.course_id)
    .bind(rule.min_hours)
    .bind(only)
    .fetch_all(conn)
    .await
}

/// Takes the next `count` numbers of the region's current year with one update; returns the
/// year and the last of them. The counter row stays locked until the issuing transaction ends,
/// so concurrent issues queue and a rolled-back one leaves no gap.
pub async fn next_sequences(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    time_zone: &str,
    count: i32,
) -> Result<(i32, i32), sqlx::Error> {
    sqlx::query_as(
        "insert into certificate_counters (tenant_id, year, last)
         values ($1, extract(year from now() at time zone $2)::int, $3)
         on conflict (tenant_id, year) do update set last = certificate_counters.last + $3
         returning year, last",
    )
    .bind(tenant_id)
    .bind(time_zone)
    .bind(count)
    .fetch_one(conn)
    .await
}

/// A certificate with what the registry, the verify page and e-mails need.
#[derive(sqlx::FromRow)]
pub struct CertificateFull {
    pub id: Uuid,
    pub number: String,
    pub full_name: String,
    pub email: String,
    pub school: Option<String>,
    pub programme: String,
    pub hours: i32,
    pub issued_on: String,
    pub revoked_on: Option<String>,
    pub revoke_category: Option<String>,
}

const FULL: &str = "select c.id, c.number, c.full_name, u.email, s.name as school, c.programme, c.hours,
        to_char(c.issued_at at time zone $2, 'DD.MM.YYYY') as issued_on,
        to_char(c.revoked_at at time zone $2, 'DD.MM.YYYY') as revoked_on, c.revoke_category
 from certificates c
 join users u on u.id = c.user_id
 left join memberships m on m.tenant_id = c.tenant_id and m.user_id = c.user_id
 left join schools s on s.tenant_id = m.tenant_id and s.id = m.school_id
 where c.tenant_id = $1";

pub async fn by_number(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    time_zone: &str,
    number: &str,
) -> Result<Option<CertificateFull>, sqlx::Error> {
    sqlx::query_as(&format!("{FULL} and c.number = $3"))
        .bind(tenant_id)
        .bind(time_zone)
        .bind(number)
        .fetch_optional(conn)
        .await
}

/// The registry: every word of `query` must occur in the number, name, school, programme or
/// issue date; newest first, at most 1,000.
pub async fn search(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    time_zone: &str,
    query: &str,
) -> Result<Vec<CertificateFull>, sqlx::Error> {
    let words: Vec<String> = query.split_whitespace().take(8).map(str::to_lowercase).collect();
    sqlx::query_as(&format!(
        "{FULL} and (select bool_and(lower(concat_ws(' ', c.number, c.full_name, s.name, c.programme,
                     to_char(c.issued_at at time zone $2, 'DD.MM.YYYY'))) like '%' || w || '%')
              from unnest($3::text[]) w) is not false
         order by c.issued_at desc, c.number desc limit 1000"
    ))
    .bind(tenant_id)
    .bind(time_zone)
    .bind(&words)
    .fetch_all(conn)
    .await
}

/// The holder, the PDF and the signed JWT of a certificate.
pub async fn pdf(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    number: &str,
) -> Result<Option<(Uuid, Vec<u8>, String)>, sqlx::Error> {
    sqlx::query_as("select user_id, pdf, jwt from certificates where tenant_id = $1 and number = $2")
        .bind(tenant_id)
        .bind(number)
        .fetch_optional(conn)
        .await
}

pub async fn event(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    certificate_id: Uuid,
    action: &str,
    detail: Option<&str>,
    by: Option<Uuid>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into certificate_events (tenant_id, certificate_id, action, detail, by_user)
         values ($1, $2, $3, $4, $5)",
    )
    .bind(tenant_id)
    .bind(certificate_id)
    .bind(action)
    .bind(detail)
    .bind(by)
    .execute(conn)
    .await
    .map(|_| ())
}
