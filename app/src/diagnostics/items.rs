//! The item editor: a new item, a change in place, or a new version of an item already used.

use uuid::Uuid;

use super::db::{self, NewItem};
use super::forms::parse_item_form;
use super::ItemForm;
use crate::access::{Staff, OPERATOR};
use crate::error::AppError;
use crate::i18n::ru;
use crate::state::parse_id;

pub async fn save_item(slug: &str, id: Option<&str>, form: ItemForm) -> Result<String, AppError> {
    let mut staff = Staff::require(slug, OPERATOR).await?;
    let (tenant_id, user_id) = (staff.tenant.id, staff.user.user_id);
    let mut item = parse_item_form(&form)?;
    let framework = db::framework_of(&mut staff.tx, tenant_id)
        .await?
        .ok_or_else(|| AppError::invalid("framework", ru::DIAG_NO_FRAMEWORK))?;
    item.validate(&framework.body)?;
    let id = id.filter(|id| !id.is_empty()).map(parse_id).transpose()?;
    let bank = db::current_items(&mut staff.tx, tenant_id, framework.id).await?;
    if bank.iter().any(|b| b.item.code == item.code && Some(b.id) != id) {
        return Err(AppError::invalid("code", ru::diag_duplicate_item(&item.code)));
    }
    // The editor has no subject field: an edited subject item stays one.
    if let Some(current) = id.and_then(|id| bank.iter().find(|b| b.id == id)) {
        item.subject = current.item.subject.clone();
    }
    let mut new = NewItem {
        framework_id: framework.id,
        id: id.unwrap_or_else(Uuid::new_v4),
        version: 1,
        item: &item,
        user: Some(user_id),
    };
    if let Some(id) = id {
        let current = bank.iter().find(|b| b.id == id).ok_or(AppError::NotFound)?;
        let frozen = db::frozen_versions(&mut staff.tx, tenant_id, Some(id)).await?;
        if !frozen.contains(&(id, current.version)) {
            db::update_item(&mut staff.tx, tenant_id, id, current.version, &item).await?;
            return finish(staff, id, &item.code, current.version).await;
        }
        new.version = current.version + 1;
    }
    let (id, version) = (new.id, new.version);
    db::insert_item(&mut staff.tx, tenant_id, new).await?;
    finish(staff, id, &item.code, version).await
}

async fn finish(mut staff: Staff, id: Uuid, code: &str, version: i32) -> Result<String, AppError> {
    let details = serde_json::json!({ "item": id, "code": code, "version": version });
    staff.audit("item_saved", details).await?;
    staff.commit().await?;
    Ok(id.to_string())
}
