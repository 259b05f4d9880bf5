//! The ready framework and item bank that regions copy and edit.

use super::model::{Framework, Item};

const FRAMEWORK: &str = include_str!("templates/framework.json");
const ITEMS: &str = include_str!("templates/items.json");
/// The deeper bank for re-tests (issue 12), with the subject blocks; codes differ from `ITEMS`.
const ITEMS_EXTRA: &str = include_str!("templates/items_extra.json");

pub fn framework() -> Framework {
    serde_json::from_str(FRAMEWORK).expect("the template framework is valid JSON (checked by a test)")
}

pub fn items() -> Vec<Item> {
    let mut items: Vec<Item> =
        serde_json::from_str(ITEMS).expect("the template items are valid JSON (checked by a test)");
    let extra: Vec<Item> = serde_json::from_str(ITEMS_EXTRA)
        .expect("the extra template items are valid JSON (checked by a test)");
    items.extend(extra);
    items
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::diagnostics::model::ItemKind;

    #[test]
    fn the_template_framework_is_valid_and_covers_every_area() {
        let framework = framework();
        framework.validate().unwrap();
        assert!(framework.competencies.len() >= 25);
        for area in ["NPA", "SUB", "MET", "PSY", "COM", "DIG", "MGT"] {
            assert!(framework.competencies.iter().any(|c| c.area == area), "{area}");
        }
    }

    #[test]
    fn the_template_bank_is_valid_covers_every_competency_and_every_kind() {
        let framework = framework();
        let items = items();
        assert!(items.len() >= 60);
        let mut codes = HashSet::new();
        for item in &items {
            item.validate(&framework)
                .unwrap_or_else(|e| panic!("{}: {}", item.code, e.message));
            assert!(codes.insert(item.code.clone()), "duplicate {}", item.code);
        }
        for competency in &framework.competencies {
            assert!(
                items
                    .iter()
                    .any(|i| i.primary_competency() == Some(competency.code.as_str())),
                "{} has no item",
                competency.code
            );
        }
        for kind in ItemKind::ALL {
            assert!(items.iter().any(|i| i.kind == kind), "{kind:?}");
        }
    }

    /// The depth re-tests need (issue 12): at least five items for every competency of the
    /// teacher's and the director's profiles, besides the subject items, and fifteen per subject.
    #[test]
    fn the_template_bank_is_deep_enough_for_re_tests() {
        let framework = framework();
        let items = items();
        for profile in framework.profiles.iter().filter(|p| p.subject.is_none()) {
            for code in &profile.competencies {
                let general = items
                    .iter()
                    .filter(|i| i.subject.is_none() && i.primary_competency() == Some(code.as_str()))
                    .count();
                let all = items
                    .iter()
                    .filter(|i| i.primary_competency() == Some(code.as_str()))
                    .count();
                assert!(all >= 5, "{} has {all} items for {code}", profile.position);
                assert!(general >= 3, "{code} has {general} items without a subject");
            }
        }
        for subject in ["математика", "русский язык"] {
            let count = items
                .iter()
                .filter(|i| i.subject.as_deref() == Some(subject))
                .count();
            assert!(count >= 15, "{subject}: {count}");
        }
    }
}
