mod case;
mod cases;
mod profile;

pub use case::SupportCasePage;
pub use cases::SupportCasesPage;
pub use profile::SupportProfilePage;
