//! Background jobs besides the mailer.

use std::time::Duration;

use app::state::AppState;

/// How often overdue attempts are looked for; a deadline is enforced within this delay even
/// when nobody opens the attempt again (a late answer is refused at once regardless).
pub const DEADLINE_INTERVAL: Duration = Duration::from_secs(2);

/// Finishes attempts whose deadline has passed, forever.
pub async fn deadlines(state: AppState) {
    let mut tick = tokio::time::interval(DEADLINE_INTERVAL);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        match app::diagnostics::finalise_due(&state).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(finished = n, "attempts finished at their deadline"),
            Err(error) => tracing::warn!(%error, "deadline job failed; retrying"),
        }
    }
}

/// How often pending bulk certificate issues are looked for.
pub const CERTIFICATE_INTERVAL: Duration = Duration::from_secs(1);

/// Issues the rows of bulk certificate jobs, forever; after a restart it resumes where the
/// last committed row left off.
pub async fn certificates(state: AppState) {
    let mut tick = tokio::time::interval(CERTIFICATE_INTERVAL);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        match app::certificates::jobs::run_due(&state).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(issued = n, "certificates issued by bulk jobs"),
            Err(error) => tracing::warn!(%error, "certificate job failed; retrying"),
        }
    }
}

/// How often the club's mail (notifications, digests, event reminders) is looked for.
pub const CLUB_MAIL_INTERVAL: Duration = Duration::from_secs(1);

/// Queues the club's due notifications, digests and event reminders, forever.
pub async fn club_mail(state: AppState) {
    let mut tick = tokio::time::interval(CLUB_MAIL_INTERVAL);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        let now = chrono::Utc::now();
        match app::club::notify::mail::run_due(&state, now).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(messages = n, "club notifications queued"),
            Err(error) => tracing::warn!(%error, "club notification job failed; retrying"),
        }
        match app::club::events::reminders::run_due(&state, now).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(reminders = n, "club event reminders queued"),
            Err(error) => tracing::warn!(%error, "club reminder job failed; retrying"),
        }
    }
}

/// How often expired versions of identification data are looked for.
pub const RETENTION_INTERVAL: Duration = Duration::from_secs(3600);

/// Deletes versions of indicator data replaced more than `keep_days` days ago that no published
/// run read, forever (see `app::identification::versions`).
pub async fn identification_retention(state: AppState, keep_days: u32) {
    let mut tick = tokio::time::interval(RETENTION_INTERVAL);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        match app::identification::versions::delete_expired(&state.db, keep_days).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(deleted = n, "expired identification data versions deleted"),
            Err(error) => tracing::warn!(%error, "identification retention job failed; retrying"),
        }
    }
}
