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
