//! The pages of the certificates domain: the administrator's settings and queue, the registry,
//! the person's own certificates, and the public verification page.

mod admin;
mod mine;
mod queue;
mod registry;
mod verify;

pub use admin::CertificatesAdminPage;
pub use mine::MyCertificatesPage;
pub use registry::CertificateRegistryPage;
pub use verify::VerifyPage;
