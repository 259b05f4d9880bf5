//! Writing a comment: anyone who sees the case may, and may mention its participants only.

use uuid::Uuid;

use super::{db, MAX_BODY};
use crate::error::AppError;
use crate::i18n::ru;
use crate::notifications::{self, templates};
use crate::state::parse_id;
use crate::support::scope::{reader, working_case};

pub async fn post_case_comment(
    slug: &str,
    case: &str,
    parent: Option<&str>,
    body: &str,
    mentions: &[String],
) -> Result<(), AppError> {
    let mut staff = reader(slug).await?;
    let (_, case) = working_case(&mut staff, case).await?;
    let body = checked_body(body)?;
    let tenant = staff.tenant.id;
    let parent = match parent.map(str::trim).filter(|p| !p.is_empty()) {
        Some(raw) => {
            let id = parse_id(raw)?;
            // A reply to another case's comment, or to a reply, names nothing here.
            if !db::is_thread_of(&mut staff.tx, tenant, case.id, id).await? {
                return Err(AppError::NotFound);
            }
            Some(id)
        }
        None => None,
    };
    let participants = db::participants(&mut staff.tx, tenant, &case).await?;
    let me = staff.user.user_id;
    let mut mentioned: Vec<&db::ParticipantRow> = Vec::new();
    for raw in mentions {
        let person = Uuid::parse_str(raw.trim())
            .ok()
            .and_then(|id| participants.iter().find(|p| p.id == id))
            .ok_or_else(|| AppError::invalid("mentions", ru::CHAT_MENTION_UNKNOWN))?;
        if person.id != me && !mentioned.iter().any(|p| p.id == person.id) {
            mentioned.push(person);
        }
    }
    let ids: Vec<Uuid> = mentioned.iter().map(|p| p.id).collect();
    let new = db::NewComment {
        case: case.id,
        parent,
        author: me,
        body,
        mentions: &ids,
    };
    let id = db::insert(&mut staff.tx, tenant, new).await?;
    staff
        .audit(
            "support_comment",
            serde_json::json!({ "case": case.id, "comment": id, "parent": parent, "mentions": ids }),
        )
        .await?;
    let author = participants
        .iter()
        .find(|p| p.id == me)
        .map(|p| p.full_name.clone())
        .unwrap_or_default();
    let link = format!(
        "{}/r/{}/support/{}/chat",
        staff.state.public_url, staff.tenant.card.slug, case.id
    );
    for person in mentioned {
        let mail = templates::support_mention(
            &staff.tenant.card.name,
            &person.full_name,
            &author,
            &case.school,
            body,
            &link,
        );
        notifications::send(&mut staff, &person.email, mail).await?;
    }
    staff.commit().await
}

fn checked_body(body: &str) -> Result<&str, AppError> {
    let body = body.trim();
    if body.is_empty() {
        return Err(AppError::invalid("body", ru::CHAT_BODY_EMPTY));
    }
    if body.chars().count() > MAX_BODY {
        return Err(AppError::invalid("body", ru::chat_body_too_long(MAX_BODY)));
    }
    Ok(body)
}
