//! The routed pages of the diagnostics (`app/src/lib.rs`).

mod admin;
mod attempt;
mod instrument_statistics;
mod result;

pub use admin::DiagnosticsAdminPage;
pub use attempt::AttemptPage;
pub use instrument_statistics::InstrumentStatisticsPage;
pub use result::ResultPage;
