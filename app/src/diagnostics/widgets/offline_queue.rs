//! The autosave queue of an attempt: every answer is sent at once with a sequence number, and
//! what cannot be sent is kept in the browser's storage and retried, so neither a lost network
//! nor a reload loses an answer.

use std::collections::{HashMap, HashSet};

use leptos::prelude::*;

use crate::diagnostics::Answer;
#[cfg(feature = "hydrate")]
use crate::diagnostics::{offline, save_answer};
#[cfg(feature = "hydrate")]
use crate::error::AppError;

/// How an item's answer stands with the server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SaveState {
    Saved,
    Saving,
    /// Kept in the browser until the server can be reached.
    Queued,
    /// Set only in the browser, where answers are sent.
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    Refused,
}

impl SaveState {
    pub fn code(self) -> &'static str {
        match self {
            SaveState::Saved => "saved",
            SaveState::Saving => "saving",
            SaveState::Queued => "queued",
            SaveState::Refused => "refused",
        }
    }
}

/// The autosave queue of one attempt: the newest answer per item, with its sequence number,
/// mirrored in browser storage until the server confirms it.
#[derive(Clone)]
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
pub struct Queue {
    slug: String,
    attempt: String,
    /// The newest answer per item, with its sequence number.
    pub answers: RwSignal<HashMap<String, (i64, Answer)>>,
    pub states: RwSignal<HashMap<String, SaveState>>,
    /// The last refusal's message.
    pub refusal: RwSignal<Option<String>>,
    in_flight: StoredValue<HashSet<String>>,
}

impl Queue {
    /// The queue of an attempt, starting from the answers the server holds.
    pub fn new(slug: String, attempt: String, saved: &[crate::diagnostics::SavedAnswer]) -> Queue {
        let answers = saved
            .iter()
            .map(|a| (a.item_id.clone(), (a.seq, a.answer.clone())))
            .collect::<HashMap<String, (i64, Answer)>>();
        let states = saved
            .iter()
            .map(|a| (a.item_id.clone(), SaveState::Saved))
            .collect::<HashMap<String, SaveState>>();
        Queue {
            slug,
            attempt,
            answers: RwSignal::new(answers),
            states: RwSignal::new(states),
            refusal: RwSignal::new(None),
            in_flight: StoredValue::new(HashSet::new()),
        }
    }

    /// Records a new answer and sends it.
    pub fn answer(&self, item: String, answer: Answer) {
        let seq = next_seq();
        self.answers.update(|a| {
            a.insert(item.clone(), (seq, answer.clone()));
        });
        self.states.update(|s| {
            s.insert(item.clone(), SaveState::Saving);
        });
        #[cfg(feature = "hydrate")]
        offline::remember(&self.attempt, &item, seq, &answer);
        self.send(item);
    }

    /// On load: answers left in the browser by an earlier visit that are newer than what the
    /// server holds are shown and sent.
    pub fn resume(&self) {
        #[cfg(feature = "hydrate")]
        {
            let queue = self.clone();
            Effect::new(move |_| {
                let stored = offline::pending(&queue.attempt);
                for (item, (seq, answer)) in stored {
                    let newer = queue
                        .answers
                        .with_untracked(|a| a.get(&item).is_none_or(|(known, _)| *known < seq));
                    if newer {
                        queue.answers.update(|a| {
                            a.insert(item.clone(), (seq, answer));
                        });
                        queue.states.update(|s| {
                            s.insert(item.clone(), SaveState::Queued);
                        });
                        queue.send(item);
                    } else {
                        offline::forget(&queue.attempt, &item, seq);
                    }
                }
                let retry = queue.clone();
                let handle =
                    set_interval_with_handle(move || retry.retry(), std::time::Duration::from_secs(3));
                if let Ok(handle) = handle {
                    on_cleanup(move || handle.clear());
                }
            });
        }
    }

    #[cfg(feature = "hydrate")]
    fn retry(&self) {
        let queued: Vec<String> = self.states.with_untracked(|s| {
            s.iter()
                .filter(|(_, state)| **state == SaveState::Queued)
                .map(|(item, _)| item.clone())
                .collect()
        });
        for item in queued {
            self.send(item);
        }
    }

    /// Sends the newest answer of an item unless a request for it is already on its way (that
    /// request's completion sends again if the answer changed meanwhile).
    fn send(&self, item: String) {
        #[cfg(not(feature = "hydrate"))]
        let _ = item;
        #[cfg(feature = "hydrate")]
        {
            if !self
                .in_flight
                .try_update_value(|f| f.insert(item.clone()))
                .unwrap_or(false)
            {
                return;
            }
            let Some((seq, answer)) = self.answers.with_untracked(|a| a.get(&item).cloned()) else {
                self.in_flight.update_value(|f| {
                    f.remove(&item);
                });
                return;
            };
            let queue = self.clone();
            leptos::task::spawn_local(async move {
                let outcome = save_answer(
                    queue.slug.clone(),
                    queue.attempt.clone(),
                    item.clone(),
                    seq,
                    answer,
                )
                .await;
                queue.in_flight.update_value(|f| {
                    f.remove(&item);
                });
                let latest = queue.answers.with_untracked(|a| a.get(&item).map(|(s, _)| *s));
                let state = match outcome {
                    Ok(_) => {
                        offline::forget(&queue.attempt, &item, seq);
                        if latest == Some(seq) {
                            SaveState::Saved
                        } else {
                            queue.send(item.clone());
                            SaveState::Saving
                        }
                    }
                    Err(AppError::Request | AppError::Internal) => SaveState::Queued,
                    Err(error) => {
                        offline::forget(&queue.attempt, &item, seq);
                        queue.refusal.set(Some(error.to_string()));
                        SaveState::Refused
                    }
                };
                queue.states.update(|s| {
                    s.insert(item, state);
                });
            });
        }
    }
}

/// Sequence numbers grow with time across tabs and devices, so the answer given last wins.
fn next_seq() -> i64 {
    #[cfg(feature = "hydrate")]
    {
        thread_local!(static LAST: std::cell::Cell<i64> = const { std::cell::Cell::new(0) });
        let now = (js_sys::Date::now() * 1000.0) as i64;
        LAST.with(|last| {
            let seq = now.max(last.get() + 1);
            last.set(seq);
            seq
        })
    }
    #[cfg(not(feature = "hydrate"))]
    {
        1
    }
}
