//! The case's list of documents, and what every action shares: the case (as the reader sees
//! it) with the documents it may hold, one anti-risk programme per priority risk.

use crate::access::Staff;
use crate::error::AppError;
use crate::i18n::ru;
use crate::support::cases::{scored, Scored};
use crate::support::db::CaseRecord;
use crate::support::scope::{reader, visible_case, Viewer};

use super::{db, DocKind, DocState, DocumentList, DocumentRow, MailChoice, Slot};

/// A visible case and its document slots with their titles.
pub(super) struct CaseDocs {
    pub viewer: Viewer,
    pub case: CaseRecord,
    pub slots: Vec<(Slot, String)>,
}

impl CaseDocs {
    /// The slot named in an address, with its title; «not found» for an anti-risk programme of
    /// a risk the school did not choose.
    pub fn slot(&self, code: &str) -> Result<(Slot, String), AppError> {
        let slot = Slot::parse(code).ok_or_else(|| AppError::invalid("slot", ru::SDOC_KIND_UNKNOWN))?;
        self.slots
            .iter()
            .find(|(s, _)| *s == slot)
            .cloned()
            .ok_or_else(|| AppError::invalid("slot", ru::SDOC_NOT_PRIORITY))
    }
}

pub(super) async fn case_docs(staff: &mut Staff, case: &str) -> Result<CaseDocs, AppError> {
    let (viewer, case) = visible_case(staff, case).await?;
    let scored = scored(staff, case.id).await?;
    let slots = slots(&scored);
    Ok(CaseDocs { viewer, case, slots })
}

/// The case's documents in their order, each with its title: an anti-risk programme for each
/// priority risk first, then one of every other kind.
pub(in crate::support) fn slots(scored: &Scored) -> Vec<(Slot, String)> {
    let antirisk = scored.priorities.iter().map(|code| {
        let title = scored
            .questionnaire
            .factors
            .iter()
            .find(|f| &f.code == code)
            .map_or(code.as_str(), |f| f.title.as_str());
        let slot = Slot {
            kind: DocKind::Antirisk,
            factor: code.clone(),
        };
        (slot, ru::sdoc_antirisk_title(title))
    });
    let others = DocKind::ALL
        .into_iter()
        .filter(|k| *k != DocKind::Antirisk)
        .map(|kind| {
            let slot = Slot {
                kind,
                factor: String::new(),
            };
            (slot, kind.label().to_string())
        });
    antirisk.chain(others).collect()
}

pub async fn get_support_documents(slug: &str, case: &str) -> Result<DocumentList, AppError> {
    let mut staff = reader(slug).await?;
    let docs = case_docs(&mut staff, case).await?;
    let (tenant, user) = (staff.tenant.id, staff.user.user_id);
    let latest = db::latest_of_case(&mut staff.tx, tenant, docs.case.id).await?;
    let off = db::mail_off(&mut staff.tx, tenant, user).await?;
    staff.commit().await?;
    let documents = docs
        .slots
        .iter()
        .map(|(slot, title)| {
            let found = latest
                .iter()
                .find(|l| l.kind == slot.kind.code() && l.factor == slot.factor);
            DocumentRow {
                slot: slot.code(),
                title: title.clone(),
                state: found.and_then(|l| DocState::from_code(&l.state)),
                version: found.map_or(0, |l| l.version),
            }
        })
        .collect();
    let mail = ru::SDOC_MAIL_KINDS
        .iter()
        .map(|(kind, label)| MailChoice {
            kind: kind.to_string(),
            label: label.to_string(),
            on: !off.iter().any(|o| o == kind),
        })
        .collect();
    Ok(DocumentList {
        case_id: docs.case.id.to_string(),
        school: docs.case.school,
        year: docs.case.year,
        documents,
        mail,
    })
}
