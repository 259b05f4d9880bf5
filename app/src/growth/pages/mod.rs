//! The growth pages: the person's report and the operator's page.

mod admin;
mod report;

pub use admin::GrowthAdminPage;
pub use report::GrowthReportPage;
