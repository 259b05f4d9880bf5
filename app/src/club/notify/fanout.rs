//! A new post's fan-out, in the post's own transaction: one `club_notifications` row per
//! recipient, whatever the number of subscribers, in one statement. Mail is composed later by
//! the job, so a section with 500 followers costs the writer one insert, not 500 messages.

use sqlx::PgConnection;
use uuid::Uuid;

use crate::access::ClubCtx;

/// The longest list of `@Фамилия` mentions honoured in one post.
const MAX_MENTIONS: usize = 20;

/// Notifies the followers of the post's thread and section and the members it mentions. The
/// author of a new thread follows it at once. Call it in the transaction that wrote the post.
pub async fn on_post(ctx: &mut ClubCtx, post_id: Uuid) -> Result<(), sqlx::Error> {
    let club_id = ctx.club_id();
    let conn: &mut PgConnection = &mut ctx.tx;
    let post: Option<(Uuid, Uuid, i32, String)> = sqlx::query_as(
        "select thread_id, author_id, number, body from club_posts where club_id = $1 and id = $2",
    )
    .bind(club_id)
    .bind(post_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((thread_id, author_id, number, body)) = post else {
        return Ok(());
    };
    if number == 1 {
        sqlx::query(
            "insert into club_subscriptions (club_id, user_id, scope, thread_id, delivery, token)
             values ($1, $2, 'thread', $3, 'immediate', $4) on conflict do nothing",
        )
        .bind(club_id)
        .bind(author_id)
        .bind(thread_id)
        .bind(super::subscriptions::new_token())
        .execute(&mut *conn)
        .await?;
    }
    let mentioned = mentioned_members(conn, club_id, author_id, &body).await?;
    sqlx::query(
        "insert into club_notifications (club_id, user_id, post_id, thread_id, reason, delivery, subscription_id)
         select $1, user_id, $2, $3, reason, delivery, subscription_id
         from (select distinct on (s.user_id) s.user_id, s.id as subscription_id,
                      case s.scope when 'mentions' then 'mention' else s.scope end as reason,
                      nullif(s.delivery, 'off') as delivery
               from club_subscriptions s
               where s.club_id = $1 and s.user_id <> $4
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
