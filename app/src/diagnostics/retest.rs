//! Re-tests (issue 12): an attempt of the same instrument that measures the competencies of the
//! person's earlier finished attempt again, with items the person has never been given. It is
//! opened for the person (after a completed route, [`on_completion`], or by an operator's
//! campaign in `crate::growth`) and started by the ordinary «start» of the instrument;
//! finishing it mails a link to the growth report.

use std::collections::HashSet;

use rand::seq::SliceRandom;
use serde_json::json;
use sqlx::PgConnection;
use uuid::Uuid;

use super::db::{self, BankItem, DrawnItem, FinishingRow, NewRetest};
use super::model::Item;
use crate::access::{audit, Member};
use crate::error::AppError;
use crate::i18n::ru;
use crate::notifications::{enqueue, templates, Email};

pub use super::db::Opening;

/// A competency the bank cannot measure again in full: the person has seen all but
/// `available` of its items, and the earlier attempt had `needed`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shortfall {
    pub code: String,
    pub needed: usize,
    pub available: usize,
}

/// How many items of each competency (by main competency) the earlier attempt had, in its order.
pub fn composition<'a>(items: impl Iterator<Item = &'a Item>) -> Vec<(String, usize)> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for code in items.filter_map(Item::primary_competency) {
        match counts.iter_mut().find(|(c, _)| c == code) {
            Some((_, n)) => *n += 1,
            None => counts.push((code.to_string(), 1)),
        }
    }
    counts
}

/// Draws, for each competency, as many unseen items as the earlier attempt had, items of the
/// person's own subjects first (`bank` holds only items that fit the person's subjects). Never
/// repeats an item: a competency with too few unseen items gets what there is and is reported.
pub fn draw_unseen<'a>(
    needed: &[(String, usize)],
    bank: &'a [BankItem],
    seen: &HashSet<Uuid>,
) -> (Vec<&'a BankItem>, Vec<Shortfall>) {
    let mut rng = rand::thread_rng();
    let mut drawn = Vec::new();
    let mut short = Vec::new();
    for (code, n) in needed {
        let mut candidates: Vec<&BankItem> = bank
            .iter()
            .filter(|b| !seen.contains(&b.id) && b.item.primary_competency() == Some(code.as_str()))
            .collect();
        candidates.shuffle(&mut rng);
        candidates.sort_by_key(|b| b.item.subject.is_none());
        if candidates.len() < *n {
            short.push(Shortfall {
                code: code.clone(),
                needed: *n,
                available: candidates.len(),
            });
        }
        drawn.extend(candidates.into_iter().take(*n));
    }
    (drawn, short)
}

/// The drawn items with the order their options are shown in.
fn with_orders(chosen: &[&BankItem], shuffle: bool) -> Vec<DrawnItem> {
    let mut rng = rand::thread_rng();
    chosen
        .iter()
        .map(|b| {
            let mut order: Vec<usize> = (0..b.item.options.len()).collect();
            if shuffle {
                order.shuffle(&mut rng);
            }
            DrawnItem {
                id: b.id,
                version: b.version,
                order,
            }
        })
        .collect()
}

/// What a re-test of `previous` draws from: the current bank of the framework (only items that
/// fit the person's subjects), how many items per competency the earlier attempt had, and every
/// item the person has seen.
struct Plan {
    bank: Vec<BankItem>,
    needed: Vec<(String, usize)>,
    seen: HashSet<Uuid>,
}

async fn plan(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    user_id: Uuid,
    previous: Uuid,
    framework_id: Uuid,
) -> Result<Plan, sqlx::Error> {
    let subjects = db::subjects_of(conn, tenant_id, user_id).await?;
    let mut bank = db::current_items(conn, tenant_id, framework_id).await?;
    bank.retain(|b| b.item.fits_subjects(&subjects));
    let before = db::drawn_items(conn, tenant_id, previous).await?;
    let versions = db::item_versions(conn, tenant_id, before.iter().map(|d| (d.id, d.version))).await?;
    let needed = composition(before.iter().filter_map(|d| versions.get(&(d.id, d.version))));
    let seen = db::seen_items(conn, tenant_id, user_id)
        .await?
        .into_iter()
        .collect();
    Ok(Plan { bank, needed, seen })
}

