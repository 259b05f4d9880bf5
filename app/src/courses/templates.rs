//! The demo catalogue every demo region gets: 43 Russian further-training courses covering
//! every competency of the template framework.

use serde::Deserialize;

use super::db::NewCourse;

const COURSES: &str = include_str!("templates/courses.json");

#[derive(Deserialize)]
struct Link {
    code: String,
    weight: f64,
}

#[derive(Deserialize)]
struct TemplateCourse {
    code: String,
    title: String,
    provider: String,
    description: String,
    kind: String,
    subject: Option<String>,
    format: String,
    hours: i32,
    audience: Vec<String>,
    competencies: Vec<Link>,
    link: Option<String>,
    #[serde(default)]
    on_platform: bool,
}

/// The demo courses. Face-to-face courses and internships have places (25 and 10); the rest are
/// unlimited. All are always open.
pub fn courses() -> Vec<NewCourse> {
    let courses: Vec<TemplateCourse> =
        serde_json::from_str(COURSES).expect("the template courses are valid JSON (checked by a test)");
    courses
        .into_iter()
        .map(|c| NewCourse {
            capacity: match c.format.as_str() {
                "очно" => Some(25),
                "стажировка" => Some(10),
                _ => None,
            },
            code: c.code,
            title: c.title,
            provider: c.provider,
            description: c.description,
            kind: c.kind,
            subject: c.subject,
            format: c.format,
            hours: c.hours,
            starts_on: None,
            ends_on: None,
            audience: c.audience,
            competencies: c.competencies.into_iter().map(|l| (l.code, l.weight)).collect(),
            link: c.link,
            on_platform: c.on_platform,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::courses::form;
    use crate::courses::recommend::COVERS_FROM;
    use crate::courses::CourseForm;

    #[test]
    fn the_demo_catalogue_is_valid_and_closes_every_competency_of_every_profile() {
        let framework = crate::diagnostics::templates::framework();
        let courses = courses();
        assert!(courses.len() >= 25);
        let count = |kind: &str| courses.iter().filter(|c| c.kind == kind).count();
        assert!(count("soft") >= 8);
        for subject in ["математика", "русский язык"] {
            assert!(
                courses
                    .iter()
                    .filter(|c| c.subject.as_deref() == Some(subject))
                    .count()
                    >= 3
            );
        }
        for course in &courses {
            // Every demo course passes the operator's form as it is.
            let view = course.view(String::new());
            let parsed = form::parse(&CourseForm::from(&view), Some(&framework))
                .unwrap_or_else(|e| panic!("{}: {e}", course.code));
            assert_eq!(&parsed, course);
        }
        for profile in &framework.profiles {
            for code in &profile.competencies {
                assert!(
                    courses.iter().any(|c| c.audience.contains(&profile.position)
                        && c.competencies.iter().any(|(k, w)| k == code && *w >= COVERS_FROM)),
                    "no course for {} closes {code}",
                    profile.position
                );
            }
        }
    }
}
