//! Background jobs besides the mailer. Each runs one step at its interval, forever; a failed step
//! is logged and tried again at the next tick.

use std::{fmt::Display, future::Future, time::Duration};

use app::state::AppState;

/// How often overdue attempts are looked for; a deadline is enforced within this delay even
/// when nobody opens the attempt again (a late answer is refused at once regardless).
pub const DEADLINE_INTERVAL: Duration = Duration::from_secs(2);
/// How often pending bulk certificate issues are looked for.
pub const CERTIFICATE_INTERVAL: Duration = Duration::from_secs(1);
/// How often the club's mail (notifications, digests, event reminders) is looked for.
pub const CLUB_MAIL_INTERVAL: Duration = Duration::from_secs(1);
/// How often the data folder's attached files (the club's, the support documents') are swept
/// for files no row refers to.
pub const FILES_INTERVAL: Duration = Duration::from_secs(3600);
/// How often the support road maps' deadlines are looked at: each reminder is recorded and goes
/// once, so the interval only bounds how late after midnight (the region's) it is queued.
pub const SUPPORT_DEADLINES_INTERVAL: Duration = Duration::from_secs(30);
/// How often expired versions of identification data are looked for.
pub const RETENTION_INTERVAL: Duration = Duration::from_secs(3600);

/// Runs `step` every `interval`; `done` names what a step's count counts, for the log.
async fn every<Step, Fut, Count, E>(interval: Duration, done: &'static str, mut step: Step)
where
    Step: FnMut() -> Fut,
    Fut: Future<Output = Result<Count, E>>,
    Count: Default + PartialEq + Display,
    E: Display,
{
    let mut tick = tokio::time::interval(interval);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        match step().await {
            Ok(count) if count == Count::default() => {}
            Ok(count) => tracing::info!(%count, "{done}"),
            Err(error) => tracing::warn!(%error, "job failed ({done}); retrying"),
        }
    }
}

/// Finishes attempts whose deadline has passed.
pub async fn deadlines(state: AppState) {
    every(DEADLINE_INTERVAL, "attempts finished at their deadline", || {
        app::diagnostics::finalise_due(&state)
    })
    .await
}

/// Issues the rows of bulk certificate jobs; after a restart it resumes where the last
/// committed row left off.
pub async fn certificates(state: AppState) {
    every(CERTIFICATE_INTERVAL, "certificates issued by bulk jobs", || {
        app::certificates::jobs::run_due(&state)
    })
    .await
}

/// Queues the club's due notifications, digests and event reminders.
pub async fn club_mail(state: AppState) {
    every(
        CLUB_MAIL_INTERVAL,
        "club notifications and event reminders queued",
        || async {
            let now = chrono::Utc::now();
            let notifications = app::club::notify::mail::run_due(&state, now).await?;
            Ok::<_, sqlx::Error>(notifications + app::club::events::reminders::run_due(&state, now).await?)
        },
    )
    .await
}

/// Fans out the club's new posts to their followers, as soon as a post commits (and every
/// `CLUB_MAIL_INTERVAL`, for posts queued before a restart).
pub async fn club_fanout(state: AppState) {
    loop {
        let _ = tokio::time::timeout(CLUB_MAIL_INTERVAL, state.club_fanout.notified()).await;
        match app::club::notify::fan_out_due(&state).await {
            Ok(0) => {}
            Ok(count) => tracing::debug!(%count, "club posts fanned out"),
            Err(error) => tracing::warn!(%error, "job failed (club fan-out); retrying"),
        }
    }
}

/// Removes attached files no row refers to: the club's whose post or presentation was never
/// recorded, the support documents' whose upload was refused or failed.
pub async fn files(state: AppState) {
    use app::files::sweep::{SweepError, GRACE};
    every(
        FILES_INTERVAL,
        "attached files no row refers to removed",
        || async {
            let club = app::club::files::sweep::sweep(&state.db, &state.data_dir, GRACE).await?;
            let support =
                app::support::documents::files::routes::sweep(&state.db, &state.data_dir, GRACE).await?;
            Ok::<_, SweepError>(club + support)
        },
    )
    .await
}

/// Deletes versions of indicator data replaced more than `keep_days` days ago that no published
/// run read (see `app::identification::versions`).
pub async fn identification_retention(state: AppState, keep_days: u32) {
    every(
        RETENTION_INTERVAL,
        "expired identification data versions deleted",
        || app::identification::versions::delete_expired(&state.db, keep_days),
    )
    .await
}

/// Queues the support road maps' e-mails: an activity's deadline in 7 days, or passed.
pub async fn support_deadlines(state: AppState) {
    every(
        SUPPORT_DEADLINES_INTERVAL,
        "support road-map deadline e-mails queued",
        || async {
            let now = chrono::Utc::now();
            let queued = app::support::documents::jobs::run_due(&state.db, &state.public_url, now).await?;
            if queued > 0 {
                state.outbox.wake();
            }
            Ok::<_, app::error::AppError>(queued)
        },
    )
    .await
}
