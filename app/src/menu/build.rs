//! The menu's answer, asked once per navigation: the person's name, their links in the page's
//! region (or their first region on pages outside one) and the club's counter.

use super::{role_links, Menu, MenuLink};
use crate::access::{is_platform_admin, signed_in_user, Role};
use crate::error::AppError;
use crate::i18n::ru;
use crate::state::app_state;

pub async fn get_menu(path: &str) -> Result<Option<Menu>, AppError> {
    let Some(user) = signed_in_user() else {
        return Ok(None);
    };
    let state = app_state()?;
    let regions: Vec<(String, String)> = sqlx::query_as("select slug, name from rost_my_regions($1)")
        .bind(user.user_id)
        .fetch_all(&state.db)
        .await?;
    let page = region_of(path);
    let slug = page
        .filter(|slug| regions.iter().any(|(mine, _)| mine == slug))
        .or_else(|| regions.first().map(|(slug, _)| slug.as_str()));
    let mut links = Vec::new();
    let (full_name, region) = match slug {
        Some(slug) => {
            let Some(profile) = crate::accounts::profile_of(slug).await? else {
                return Ok(None);
            };
            let roles: Vec<Role> = profile
                .roles
                .iter()
                .filter_map(|code| Role::from_code(code))
                .collect();
            links.push(MenuLink::new(format!("/r/{slug}/cabinet"), ru::CABINET_TITLE));
            links.extend(role_links(&roles, slug));
            let support = format!("/r/{slug}/support");
            if roles.contains(&Role::Teacher)
                && !links.iter().any(|link| link.href == support)
                && crate::support::on_a_team(slug).await?
            {
                links.push(MenuLink::new(support, ru::SUP_TITLE));
            }
            (profile.full_name, Some(profile.region_name))
        }
        None => {
            let name: Option<String> =
                sqlx::query_scalar("select full_name from users where id = $1 and active")
                    .bind(user.user_id)
                    .fetch_optional(&state.db)
                    .await?;
            let Some(name) = name else {
                return Ok(None);
            };
            (name, None)
        }
    };
    if is_platform_admin(&state.db, user.user_id).await? {
        links.push(MenuLink::new("/admin".to_string(), ru::PLATFORM_TITLE));
    }
    let unread = crate::club::notify::get_club_unread().await?;
    Ok(Some(Menu {
        full_name,
        region,
        links,
        unread,
    }))
}

/// The region slug of a page's path (`/r/{slug}/…`).
fn region_of(path: &str) -> Option<&str> {
    path.strip_prefix("/r/")?
        .split('/')
        .next()
        .filter(|slug| !slug.is_empty())
}

#[cfg(test)]
mod tests {
    use super::region_of;

    #[test]
    fn the_region_comes_from_the_path_only() {
        assert_eq!(region_of("/r/khabarovsk/cabinet"), Some("khabarovsk"));
        assert_eq!(region_of("/r/orenburg"), Some("orenburg"));
        assert_eq!(region_of("/club/leadership"), None);
        assert_eq!(region_of("/r/"), None);
    }
}
