//! Answers not yet confirmed by the server, kept in the browser's local storage so that a lost
//! network, a closed tab or a reload never loses them.

use std::collections::HashMap;

use super::Answer;

type Pending = HashMap<String, (i64, Answer)>;

fn key(attempt: &str) -> String {
    format!("rost.attempt.{attempt}")
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

pub fn pending(attempt: &str) -> Pending {
    storage()
        .and_then(|s| s.get_item(&key(attempt)).ok().flatten())
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default()
}

fn store(attempt: &str, pending: &Pending) {
    if let Some(storage) = storage() {
        let _ = if pending.is_empty() {
            storage.remove_item(&key(attempt))
        } else {
            serde_json::to_string(pending).map_or(Ok(()), |text| storage.set_item(&key(attempt), &text))
        };
    }
}

/// Keeps the newest answer of an item until the server confirms it.
pub fn remember(attempt: &str, item: &str, seq: i64, answer: &Answer) {
    let mut all = pending(attempt);
    if all.get(item).is_none_or(|(known, _)| *known < seq) {
        all.insert(item.to_string(), (seq, answer.clone()));
        store(attempt, &all);
    }
}

/// Drops an item's stored answer once the server has it (or refused it for good), unless a
/// newer one has been given since.
pub fn forget(attempt: &str, item: &str, seq: i64) {
    let mut all = pending(attempt);
    if all.get(item).is_some_and(|(known, _)| *known <= seq) {
        all.remove(item);
        store(attempt, &all);
    }
}
