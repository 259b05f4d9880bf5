//! The growth pages: the person's re-tests and reports, one report, a director's school, and the operator's page.

mod admin;
mod mine;
mod report;
mod school;

pub use admin::GrowthAdminPage;
pub use mine::MyGrowthPage;
pub use report::GrowthReportPage;
pub use school::SchoolPage;
