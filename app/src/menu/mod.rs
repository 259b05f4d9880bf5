//! The header's menu on every page: who is signed in, and the pages their roles open (the
//! cabinet, the operator's administration, the confirmation queue, the club, the platform's
//! administration), with the club's unread counter. It sits above the domains, like the cabinet,
//! which shows the same role links from [`role_links`].

#[cfg(feature = "ssr")]
mod build;
mod widget;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::access::Role;
use crate::club::notify::Unread;
use crate::error::AppError;
use crate::i18n::ru;

pub use widget::HeaderMenu;

/// What the header shows a signed-in person.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Menu {
    pub full_name: String,
    /// The region the links are for: the page's, else the person's first.
    pub region: Option<String>,
    pub links: Vec<MenuLink>,
    pub unread: Option<Unread>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MenuLink {
    pub href: String,
    pub label: String,
}

impl MenuLink {
    fn new(href: String, label: &str) -> MenuLink {
        MenuLink {
            href,
            label: label.to_string(),
        }
    }
}

/// The pages a person's roles in region `slug` open, in the order the menu and the cabinet
/// list them.
pub fn role_links(roles: &[Role], slug: &str) -> Vec<MenuLink> {
    let has = |role| roles.contains(&role);
    let (operator, director) = (has(Role::RegionalOperator), has(Role::Director));
    let region = |path: &str| format!("/r/{slug}/{path}");
    let mut links = Vec::new();
    if operator {
        links.extend([
            MenuLink::new(region("admin/identification"), ru::ID_TITLE),
            MenuLink::new(region("admin/diagnostics"), ru::DIAG_ADMIN_TITLE),
            MenuLink::new(region("admin/courses"), ru::COURSES_ADMIN_TITLE),
            MenuLink::new(region("admin/schools"), ru::SCHOOLS_TITLE),
            MenuLink::new(region("admin/people"), ru::ADMIN_PEOPLE_TITLE),
            MenuLink::new(region("admin/mail"), ru::ADMIN_MAIL_TITLE),
            MenuLink::new(region("admin/audit"), ru::ADMIN_AUDIT_TITLE),
            MenuLink::new(region("admin/growth"), ru::GROWTH_ADMIN_TITLE),
        ]);
    }
    if director || operator {
        links.push(MenuLink::new(region("confirmations"), ru::CONFIRMATIONS_LINK));
    }
    if director {
        links.push(MenuLink::new(region("school"), ru::SCHOOL_PAGE_TITLE));
        links.push(MenuLink::new("/club".to_string(), ru::CLUB_LINK));
    }
    if has(Role::MunicipalCoordinator) || operator {
        links.push(MenuLink::new(region("identification"), ru::PUBLISHED_TITLE));
    }
    if operator || director || has(Role::MunicipalCoordinator) {
        links.push(MenuLink::new(region("dashboard"), ru::DASH_TITLE));
    }
    if operator || has(Role::CourseAdmin) {
        links.push(MenuLink::new(region("admin/enrolments"), ru::ENROL_ADMIN_TITLE));
    }
    if has(Role::CertificateAdmin) {
        links.push(MenuLink::new(region("admin/certificates"), ru::CERT_ADMIN_TITLE));
    }
    if operator || director || has(Role::MunicipalCoordinator) || has(Role::Curator) {
        links.push(MenuLink::new(region("support"), ru::SUP_TITLE));
    }
    links
}

/// The menu for the page at `path`; `None` to a visitor.
#[server]
pub async fn get_menu(path: String) -> Result<Option<Menu>, AppError> {
    crate::state::with_status(build::get_menu(&path).await)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_teacher_has_no_role_links_and_an_operator_no_club() {
        assert!(role_links(&[Role::Teacher], "khabarovsk").is_empty());
        let operator = role_links(&[Role::RegionalOperator], "khabarovsk");
        assert!(operator
            .iter()
            .any(|l| l.href == "/r/khabarovsk/admin/identification"));
        assert!(operator.iter().all(|l| l.href != "/club"));
    }

    #[test]
    fn a_director_gets_the_club_and_the_school_once() {
        let links = role_links(&[Role::Director, Role::RegionalOperator], "orenburg");
        let count = |href: &str| links.iter().filter(|l| l.href == href).count();
        assert_eq!(count("/club"), 1);
        assert_eq!(count("/r/orenburg/school"), 1);
        assert_eq!(count("/r/orenburg/confirmations"), 1);
    }
}
