//! Reading a case's chat.

use super::{db, CaseChat, Comment, Participant};
use crate::error::AppError;
use crate::support::scope::{reader, working_case};

pub async fn get_case_chat(slug: &str, case: &str) -> Result<CaseChat, AppError> {
    let mut staff = reader(slug).await?;
    let (_, case) = working_case(&mut staff, case).await?;
    let (tenant, zone) = (staff.tenant.id, staff.tenant.time_zone.clone());
    let rows = db::comments(&mut staff.tx, tenant, &zone, case.id).await?;
    let participants = db::participants(&mut staff.tx, tenant, &case).await?;
    staff.commit().await?;
    Ok(CaseChat {
        case_id: case.id.to_string(),
        school: case.school,
        comments: threads(rows),
        participants: participants
            .into_iter()
            .map(|p| Participant {
                id: p.id.to_string(),
                name: p.full_name,
            })
            .collect(),
    })
}

/// Top-level comments in order, each with its replies in order.
fn threads(rows: Vec<db::CommentRow>) -> Vec<Comment> {
    let comment = |row: &db::CommentRow| Comment {
        id: row.id.to_string(),
        author: row.author.clone(),
        at: row.at.clone(),
        body: row.body.clone(),
        mentions: row.mentions.clone(),
        replies: Vec::new(),
    };
    let mut top: Vec<(uuid::Uuid, Comment)> = rows
        .iter()
        .filter(|row| row.parent_id.is_none())
        .map(|row| (row.id, comment(row)))
        .collect();
    for row in rows.iter().filter(|row| row.parent_id.is_some()) {
        if let Some((_, parent)) = top.iter_mut().find(|(id, _)| Some(*id) == row.parent_id) {
            parent.replies.push(comment(row));
        }
    }
    top.into_iter().map(|(_, comment)| comment).collect()
}
