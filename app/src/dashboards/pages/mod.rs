//! The dashboard page.

mod dashboard;

pub use dashboard::DashboardPage;
