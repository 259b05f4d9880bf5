//! The attack suite: every attack that issue 10 found (and every new one thought of since) is
//! kept here as a function that tries it against a fresh server and reports whether it worked.
//! One test runs them all, prints `attacks: N tried, 0 succeeded`, and fails naming each attack
//! that succeeded.

use std::{future::Future, pin::Pin};

mod cross_region;
mod dashboards;
mod enrolment;
mod faults;
mod privacy;
mod sessions;
mod support;
mod support_dashboard;
mod support_documents;
mod support_files;
mod support_monitoring;
mod support_team;
mod uploads;

/// `Ok(())`: the attack was refused as it should be. `Err(what)`: it succeeded, or the server
/// answered in a way the attack did not expect; `what` says which.
pub type Outcome = Result<(), String>;

pub struct Attack {
    pub name: &'static str,
    pub run: fn() -> Pin<Box<dyn Future<Output = Outcome> + Send>>,
}

/// Declares an attack from an async function's name.
#[macro_export]
macro_rules! attack {
    ($name:ident) => {
        $crate::attacks::Attack {
            name: concat!(module_path!(), "::", stringify!($name)),
            run: || Box::pin($name()),
        }
    };
}

/// Fails the attack's check with a message when `condition` is false.
pub fn refused(condition: bool, what: impl Into<String>) -> Outcome {
    if condition {
        Ok(())
    } else {
        Err(what.into())
    }
}

fn all() -> Vec<Attack> {
    [
        cross_region::attacks(),
        dashboards::attacks(),
        enrolment::attacks(),
        faults::attacks(),
        privacy::attacks(),
        sessions::attacks(),
        support::attacks(),
        support_dashboard::attacks(),
        support_documents::attacks(),
        support_files::attacks(),
        support_monitoring::attacks(),
        support_team::attacks(),
        uploads::attacks(),
    ]
    .into_iter()
    .flatten()
    .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn no_attack_succeeds() {
    let attacks = all();
    let tried = attacks.len();
    let mut running = tokio::task::JoinSet::new();
    let limit = std::sync::Arc::new(tokio::sync::Semaphore::new(4));
    for attack in attacks {
        let limit = limit.clone();
        running.spawn(async move {
            let _slot = limit.acquire_owned().await.expect("semaphore");
            // A panic inside an attack (a helper's `expect`) counts against it, by name.
            let outcome = match tokio::spawn((attack.run)()).await {
                Ok(outcome) => outcome,
                Err(error) => Err(format!("the attack's check panicked: {error}")),
            };
            (attack.name, outcome)
        });
    }
    let mut succeeded = Vec::new();
    while let Some(done) = running.join_next().await {
        let (name, outcome) = done.expect("the runner itself never panics");
        if let Err(what) = outcome {
            succeeded.push(format!("{name}: {what}"));
        }
    }
    println!("attacks: {tried} tried, {} succeeded", succeeded.len());
    assert!(
        succeeded.is_empty(),
        "attacks that succeeded:\n{}",
        succeeded.join("\n")
    );
}
