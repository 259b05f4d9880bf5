//! The demo people's diagnostic attempts, as `start_attempt` draws them and `finish_attempt`
//! stores them: the drawn items with their option orders, one answer per item and the result
//! of `scoring::score_attempt`.

use std::collections::HashSet;

use app::diagnostics::model::{Answer, AttemptResult, InstrumentBody, Item, ItemKind, Selection};
use app::diagnostics::scoring::score_attempt;
use rand::{rngs::StdRng, seq::SliceRandom, Rng};
use sqlx::{types::Json, PgConnection};
use uuid::Uuid;

use super::people::RegionData;

/// (competency, number of items) of an attempt's items, in order: what a re-test must match.
pub fn composition(items: &[(Uuid, i32, &Item)]) -> Vec<(String, usize)> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for code in items.iter().filter_map(|(_, _, i)| i.primary_competency()) {
        match counts.iter_mut().find(|(c, _)| c == code) {
            Some((_, n)) => *n += 1,
            None => counts.push((code.to_string(), 1)),
        }
    }
    counts
}

/// The items of an attempt, as the instrument draws them; a re-test (`needed`) takes as many
/// unseen items per competency as the first attempt had.
pub fn draw<'a>(
    body: &InstrumentBody,
    bank: &[&'a (Uuid, i32, Item)],
    seen: &HashSet<Uuid>,
    needed: Option<&[(String, usize)]>,
    rng: &mut StdRng,
) -> Vec<(Uuid, i32, &'a Item)> {
    let per_competency = |code: &str, k: usize, rng: &mut StdRng| {
        let mut candidates: Vec<&'a (Uuid, i32, Item)> = bank
            .iter()
            .copied()
            .filter(|(id, _, i)| !seen.contains(id) && i.primary_competency() == Some(code))
            .collect();
        candidates.shuffle(rng);
        candidates.truncate(k);
        candidates
    };
    let chosen: Vec<&'a (Uuid, i32, Item)> = match (needed, &body.selection) {
        (Some(needed), _) => needed
            .iter()
            .flat_map(|(code, n)| per_competency(code, *n, rng))
            .collect(),
        (None, Selection::Fixed { items }) => items
            .iter()
            .filter_map(|code| bank.iter().copied().find(|(_, _, i)| &i.code == code))
            .collect(),
        (None, Selection::PerCompetency { k, competencies }) => competencies
            .iter()
            .flat_map(|code| per_competency(code, *k, rng))
            .collect(),
    };
    chosen.into_iter().map(|(id, v, item)| (*id, *v, item)).collect()
}

/// The person's answer: right with a probability set by their ability and the competency.
fn answer(item: &Item, right: bool, rng: &mut StdRng) -> Answer {
    match (item.kind, right) {
        (ItemKind::Single | ItemKind::Multiple, true) => Answer::Options {
            chosen: item.correct.clone(),
        },
        (ItemKind::Single | ItemKind::Multiple, false) => Answer::Options {
            chosen: (0..item.options.len())
                .filter(|i| !item.correct.contains(i))
                .take(1)
                .collect(),
        },
        (ItemKind::Likert, true) => Answer::Scale {
            value: rng.gen_range(4..=5),
        },
        (ItemKind::Likert, false) => Answer::Scale {
            value: rng.gen_range(1..=3),
        },
        (ItemKind::Short, true) => Answer::Text {
            text: item.accepted.first().cloned().unwrap_or_default(),
        },
        (ItemKind::Short, false) => Answer::Text {
            text: "не знаю".into(),
        },
    }
}

/// A finished attempt `days_ago`, its answers and its scored result; returns (id, result).
#[allow(clippy::too_many_arguments)]
pub async fn attempt(
    conn: &mut PgConnection,
    region: &RegionData,
    instrument: &(Uuid, InstrumentBody, Option<i32>),
    user: Uuid,
    items: &[(Uuid, i32, &Item)],
    ability: f64,
    days_ago: i32,
    retest_of: Option<Uuid>,
    rng: &mut StdRng,
) -> Result<(Uuid, AttemptResult), sqlx::Error> {
    let answers: Vec<Answer> = items
        .iter()
        .map(|(_, _, item)| {
            let offset = item
                .primary_competency()
                .and_then(|c| region.difficulty.get(c))
                .copied()
                .unwrap_or(0.0);
            let right = rng.gen_bool((ability + offset).clamp(0.05, 0.98));
            answer(item, right, rng)
        })
        .collect();
    let scored: Vec<(&Item, Option<&Answer>)> = items
        .iter()
        .zip(&answers)
        .map(|((_, _, i), a)| (*i, Some(a)))
        .collect();
    let result = score_attempt(&region.framework, &scored);
    let drawn: Vec<serde_json::Value> = items
        .iter()
        .map(|(id, version, item)| {
            let mut order: Vec<usize> = (0..item.options.len()).collect();
            if instrument.1.shuffle_options {
                order.shuffle(rng);
            }
            serde_json::json!({ "id": id, "version": version, "order": order })
        })
        .collect();
    let ids: Vec<Uuid> = items.iter().map(|(id, _, _)| *id).collect();
    let minutes = rng.gen_range(12..35);
    let id: Uuid = sqlx::query_scalar(
        "insert into attempts (tenant_id, instrument_id, user_id, item_ids, items, started_at, deadline_at,
                               finished_at, finished_by, result, retest_of)
         select $1, $2, $3, $4, $5, s, s + make_interval(mins => $7), s + make_interval(mins => $8), 'person', $9, $10
         from (select now() - make_interval(days => $6) as s) t returning id",
    )
    .bind(region.tenant_id)
    .bind(instrument.0)
    .bind(user)
    .bind(&ids)
    .bind(Json(&drawn))
    .bind(days_ago)
    .bind(instrument.2)
    .bind(minutes)
    .bind(Json(&result))
    .bind(retest_of)
    .fetch_one(&mut *conn)
    .await?;
    let seqs: Vec<i64> = (1..=ids.len() as i64).collect();
    let values: Vec<serde_json::Value> = answers.iter().map(|a| serde_json::json!(a)).collect();
    sqlx::query(
        "insert into attempt_answers (tenant_id, attempt_id, item_id, seq, answer, saved_at)
         select $1, $2, u.item, u.seq, u.answer, now() - make_interval(days => $6)
         from unnest($3::uuid[], $4::bigint[], $5::jsonb[]) as u(item, seq, answer)",
    )
    .bind(region.tenant_id)
    .bind(id)
    .bind(&ids)
    .bind(&seqs)
    .bind(&values)
    .bind(days_ago)
    .execute(&mut *conn)
    .await?;
    Ok((id, result))
}
