mod document;
mod list;

pub use document::SupportDocumentPage;
pub use list::SupportDocumentsPage;
