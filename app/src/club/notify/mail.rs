//! The club's mail job: immediate messages and daily or weekly digests, through the outbox.
//!
//! For each (club, member, delivery) with mail due (`rost_club_mail_due`), one transaction of
//! the member's club claims the member's waiting notifications (`mailed_at` set), composes one
//! message grouped by thread, and queues it. A post written while a digest is composed either
//! is claimed by it or waits for the next one: the claim is a single `update … returning`, so no
//! post goes twice and none is skipped. The transaction is the member's own, so row-level
//! security shows only what the member may read, and nothing once they left the club.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::{access::begin_club, components::escape_html, i18n::ru, notifications::Email, state::AppState};

#[derive(sqlx::FromRow)]
struct Item {
    thread_id: Uuid,
    thread_title: String,
    number: i32,
    author: String,
    body: String,
    token: Option<String>,
}

/// Sends the mail due at `now`; returns how many messages were queued.
pub async fn run_due(state: &AppState, now: DateTime<Utc>) -> Result<usize, sqlx::Error> {
    let due: Vec<(Uuid, Uuid, String)> =
        sqlx::query_as("select club_id, user_id, delivery from rost_club_mail_due($1)")
            .bind(now)
            .fetch_all(&state.db)
            .await?;
    let mut queued = 0;
    for (club_id, user_id, delivery) in due {
        if send_one(state, club_id, user_id, &delivery).await? {
            queued += 1;
        }
    }
    if queued > 0 {
        state.outbox.wake();
    }
    Ok(queued)
}

async fn send_one(
    state: &AppState,
    club_id: Uuid,
    user_id: Uuid,
    delivery: &str,
) -> Result<bool, sqlx::Error> {
    let mut tx = begin_club(&state.db, club_id, user_id).await?;
    let items: Vec<Item> = sqlx::query_as(
        "with claimed as (
             update club_notifications set mailed_at = now()
             where club_id = $1 and user_id = $2 and delivery = $3 and mailed_at is null
             returning post_id, subscription_id)
         select t.id as thread_id, t.title as thread_title, p.number, u.full_name as author, p.body, s.token
         from claimed c
         join club_posts p on p.club_id = $1 and p.id = c.post_id
         join club_threads t on t.club_id = $1 and t.id = p.thread_id
         join users u on u.id = p.author_id
         left join club_subscriptions s on s.club_id = $1 and s.id = c.subscription_id
         where p.hidden_reason is null and t.hidden_reason is null
         order by t.last_post_at desc, t.id, p.number",
    )
    .bind(club_id)
    .bind(user_id)
    .bind(delivery)
    .fetch_all(&mut *tx)
    .await?;
    if items.is_empty() {
        tx.commit().await?;
        return Ok(false);
    }
    let (email, club_slug, club_name): (String, String, String) =
        sqlx::query_as("select u.email, c.slug, c.name from users u, clubs c where u.id = $1 and c.id = $2")
            .bind(user_id)
            .bind(club_id)
            .fetch_one(&mut *tx)
            .await?;
    let base = &state.public_url;
    let token = most_common_token(&items);
    let unsubscribe = token
        .as_ref()
        .map(|token| format!("{base}/club-unsubscribe/{token}"));
    let message = compose(
        base,
        &club_slug,
        &club_name,
        delivery,
        &items,
        unsubscribe.as_deref(),
    );
    sqlx::query("insert into club_digests (club_id, user_id, kind, posts) values ($1, $2, $3, $4)")
        .bind(club_id)
        .bind(user_id)
        .bind(delivery)
        .bind(items.len() as i32)
        .execute(&mut *tx)
        .await?;
    match &token {
        Some(token) => {
            let one_click = format!("{base}/club-unsubscribe/{token}/one-click");
            crate::notifications::enqueue_list_message(&mut tx, &email, message, &one_click).await?;
        }
        None => crate::notifications::enqueue(&mut tx, None, &email, message).await?,
    }
    tx.commit().await?;
    Ok(true)
}

/// The subscription behind most of the message's posts: the one its unsubscribe header turns off.
fn most_common_token(items: &[Item]) -> Option<String> {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for token in items.iter().filter_map(|item| item.token.as_deref()) {
        match counts.iter_mut().find(|(t, _)| *t == token) {
            Some((_, n)) => *n += 1,
            None => counts.push((token, 1)),
        }
    }
    counts
        .into_iter()
        .max_by_key(|(_, n)| *n)
        .map(|(t, _)| t.to_string())
}

/// The address of a post in its thread.
pub fn post_url(base: &str, club: &str, thread: Uuid, number: i32) -> String {
    let page = crate::club::page_of(number);
    format!("{base}/club/{club}/t/{thread}?page={page}#post-{number}")
}

/// Plain text of the first `limit` characters of a post's Markdown, for mail and lists.
pub fn excerpt(markdown: &str, limit: usize) -> String {
    // Markup first, then whitespace: a heading's «# » leaves no leading space.
    let plain = markdown.replace(['*', '#', '`', '>', '_'], "");
    let flat = plain.split_whitespace().collect::<Vec<_>>().join(" ");
    match flat.char_indices().nth(limit) {
        Some((cut, _)) => format!("{}…", flat[..cut].trim_end()),
        None => flat,
    }
}

