//! The pages of the certificates domain: the administrator's settings and queue, the registry,
//! and the public verification page.

mod admin;
mod queue;
mod registry;
mod verify;

pub use admin::CertificatesAdminPage;
pub use registry::CertificateRegistryPage;
pub use verify::VerifyPage;
