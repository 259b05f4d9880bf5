//! A new post's fan-out. The post's transaction only queues it (one `club_fanout` row, and the
//! author of a new thread follows it), so posting costs the same whatever the number of
//! followers; the fan-out worker ([`fan_out_due`], woken at commit) then writes one
//! `club_notifications` row per recipient in one statement, in a transaction of the club as the
//! post's author, and deletes the queued row in the same transaction: after a crash the post is
//! fanned out at the next round, and never twice. Mail is composed later by the mail job.

use chrono::{DateTime, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

use crate::access::{begin_club, ClubCtx};
use crate::state::AppState;

/// The longest list of `@Фамилия` mentions honoured in one post.
const MAX_MENTIONS: usize = 20;
/// Queued posts claimed per round (`rost_club_fanout_due`).
const ROUND: usize = 200;

/// Queues the post's fan-out; call it in the transaction that wrote the post, and wake the worker
/// (`AppState::club_fanout`) after the commit. The author of a new thread (post 1) follows it at once.
pub async fn on_post(
    ctx: &mut ClubCtx,
    post_id: Uuid,
    thread_id: Uuid,
    number: i32,
) -> Result<(), sqlx::Error> {
    let (club_id, author_id) = (ctx.club_id(), ctx.user.user_id);
    if number == 1 {
        sqlx::query(
            "insert into club_subscriptions (club_id, user_id, scope, thread_id, delivery, token)
             values ($1, $2, 'thread', $3, 'immediate', $4) on conflict do nothing",
        )
        .bind(club_id)
        .bind(author_id)
        .bind(thread_id)
        .bind(super::subscriptions::new_token())
        .execute(&mut *ctx.tx)
        .await?;
    }
    sqlx::query("insert into club_fanout (club_id, post_id) values ($1, $2)")
        .bind(club_id)
        .bind(post_id)
        .execute(&mut *ctx.tx)
        .await?;
    Ok(())
}

/// Fans out every queued post; returns how many.
pub async fn fan_out_due(state: &AppState) -> Result<usize, sqlx::Error> {
    let mut done = 0;
    loop {
        let due: Vec<(Uuid, Uuid, Uuid)> =
            sqlx::query_as("select club_id, post_id, author_id from rost_club_fanout_due()")
                .fetch_all(&state.db)
                .await?;
        for &(club_id, post_id, author_id) in &due {
            let mut tx = begin_club(&state.db, club_id, author_id).await?;
            // The claim: another worker that took the row first leaves nothing to delete.
            let claimed: Option<DateTime<Utc>> = sqlx::query_scalar(
                "delete from club_fanout where club_id = $1 and post_id = $2 returning created_at",
            )
            .bind(club_id)
            .bind(post_id)
            .fetch_optional(&mut *tx)
            .await?;
            if let Some(posted_at) = claimed {
                fan_out(&mut tx, club_id, post_id, posted_at).await?;
                done += 1;
            }
            tx.commit().await?;
        }
        if due.len() < ROUND {
            return Ok(done);
        }
    }
}

/// Notifies the followers of the post's thread and section and the members it mentions. Only
/// subscriptions made before the post was written (`posted_at`) count, as when the fan-out ran
/// in the post's transaction: following a thread does not bring its earlier posts.
async fn fan_out(
    conn: &mut PgConnection,
    club_id: Uuid,
    post_id: Uuid,
    posted_at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let post: Option<(Uuid, Uuid, String)> =
        sqlx::query_as("select thread_id, author_id, body from club_posts where club_id = $1 and id = $2")
            .bind(club_id)
            .bind(post_id)
            .fetch_optional(&mut *conn)
            .await?;
    let Some((thread_id, author_id, body)) = post else {
        return Ok(());
    };
    let mentioned = mentioned_members(conn, club_id, author_id, &body).await?;
    sqlx::query(
        "insert into club_notifications (club_id, user_id, post_id, thread_id, reason, delivery, subscription_id)
         select $1, user_id, $2, $3, reason, delivery, subscription_id
         from (select distinct on (s.user_id) s.user_id, s.id as subscription_id,
                      case s.scope when 'mentions' then 'mention' else s.scope end as reason,
                      nullif(s.delivery, 'off') as delivery
               from club_subscriptions s
               where s.club_id = $1 and s.user_id <> $4 and (s.scope = 'mentions' or s.created_at <= $6)
                 and ((s.scope = 'thread' and s.thread_id = $3)
                      or (s.scope = 'section' and s.section_id =
                          (select section_id from club_threads where club_id = $1 and id = $3))
                      or (s.scope = 'mentions' and s.user_id = any($5)))
               order by s.user_id, case s.scope when 'mentions' then 0 when 'thread' then 1 else 2 end) chosen
         where reason = 'mention' or delivery is not null
         on conflict do nothing",
    )
    .bind(club_id)
    .bind(post_id)
    .bind(thread_id)
    .bind(author_id)
    .bind(&mentioned)
    .bind(posted_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// The club's members named `@Фамилия` in `body` (not the author), each given a `mentions`
/// subscription (mailed at once until they turn it off) if they had none.
async fn mentioned_members(
    conn: &mut PgConnection,
    club_id: Uuid,
    author_id: Uuid,
    body: &str,
) -> Result<Vec<Uuid>, sqlx::Error> {
    let surnames = mentions(body);
    if surnames.is_empty() {
        return Ok(Vec::new());
    }
    let members: Vec<Uuid> = sqlx::query_scalar(
        "select u.id from users u
         where split_part(u.full_name, ' ', 1) = any($2) and u.id <> $3 and rost_club_member_of($1, u.id)",
    )
    .bind(club_id)
    .bind(&surnames)
    .bind(author_id)
    .fetch_all(&mut *conn)
    .await?;
    for member in &members {
        sqlx::query(
            "insert into club_subscriptions (club_id, user_id, scope, delivery, token)
             values ($1, $2, 'mentions', 'immediate', $3) on conflict do nothing",
        )
        .bind(club_id)
        .bind(member)
        .bind(super::subscriptions::new_token())
        .execute(&mut *conn)
        .await?;
    }
    Ok(members)
}

/// The surnames written as `@Фамилия` (a capital letter, then letters or a hyphen), at most
/// [`MAX_MENTIONS`], each once; an e-mail address (`name@host`) is not a mention.
pub fn mentions(body: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let chars: Vec<char> = body.chars().collect();
    for (i, &ch) in chars.iter().enumerate() {
        if ch != '@' || (i > 0 && chars[i - 1].is_alphanumeric()) {
            continue;
        }
        let name: String = chars[i + 1..]
            .iter()
            .take_while(|c| c.is_alphabetic() || **c == '-')
            .collect();
        let name = name.trim_end_matches('-').to_string();
        if name.chars().next().is_some_and(char::is_uppercase) && !found.contains(&name) {
            found.push(name);
            if found.len() == MAX_MENTIONS {
                break;
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::mentions;

    #[test]
    fn surnames_after_at_signs_are_mentions() {
        assert_eq!(
            mentions("Коллеги, @Иванова и @Петров-Водкин, посмотрите; @Иванова ещё раз."),
            vec!["Иванова", "Петров-Водкин"]
        );
    }

    #[test]
    fn addresses_and_lowercase_words_are_not_mentions() {
        assert!(mentions("пишите на director@school.ru или @всем").is_empty());
        assert!(mentions("@").is_empty());
    }
}
