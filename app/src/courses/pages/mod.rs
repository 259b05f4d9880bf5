//! The pages of the courses domain: the operator's catalogue and the person's route.

mod admin;
mod enrolments;
mod route;

pub use admin::CoursesAdminPage;
pub use enrolments::EnrolmentsAdminPage;
pub use route::RoutePage;