/// One message: the posts grouped by thread (the items come ordered by thread), each thread
/// with its link and, for a digest, its own unsubscribe link.
fn compose(
    base: &str,
    club_slug: &str,
    club_name: &str,
    delivery: &str,
    items: &[Item],
    unsubscribe: Option<&str>,
) -> Email {
    let subject = match delivery {
        "immediate" => ru::club_mail_immediate_subject(&items[0].thread_title),
        kind => ru::club_mail_digest_subject(kind, club_name, items.len()),
    };
    let mut text = format!(
        "{}\n\n{}\n\n",
        ru::club_mail_masthead(club_name),
        ru::CLUB_MAIL_INTRO
    );
    let mut html = format!(
        "<!DOCTYPE html><html lang=\"ru\"><head><meta charset=\"utf-8\"><title>{}</title></head>\
         <body style=\"font-family:Arial,sans-serif;color:#1d2433;max-width:36rem\">\
         <p style=\"color:#1f6feb;font-weight:bold\">{}</p><p>{}</p>",
        escape_html(&subject),
        escape_html(&ru::club_mail_masthead(club_name)),
        escape_html(ru::CLUB_MAIL_INTRO)
    );
    let mut start = 0;
    while start < items.len() {
        let thread = items[start].thread_id;
        let end = start
            + items[start..]
                .iter()
                .take_while(|i| i.thread_id == thread)
                .count();
        let group = &items[start..end];
        let link = post_url(base, club_slug, thread, group[0].number);
        text.push_str(&format!("== {} ==\n", group[0].thread_title));
        html.push_str(&format!(
            "<h3 style=\"margin-bottom:.3rem\">{}</h3>",
            escape_html(&group[0].thread_title)
        ));
        for item in group {
            let by = ru::club_post_by(&item.author, item.number);
            let body = excerpt(&item.body, 600);
            text.push_str(&format!("— {by}:\n{body}\n\n"));
            html.push_str(&format!(
                "<p><b>{}</b><br>{}</p>",
                escape_html(&by),
                escape_html(&body)
            ));
        }
        text.push_str(&format!("{}: {link}\n", ru::CLUB_MAIL_OPEN_THREAD));
        html.push_str(&format!(
            "<p><a href=\"{}\">{}</a></p>",
            escape_html(&link),
            escape_html(ru::CLUB_MAIL_OPEN_THREAD)
        ));
        if let Some(token) = &group[0].token {
            let own = format!("{base}/club-unsubscribe/{token}");
            text.push_str(&format!("{}: {own}\n", ru::CLUB_MAIL_UNSUBSCRIBE));
            html.push_str(&format!(
                "<p style=\"font-size:.85rem\"><a href=\"{}\">{}</a></p>",
                escape_html(&own),
                escape_html(ru::CLUB_MAIL_UNSUBSCRIBE)
            ));
        }
        text.push('\n');
        start = end;
    }
    if let Some(link) = unsubscribe {
        text.push_str(&format!("{}: {link}\n\n", ru::CLUB_MAIL_UNSUBSCRIBE));
    }
    text.push_str(ru::CLUB_MAIL_FOOTER);
    text.push('\n');
    html.push_str(&format!(
        "<hr><p style=\"font-size:.85rem;color:#5b6578\">{}</p></body></html>",
        escape_html(ru::CLUB_MAIL_FOOTER)
    ));
    Email { subject, text, html }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(thread: Uuid, title: &str, number: i32, token: Option<&str>) -> Item {
        Item {
            thread_id: thread,
            thread_title: title.into(),
            number,
            author: "Петров Иван".into(),
            body: format!("Сообщение **{number}**"),
            token: token.map(Into::into),
        }
    }

    #[test]
    fn a_digest_groups_posts_under_their_threads() {
        let (a, b) = (Uuid::new_v4(), Uuid::new_v4());
        let items = [
            item(a, "Франшиза", 2, Some("t1")),
            item(a, "Франшиза", 3, Some("t1")),
            item(b, "Кайдзен", 5, Some("t2")),
        ];
        let mail = compose("https://rost.test", "club", "Клуб", "daily", &items, Some("u"));
        assert_eq!(mail.text.matches("== Франшиза ==").count(), 1);
        assert_eq!(mail.text.matches("== Кайдзен ==").count(), 1);
        assert!(mail.text.contains("Сообщение 2") && mail.text.contains("Сообщение 3"));
        assert!(mail.subject.contains("новых сообщений: 3"));
        assert_eq!(most_common_token(&items).as_deref(), Some("t1"));
    }

    #[test]
    fn excerpts_are_plain_and_bounded() {
        assert_eq!(
            excerpt("# Заголовок\n\n**жирный**  текст", 100),
            "Заголовок жирный текст"
        );
        assert_eq!(excerpt("абвгд", 3), "абв…");
    }
}
