//! The lessons' Markdown as HTML, and the demo micro-courses' lessons.

use std::collections::HashSet;
use std::sync::LazyLock;

use pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};
use serde::Deserialize;
use sqlx::PgConnection;
use uuid::Uuid;

/// Markdown → HTML, then sanitised with a conservative allow-list: text structure, tables and
/// links to http(s) and mail only; no scripts, event handlers, styles or images. Runs on the
/// server only, so neither crate reaches the browser bundle.
pub fn render_markdown(markdown: &str) -> String {
    static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
        let mut builder = ammonia::Builder::empty();
        builder
            .add_tags([
                "p",
                "h3",
                "h4",
                "h5",
                "h6",
                "ul",
                "ol",
                "li",
                "strong",
                "em",
                "del",
                "a",
                "blockquote",
                "code",
                "pre",
                "table",
                "thead",
                "tbody",
                "tr",
                "th",
                "td",
                "br",
                "hr",
            ])
            .add_tag_attributes("a", ["href"])
            .url_schemes(HashSet::from(["http", "https", "mailto"]))
            .link_rel(Some("noopener noreferrer nofollow"));
        builder
    });
    let options = pulldown_cmark::Options::ENABLE_TABLES | pulldown_cmark::Options::ENABLE_STRIKETHROUGH;
    let events = pulldown_cmark::Parser::new_ext(markdown, options).map(|event| match event {
        Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) => Event::Start(Tag::Heading {
            level: below_lesson_title(level),
            id,
            classes,
            attrs,
        }),
        Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(below_lesson_title(level))),
        other => other,
    });
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events);
    CLEANER.clean(&html).to_string()
}

/// The page's `h1` is the course and its `h2` the lesson, so the lesson's own headings start at `h3`.
fn below_lesson_title(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 | HeadingLevel::H2 => HeadingLevel::H3,
        HeadingLevel::H3 => HeadingLevel::H4,
        HeadingLevel::H4 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

const MICRO_COURSES: [&str; 3] = [
    include_str!("../templates/micro-courses/formative-assessment.json"),
    include_str!("../templates/micro-courses/inclusive-class.json"),
    include_str!("../templates/micro-courses/data-protection.json"),
];

#[derive(Deserialize)]
pub struct TemplateLesson {
    pub title: String,
    pub markdown: String,
}

/// A demo micro-course. Its own `check` list is not used: the check is drawn from the region's
/// item bank (see `micro::draw`), which holds those items and whatever the region adds.
#[derive(Deserialize)]
pub struct TemplateMicro {
    pub slug: String,
    pub lessons: Vec<TemplateLesson>,
}

/// The catalogue course a micro-course's lessons belong to (`micro` in `courses.json`).
#[derive(Deserialize)]
struct CatalogueLink {
    code: String,
    micro: Option<String>,
}

/// (course code, micro-course) of the demo micro-courses.
pub fn templates() -> Vec<(String, TemplateMicro)> {
    let links: Vec<CatalogueLink> = serde_json::from_str(include_str!("../templates/courses.json"))
        .expect("the template courses are valid JSON (checked by a test)");
    MICRO_COURSES
        .iter()
        .map(|json| {
            let micro: TemplateMicro =
                serde_json::from_str(json).expect("the micro-courses are valid JSON (checked by a test)");
            let code = links
                .iter()
                .find(|l| l.micro.as_deref() == Some(micro.slug.as_str()))
                .map(|l| l.code.clone())
                .expect("every micro-course is in the template catalogue (checked by a test)");
            (code, micro)
        })
        .collect()
}

/// Gives the demo region's platform courses their lessons, where the course exists and has none.
pub async fn seed_lessons(conn: &mut PgConnection, tenant_id: Uuid) -> Result<(), sqlx::Error> {
    for (code, micro) in templates() {
        let (titles, texts): (Vec<String>, Vec<String>) =
            micro.lessons.into_iter().map(|l| (l.title, l.markdown)).unzip();
        sqlx::query(
            "insert into micro_lessons (tenant_id, course_id, position, title, markdown)
             select c.tenant_id, c.id, l.position, l.title, l.markdown
             from courses c, unnest($3::text[], $4::text[]) with ordinality as l (title, markdown, position)
             where c.tenant_id = $1 and c.code = $2 and c.on_platform
               and not exists (select 1 from micro_lessons m where m.tenant_id = c.tenant_id and m.course_id = c.id)",
        )
        .bind(tenant_id)
        .bind(&code)
        .bind(titles)
        .bind(texts)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_is_rendered_and_scripts_handlers_and_javascript_links_are_removed() {
        let html = render_markdown(
            "## Урок\n\n**важно** и [ссылка](https://example.ru)\n\n\
             <script>alert(1)</script>\n\n<img src=x onerror=\"alert(2)\">\n\n\
             [нажми](javascript:alert(3)) <a href=\"javascript:alert(4)\" onclick=\"alert(5)\">тут</a>\n\n\
             | a | b |\n|---|---|\n| 1 | 2 |\n",
        );
        assert!(html.contains("<h3>Урок</h3>"), "{html}");
        assert!(html.contains("<strong>важно</strong>"), "{html}");
        assert!(html.contains("href=\"https://example.ru\""), "{html}");
        assert!(html.contains("<table>"), "{html}");
        for bad in ["<script", "alert(1)", "onerror", "onclick", "javascript:", "<img"] {
            assert!(!html.contains(bad), "{bad} survived: {html}");
        }
    }

    #[test]
    fn every_demo_micro_course_has_lessons_and_a_platform_course() {
        let micros = templates();
        assert_eq!(micros.len(), 3);
        let catalogue = crate::courses::templates::courses();
        for (code, micro) in &micros {
            let course = catalogue.iter().find(|c| &c.code == code).expect("its course");
            assert!(course.on_platform, "{code}");
            assert!(micro.lessons.len() >= 3, "{}", micro.slug);
            for lesson in &micro.lessons {
                assert!(!lesson.title.trim().is_empty());
                assert!(render_markdown(&lesson.markdown).contains("<p>"));
            }
        }
    }
}