/// Starts the person's pending re-test of the instrument, if one is open; its id.
pub(super) async fn start_pending(
    member: &mut Member,
    instrument_id: Uuid,
) -> Result<Option<Uuid>, AppError> {
    let (tenant_id, user_id) = (member.tenant.id, member.user.user_id);
    let Some(previous) = db::pending_retest(&mut member.tx, tenant_id, user_id, instrument_id).await? else {
        return Ok(None);
    };
    let instrument = db::starting_instrument(&mut member.tx, tenant_id, instrument_id, user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let plan = plan(
        &mut member.tx,
        tenant_id,
        user_id,
        previous,
        instrument.framework_id,
    )
    .await?;
    let (chosen, short) = draw_unseen(&plan.needed, &plan.bank, &plan.seen);
    if chosen.is_empty() {
        return Err(AppError::invalid("instrument", ru::RETEST_NOTHING_UNSEEN));
    }
    let drawn = with_orders(&chosen, instrument.body.shuffle_options);
    let new = NewRetest {
        instrument_id,
        user_id,
        previous,
        drawn: &drawn,
        time_limit_minutes: instrument.time_limit_minutes,
    };
    let id = db::insert_retest_attempt(&mut member.tx, tenant_id, new)
        .await?
        .ok_or_else(|| AppError::internal("a re-test conflicted with an attempt in progress"))?;
    let short: Vec<&str> = short.iter().map(|s| s.code.as_str()).collect();
    let details = json!({ "attempt": id, "retest_of": previous, "short": short });
    member.audit("retest_started", details).await?;
    Ok(Some(id))
}

/// The e-mail about a finished attempt: for a re-test, the link to the growth report.
pub(super) async fn result_mail(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    public_url: &str,
    attempt_id: Uuid,
    row: &FinishingRow,
) -> Result<Email, sqlx::Error> {
    Ok(match db::retest_of(conn, tenant_id, attempt_id).await? {
        Some(_) => {
            let link = format!("{public_url}/r/{}/growth/{attempt_id}", row.slug);
            templates::growth_ready(&row.region, &row.full_name, &row.title, &link)
        }
        None => {
            let link = format!("{public_url}/r/{}/diagnostics/{attempt_id}/result", row.slug);
            templates::results_ready(&row.region, &row.full_name, &row.title, &link)
        }
    })
}

/// The competencies the person's re-test of `previous` could not measure again in full: a
/// preview before they start it.
pub async fn shortfall(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    user_id: Uuid,
    previous: Uuid,
) -> Result<Vec<Shortfall>, sqlx::Error> {
    let framework_id: Uuid = sqlx::query_scalar(
        "select i.framework_id from attempts a join instruments i on i.tenant_id = a.tenant_id and i.id = a.instrument_id
         where a.tenant_id = $1 and a.id = $2",
    )
    .bind(tenant_id)
    .bind(previous)
    .fetch_one(&mut *conn)
    .await?;
    let plan = plan(conn, tenant_id, user_id, previous, framework_id).await?;
    Ok(draw_unseen(&plan.needed, &plan.bank, &plan.seen).1)
}

// ---- opening a re-test: after a completed route, or by a campaign (`crate::growth`) ----

/// Opens the re-test of the person's route once every course of the route has a completed
/// enrolment of theirs, and queues the e-mail «Повторная диагностика открыта». Returns whether
/// it opened one (then the caller's gate should `mail_queued()`); a route completed again, or
/// one still in progress, opens nothing. Call it in the transaction that records a completion.
///
/// Takes the site's address for the e-mail's link from the server function's context; a plain
/// HTTP handler (an XLSX of completions) calls [`on_completion_with`] with its `AppState`'s.
pub async fn on_completion(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    user_id: Uuid,
) -> Result<bool, AppError> {
    let public_url = crate::state::app_state()?.public_url;
    on_completion_with(conn, tenant_id, user_id, &public_url).await
}

/// [`on_completion`] with the site's address (`AppState::public_url`) given.
pub async fn on_completion_with(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    user_id: Uuid,
    public_url: &str,
) -> Result<bool, AppError> {
    let Some(previous) = db::completed_route_attempt(conn, tenant_id, user_id).await? else {
        return Ok(false);
    };
    Ok(
        open_and_mail(conn, tenant_id, previous, Opening::Route, public_url)
            .await?
            .is_some(),
    )
}

/// Opens the re-test of `previous`, mails its person and records it; the person, or `None` if
/// it was open already.
pub async fn open_and_mail(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    previous: Uuid,
    opening: Opening,
    public_url: &str,
) -> Result<Option<Uuid>, AppError> {
    if !db::open_retest(conn, tenant_id, previous, opening).await? {
        return Ok(None);
    }
    let to = db::addressee(conn, tenant_id, previous).await?;
    let link = format!("{public_url}/r/{}/growth", to.slug);
    let mail = templates::retest_opened(&to.region, &to.full_name, &to.title, &link);
    enqueue(conn, Some(tenant_id), &to.email, mail).await?;
    let by = match opening {
        Opening::Route => json!("route"),
        Opening::Campaign(id) => json!(id),
    };
    let details = json!({ "retest_of": previous, "by": by });
    audit(conn, Some(tenant_id), Some(to.user_id), "retest_opened", details).await?;
    Ok(Some(to.user_id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::templates;

    fn bank() -> Vec<BankItem> {
        templates::items()
            .into_iter()
            .map(|item| BankItem {
                id: Uuid::new_v4(),
                version: 1,
                item,
            })
            .collect()
    }

    #[test]
    fn a_re_test_never_repeats_an_item_and_names_what_it_cannot_measure_again() {
        let bank = bank();
        let general: Vec<BankItem> = bank
            .iter()
            .filter(|b| b.item.subject.is_none())
            .cloned()
            .collect();
        let needed = vec![("MET-2".to_string(), 3), ("SUB-3".to_string(), 3)];
        // SUB-3 has three items without a subject: once seen, nothing is left for a person
        // who teaches no subject, and the re-test says so instead of repeating them.
        let seen: HashSet<Uuid> = general
            .iter()
            .filter(|b| b.item.primary_competency() == Some("SUB-3"))
            .map(|b| b.id)
            .chain(
                general
                    .iter()
                    .filter(|b| b.item.primary_competency() == Some("MET-2"))
                    .take(3)
                    .map(|b| b.id),
            )
            .collect();
        for _ in 0..20 {
            let (drawn, short) = draw_unseen(&needed, &general, &seen);
            assert_eq!(drawn.len(), 3);
            assert!(drawn.iter().all(|b| !seen.contains(&b.id)));
            assert!(drawn.iter().all(|b| b.item.primary_competency() == Some("MET-2")));
            assert_eq!(
                short,
                [Shortfall {
                    code: "SUB-3".into(),
                    needed: 3,
                    available: 0
                }]
            );
        }
        // A teacher of mathematics has the subject block's items for SUB-3, drawn first.
        let maths: Vec<BankItem> = bank
            .iter()
            .filter(|b| b.item.fits_subjects(&["Математика".to_string()]))
            .cloned()
            .collect();
        let (drawn, short) = draw_unseen(&needed, &maths, &seen);
        assert!(short.is_empty(), "{short:?}");
        let sub3: Vec<&&BankItem> = drawn
            .iter()
            .filter(|b| b.item.primary_competency() == Some("SUB-3"))
            .collect();
        assert_eq!(sub3.len(), 3);
        assert!(sub3
            .iter()
            .all(|b| b.item.subject.as_deref() == Some("математика")));
    }

    #[test]
    fn the_composition_counts_items_by_main_competency_in_order() {
        let items = templates::items();
        let picked: Vec<&Item> = ["MET-2-01", "NPA-1-01", "MET-2-02"]
            .iter()
            .filter_map(|code| items.iter().find(|i| &i.code == code))
            .collect();
        assert_eq!(picked.len(), 3);
        assert_eq!(
            composition(picked.into_iter()),
            [("MET-2".to_string(), 2), ("NPA-1".to_string(), 1)]
        );
    }
}
