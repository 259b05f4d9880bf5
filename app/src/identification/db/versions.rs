//! Versions of indicator data: the current one of each year, and the ones a run read.

use uuid::Uuid;

use crate::access::Ctx;
use crate::error::AppError;
use crate::identification::db::runs::Unpacked;
use crate::identification::{LoadedYear, UsedYear};
use crate::state::LOCAL_TIME;

#[derive(sqlx::FromRow)]
struct YearRow {
    year: i32,
    version: i32,
    schools: i32,
    indicators: Vec<String>,
    file_name: String,
    uploaded_by: String,
    uploaded_at: String,
}

/// The current version of each loaded year.
pub(in crate::identification) async fn loaded_years(ctx: &mut Ctx) -> Result<Vec<LoadedYear>, AppError> {
    let (tenant, zone) = (ctx.tenant_id(), ctx.tenant.time_zone.clone());
    let rows: Vec<YearRow> = sqlx::query_as(&format!(
        "select v.year, v.version, v.schools, v.indicators, v.file_name,
                coalesce(u.full_name, u.email, '') as uploaded_by,
                to_char(v.uploaded_at at time zone $2, {LOCAL_TIME}) as uploaded_at
         from indicator_years y
         join indicator_year_versions v on v.tenant_id = y.tenant_id and v.id = y.version_id
         left join users u on u.id = v.uploaded_by
         where y.tenant_id = $1 order by y.year"
    ))
    .bind(tenant)
    .bind(zone)
    .fetch_all(ctx.conn())
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| LoadedYear {
            year: r.year,
            version: r.version,
            schools: r.schools as usize,
            indicators: r.indicators,
            file_name: r.file_name,
            uploaded_by: r.uploaded_by,
            uploaded_at: r.uploaded_at,
        })
        .collect())
}

/// The indicator codes present in any loaded year.
pub(in crate::identification) async fn loaded_indicators(ctx: &mut Ctx) -> Result<Vec<String>, AppError> {
    Ok(loaded_years(ctx)
        .await?
        .into_iter()
        .flat_map(|y| y.indicators)
        .collect())
}

/// Adds the next version of a year and makes it current.
pub(in crate::identification) async fn save_year(
    ctx: &mut Ctx,
    year: &crate::identification::uploads::IndicatorYear,
    file_name: &str,
    user: Uuid,
) -> Result<Uuid, AppError> {
    let tenant = ctx.tenant_id();
    Ok(crate::identification::versions::store_year(ctx.conn(), tenant, year, file_name, Some(user)).await?)
}

/// One version of one year as the engine reads it: its columns, or its canonical CSV where it
/// has none (stored before columns were kept) or where the CSV is asked for.
#[derive(Clone, sqlx::FromRow)]
pub(in crate::identification) struct DataYear {
    pub year: i32,
    pub id: Uuid,
    pub version: i32,
    pub sha256: String,
    /// The CSV as stored before values were packed.
    pub content: Option<String>,
    pub content_packed: Option<Unpacked>,
    /// Packed (or, stored before, not) columns, unpacked by the run off the async runtime.
    pub data: Option<Vec<u8>>,
    pub stamp: String,
}

impl DataYear {
    /// The canonical CSV, if it was read.
    pub fn csv(&mut self) -> Result<Option<String>, AppError> {
        match (self.content.take(), self.content_packed.take()) {
            (Some(text), _) => Ok(Some(text)),
            (None, Some(Unpacked(bytes))) => String::from_utf8(bytes).map(Some).map_err(AppError::internal),
            (None, None) => Ok(None),
        }
    }
}

/// The columns where a version has them, else the CSV: never both (tens of megabytes each).
const DATA_YEAR: &str = "select v.year, v.id, v.version, v.sha256,
            case when v.data is null then v.content end as content,
            case when v.data is null then v.content_packed end as content_packed,
            v.data, v.uploaded_at::text as stamp
     from indicator_year_versions v";

/// The canonical CSV only, whose hash can be checked: for reproducing a run.
const CSV_YEAR: &str = "select v.year, v.id, v.version, v.sha256, v.content, v.content_packed,
            null::bytea as data, v.uploaded_at::text as stamp
     from indicator_year_versions v";

/// The current version of every loaded year, oldest year first.
pub(in crate::identification) async fn data_years(ctx: &mut Ctx) -> Result<Vec<DataYear>, AppError> {
    let tenant = ctx.tenant_id();
    Ok(sqlx::query_as(&format!(
        "{DATA_YEAR} join indicator_years y on y.tenant_id = v.tenant_id and y.version_id = v.id
         where v.tenant_id = $1 order by v.year"
    ))
    .bind(tenant)
    .fetch_all(ctx.conn())
    .await?)
}

