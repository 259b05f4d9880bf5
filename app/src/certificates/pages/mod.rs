//! The pages of the certificates domain: the administrator's settings and queue, the registry,
//! and the person's own certificates (the public verification page is plain HTML,
//! `certificates::verify_page`).

mod admin;
mod mine;
mod queue;
mod registry;

pub use admin::CertificatesAdminPage;
pub use mine::MyCertificatesPage;
pub use registry::CertificateRegistryPage;
