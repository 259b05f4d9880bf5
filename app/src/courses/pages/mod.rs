//! The pages of the courses domain: the operator's catalogue and the person's route.

mod admin;
mod enrolments;
mod learn;
mod route;
mod shared;

pub use admin::CoursesAdminPage;
pub use enrolments::EnrolmentsAdminPage;
pub use learn::LearnPage;
pub use route::RoutePage;
pub use shared::SharedRoutesPage;