/// When each current year was loaded, without its content: whether data newer than a run's exists.
pub(in crate::identification) async fn current_stamps(
    ctx: &mut Ctx,
) -> Result<crate::identification::analysis::DataStamps, AppError> {
    let tenant = ctx.tenant_id();
    let rows: Vec<(i32, String)> = sqlx::query_as(
        "select v.year, v.uploaded_at::text from indicator_year_versions v
         join indicator_years y on y.tenant_id = v.tenant_id and y.version_id = v.id
         where v.tenant_id = $1",
    )
    .bind(tenant)
    .fetch_all(ctx.conn())
    .await?;
    Ok(rows.into_iter().collect())
}

/// The versions a run read, oldest year first; `None` when one of them no longer exists.
pub(in crate::identification) async fn run_versions(
    ctx: &mut Ctx,
    run: Uuid,
) -> Result<Option<Vec<DataYear>>, AppError> {
    versions_of_run(ctx, run, DATA_YEAR).await
}

/// [`run_versions`] as canonical CSV, whose hashes a reproduction checks.
pub(in crate::identification) async fn run_versions_csv(
    ctx: &mut Ctx,
    run: Uuid,
) -> Result<Option<Vec<DataYear>>, AppError> {
    versions_of_run(ctx, run, CSV_YEAR).await
}

async fn versions_of_run(ctx: &mut Ctx, run: Uuid, select: &str) -> Result<Option<Vec<DataYear>>, AppError> {
    let tenant = ctx.tenant_id();
    let recorded: i64 = sqlx::query_scalar(
        "select count(*) from identification_run_data where tenant_id = $1 and run_id = $2",
    )
    .bind(tenant)
    .bind(run)
    .fetch_one(ctx.conn())
    .await?;
    let years: Vec<DataYear> = sqlx::query_as(&format!(
        "{select} join identification_run_data d on d.tenant_id = v.tenant_id and d.version_id = v.id
         where v.tenant_id = $1 and d.run_id = $2 order by v.year"
    ))
    .bind(tenant)
    .bind(run)
    .fetch_all(ctx.conn())
    .await?;
    Ok((years.len() as i64 == recorded).then_some(years))
}

/// Records the versions a run read, in one statement.
pub(in crate::identification) async fn record_run_data(
    ctx: &mut Ctx,
    run: Uuid,
    years: &[crate::identification::analysis::DataVersion],
) -> Result<(), AppError> {
    let tenant = ctx.tenant_id();
    sqlx::query(
        "insert into identification_run_data (tenant_id, run_id, year, version_id, version, sha256)
         select $1, $2, * from unnest($3::int[], $4::uuid[], $5::int[], $6::text[])",
    )
    .bind(tenant)
    .bind(run)
    .bind(years.iter().map(|y| y.year).collect::<Vec<_>>())
    .bind(years.iter().map(|y| y.id).collect::<Vec<_>>())
    .bind(years.iter().map(|y| y.version).collect::<Vec<_>>())
    .bind(years.iter().map(|y| y.sha256.clone()).collect::<Vec<_>>())
    .execute(ctx.conn())
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct UsedRow {
    year: i32,
    version: i32,
    sha256: String,
    kept: bool,
    current: Option<i32>,
    current_at: Option<String>,
}

/// Each year a run read, with the version loaded since, if any.
pub(in crate::identification) async fn used_years(
    ctx: &mut Ctx,
    run: Uuid,
) -> Result<Vec<UsedYear>, AppError> {
    let (tenant, zone) = (ctx.tenant_id(), ctx.tenant.time_zone.clone());
    let rows: Vec<UsedRow> = sqlx::query_as(&format!(
        "select d.year, d.version, d.sha256, d.version_id is not null as kept,
                c.version as current, to_char(c.uploaded_at at time zone $3, {LOCAL_TIME}) as current_at
         from identification_run_data d
         left join indicator_years y on y.tenant_id = d.tenant_id and y.year = d.year
         left join indicator_year_versions c on c.tenant_id = y.tenant_id and c.id = y.version_id
         where d.tenant_id = $1 and d.run_id = $2 order by d.year"
    ))
    .bind(tenant)
    .bind(run)
    .bind(zone)
    .fetch_all(ctx.conn())
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| UsedYear {
            year: r.year,
            version: r.version,
            sha256: r.sha256,
            kept: r.kept,
            newer: r
                .current
                .filter(|&c| c != r.version)
                .map(|c| (c, r.current_at.unwrap_or_default())),
        })
        .collect())
}

/// Loaded years a run did not read (loaded after it).
pub(in crate::identification) async fn years_added_since(
    ctx: &mut Ctx,
    run: Uuid,
) -> Result<Vec<i32>, AppError> {
    let tenant = ctx.tenant_id();
    Ok(sqlx::query_scalar(
        "select y.year from indicator_years y
         where y.tenant_id = $1 and not exists (select 1 from identification_run_data d
                                                 where d.tenant_id = y.tenant_id and d.run_id = $2 and d.year = y.year)
         order by y.year",
    )
    .bind(tenant)
    .bind(run)
    .fetch_all(ctx.conn())
    .await?)
}
