//! The queue of eligible people with their evidence, issue to one or all, and the bulk jobs'
//! progress: read from the database on every open (the jobs run on the server, so leaving the
//! page stops nothing), asked for again every second while one runs.

use leptos::prelude::*;

use crate::certificates::{get_certificate_jobs, get_eligible, Eligible, IssueEligible, JobProgress};
use crate::components::form::RegionForm;
use crate::components::{action_error, route_slug, FormError};
use crate::growth::CompetencyGrowth;
use crate::i18n::ru;

#[component]
pub fn Queue() -> impl IntoView {
    let slug = route_slug();
    let issue = ServerAction::<IssueEligible>::new();
    // Counts the jobs seen finishing: the people they issued to leave the queue.
    let finished = RwSignal::new(0u32);
    let queue = Resource::new(
        move || (slug.get(), issue.version().get(), finished.get()),
        |(slug, ..)| get_eligible(slug),
    );
    view! {
        <section class="card certificate-queue">
            <h2>{ru::CERT_QUEUE_TITLE}</h2>
            <FormError error=Signal::derive(action_error(issue)) />
            <Jobs started=issue.version() finished />
            <Suspense fallback=|| view! { <p>{ru::LOADING}</p> }>
                {move || Suspend::new(async move {
                    match queue.await {
                        Ok(people) if people.is_empty() => view! { <p class="muted">{ru::CERT_QUEUE_EMPTY}</p> }.into_any(),
                        Ok(people) => view! { <People people issue /> }.into_any(),
                        Err(error) => view! { <p class="error">{error.to_string()}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn People(people: Vec<Eligible>, issue: ServerAction<IssueEligible>) -> impl IntoView {
    let all: Vec<String> = people.iter().map(|p| p.user_id.clone()).collect();
    let count = people.len();
    view! {
        <RegionForm action=issue>
            {all
                .into_iter()
                .enumerate()
                .map(|(i, id)| view! { <input type="hidden" name=format!("users[{i}]") value=id /> })
                .collect_view()}
            <button type="submit" class="primary">{ru::CERT_ISSUE_ALL}" ("{count}")"</button>
        </RegionForm>
        <ul class="queue">
            {people
                .into_iter()
                .map(|person| {
                    let school = person.school.clone().map(|s| format!(", {s}"));
                    view! {
                        <li>
                            <strong>{person.full_name.clone()}</strong>{school}
                            <p class="muted">{person.programme.clone()}" — "{person.hours}{ru::CERT_HOURS}", "{person.dates.clone()}</p>
                            <Growth growth=person.growth.clone() />
                            <RegionForm action=issue attr:class="inline-form">
                                <input type="hidden" name="users[0]" value=person.user_id.clone() />
                                <button type="submit">{ru::CERT_ISSUE_ONE}</button>
                            </RegionForm>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

/// The evidence of the route rule: each deficit of the first diagnostic, before and after.
#[component]
fn Growth(growth: Vec<CompetencyGrowth>) -> impl IntoView {
    (!growth.is_empty()).then(|| {
        let rows = growth
            .into_iter()
            .map(|g| {
                let after = g.after.unwrap_or_default();
                view! { <li>{ru::cert_growth(&g.title, g.before, after)}</li> }
            })
            .collect_view();
        view! {
            <p class="muted">{ru::CERT_GROWTH}</p>
            <ul class="growth-evidence">{rows}</ul>
        }
    })
}

/// The region's running and recent bulk jobs; polled every second while one of them runs, and
/// `finished` counts up when the running ones are done.
#[component]
fn Jobs(started: RwSignal<usize>, finished: RwSignal<u32>) -> impl IntoView {
    let slug = route_slug();
    let tick = RwSignal::new(0u32);
    let running = RwSignal::new(false);
    let jobs = Resource::new(
        move || (slug.get(), started.get(), tick.get()),
        |(slug, ..)| get_certificate_jobs(slug),
    );
    Effect::new(move |_| {
        if let Ok(handle) = set_interval_with_handle(
            move || {
                if running.get_untracked() {
                    tick.update(|t| *t += 1);
                }
            },
            std::time::Duration::from_secs(1),
        ) {
            on_cleanup(move || handle.clear());
        }
    });
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                jobs.await.ok().map(|jobs| {
                    let still = jobs.iter().any(|job| !job.finished());
                    if running.get_untracked() && !still {
                        finished.update(|n| *n += 1);
                    }
                    running.set(still);
                    (!jobs.is_empty()).then(|| view! {
                        <h3>{ru::CERT_JOBS_TITLE}</h3>
                        <ul class="certificate-jobs">
                            {jobs.into_iter().map(|job| view! { <Job job /> }).collect_view()}
                        </ul>
                    })
                })
            })}
        </Transition>
    }
}

/// One job: its state, done / total, and each failure with its reason.
#[component]
fn Job(job: JobProgress) -> impl IntoView {
    let finished = job.finished();
    let state = if finished {
        ru::CERT_JOB_FINISHED
    } else {
        ru::CERT_JOB_RUNNING
    };
    let failures = job
        .failures
        .into_iter()
        .map(|(name, error)| view! { <li>{name}": "{error}</li> })
        .collect_view();
    view! {
        <li class="job-progress" data-finished=finished.to_string()>
            <p class="notice" role="status">
                {ru::CERT_JOB_STARTED}{job.started}" — "{state}". "
                {ru::CERT_PROGRESS}": "{job.done}" / "{job.total}
                {(job.failed > 0).then(|| format!(", {}: {}", ru::CERT_FAILED, job.failed))}
            </p>
            <ul class="error">{failures}</ul>
        </li>
    }
}
