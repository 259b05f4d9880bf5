//! Every e-mail the platform sends, as plain text and HTML, naming the region; the words are in
//! `i18n::ru` (mail.rs).

use super::Email;
use crate::components::escape_html;
use crate::i18n::ru;

/// Wraps paragraphs and an optional button in the common layout.
pub fn render(region: &str, subject: &str, paragraphs: &[String], action: Option<(&str, &str)>) -> Email {
    let mut text = String::new();
    let mut html = format!(
        "<!DOCTYPE html><html lang=\"ru\"><head><meta charset=\"utf-8\"><title>{}</title></head>\
         <body style=\"font-family:Arial,sans-serif;color:#1d2433;max-width:36rem\">\
         <p style=\"color:#1f6feb;font-weight:bold\">{}</p>",
        escape_html(subject),
        escape_html(&ru::mail_masthead(region))
    );
    for paragraph in paragraphs {
        text.push_str(paragraph);
        text.push_str("\n\n");
        html.push_str(&format!("<p>{}</p>", escape_html(paragraph)));
    }
    if let Some((label, link)) = action {
        text.push_str(&format!("{label}: {link}\n\n"));
        html.push_str(&format!(
            "<p><a href=\"{0}\" style=\"background:#1f6feb;color:#fff;padding:.6rem 1rem;border-radius:6px;\
             text-decoration:none\">{1}</a></p><p style=\"font-size:.85rem;color:#5b6578\">{2} {0}</p>",
            escape_html(link),
            escape_html(label),
            escape_html(ru::MAIL_BUTTON_FALLBACK)
        ));
    }
    let footer = ru::mail_footer(region);
    text.push_str(&footer);
    text.push('\n');
    html.push_str(&format!(
        "<hr><p style=\"font-size:.85rem;color:#5b6578\">{}</p></body></html>",
        escape_html(&footer)
    ));
    Email {
        subject: subject.to_string(),
        text,
        html,
    }
}

pub fn confirm_email(region: &str, full_name: &str, link: &str) -> Email {
    render(
        region,
        ru::MAIL_CONFIRM_SUBJECT,
        &[
            ru::mail_greeting(full_name),
            ru::mail_confirm_registered(region),
            ru::MAIL_CONFIRM_TEXT.to_string(),
        ],
        Some((ru::MAIL_CONFIRM_ACTION, link)),
    )
}

pub fn password_reset(region: &str, full_name: &str, link: &str) -> Email {
    render(
        region,
        ru::MAIL_RESET_SUBJECT,
        &[ru::mail_greeting(full_name), ru::MAIL_RESET_TEXT.to_string()],
        Some((ru::MAIL_RESET_ACTION, link)),
    )
}

pub fn confirm_new_email(region: &str, full_name: &str, link: &str) -> Email {
    render(
        region,
        ru::MAIL_NEW_EMAIL_SUBJECT,
        &[ru::mail_greeting(full_name), ru::MAIL_NEW_EMAIL_TEXT.to_string()],
        Some((ru::MAIL_CONFIRM_ACTION, link)),
    )
}

pub fn email_change_requested(region: &str, full_name: &str, new_email: &str) -> Email {
    render(
        region,
        ru::MAIL_EMAIL_CHANGE_SUBJECT,
        &[
            ru::mail_greeting(full_name),
            ru::mail_email_change_text(new_email),
            ru::MAIL_EMAIL_CHANGE_WARNING.to_string(),
        ],
        None,
    )
}

pub fn password_changed(region: &str, full_name: &str) -> Email {
    render(
        region,
        ru::MAIL_PASSWORD_CHANGED_SUBJECT,
        &[
            ru::mail_greeting(full_name),
            ru::MAIL_PASSWORD_CHANGED_TEXT.to_string(),
            ru::MAIL_PASSWORD_CHANGED_WARNING.to_string(),
        ],
        None,
    )
}

pub fn diagnostic_assigned(
    region: &str,
    full_name: &str,
    title: &str,
    due: Option<&str>,
    link: &str,
) -> Email {
    let mut paragraphs = vec![ru::mail_greeting(full_name), ru::mail_assigned_text(title)];
    if let Some(due) = due {
        paragraphs.push(ru::mail_assigned_due(due));
    }
    paragraphs.push(ru::MAIL_ASSIGNED_RESUME.to_string());
    render(
        region,
        ru::MAIL_ASSIGNED_SUBJECT,
        &paragraphs,
        Some((ru::MAIL_OPEN_CABINET, link)),
    )
}

pub fn results_ready(region: &str, full_name: &str, title: &str, link: &str) -> Email {
    render(
        region,
        ru::MAIL_RESULTS_SUBJECT,
        &[ru::mail_greeting(full_name), ru::mail_results_text(title)],
        Some((ru::MAIL_RESULTS_ACTION, link)),
    )
}

/// An operator's invitation: an offer that takes effect only once accepted.
pub fn invitation_offer(region: &str, full_name: &str, roles: &str, link: &str) -> Email {
    render(
        region,
        ru::MAIL_INVITATION_SUBJECT,
        &[
            ru::mail_greeting(full_name),
            ru::mail_invitation_text(region, roles),
        ],
        Some((ru::MAIL_INVITATION_ACTION, link)),
    )
}

/// Tells the owner that their account was locked after repeated wrong passwords.
pub fn login_locked(region: &str, full_name: &str, attempts: i32, link: &str) -> Email {
    render(
        region,
        ru::MAIL_LOCKED_SUBJECT,
        &[ru::mail_greeting(full_name), ru::mail_locked_text(attempts)],
        Some((ru::MAIL_LOCKED_ACTION, link)),
    )
}

/// The school's (or the region's) decision on a person's school membership.
pub fn membership_decided(region: &str, subject_and_paragraphs: (&str, Vec<String>), link: &str) -> Email {
    let (subject, paragraphs) = subject_and_paragraphs;
    render(region, subject, &paragraphs, Some((ru::MAIL_OPEN_CABINET, link)))
}

/// News about a course enrolment (enrolled, waiting, a freed place, a document decided), with
/// a link to the person's route.
pub fn enrolment_news(region: &str, full_name: &str, subject: &str, text: String, link: &str) -> Email {
    render(
        region,
        subject,
        &[ru::mail_greeting(full_name), text],
        Some((ru::MAIL_OPEN_ROUTE, link)),
    )
}

/// «Вам выдан сертификат», sent with the PDF attached.
pub fn certificate_issued(region: &str, full_name: &str, number: &str, programme: &str, link: &str) -> Email {
    render(
        region,
        ru::MAIL_CERTIFICATE_SUBJECT,
        &[
            ru::mail_greeting(full_name),
            ru::mail_certificate_issued(number, programme),
        ],
        Some((ru::MAIL_CERTIFICATE_VERIFY, link)),
    )
}

pub fn certificate_revoked(
    region: &str,
    full_name: &str,
    number: &str,
    category: &str,
    reason: &str,
) -> Email {
    render(
        region,
        ru::MAIL_CERTIFICATE_REVOKED_SUBJECT,
        &[
            ru::mail_greeting(full_name),
            ru::mail_certificate_revoked(number, category, reason),
        ],
        None,
    )
}

/// A re-test was opened for the person (issue 12).
pub fn retest_opened(region: &str, full_name: &str, title: &str, link: &str) -> Email {
    render(
        region,
        ru::MAIL_RETEST_OPENED_SUBJECT,
        &[ru::mail_greeting(full_name), ru::mail_retest_opened_text(title)],
        Some((ru::MAIL_RETEST_OPENED_ACTION, link)),
    )
}

/// A re-test was finished: the link opens the growth report.
pub fn growth_ready(region: &str, full_name: &str, title: &str, link: &str) -> Email {
    render(
        region,
        ru::MAIL_GROWTH_SUBJECT,
        &[ru::mail_greeting(full_name), ru::mail_growth_text(title)],
        Some((ru::MAIL_GROWTH_ACTION, link)),
    )
}

/// A participant of a support case was mentioned in its chat.
pub fn support_mention(
    region: &str,
    full_name: &str,
    author: &str,
    school: &str,
    body: &str,
    link: &str,
) -> Email {
    render(
        region,
        &ru::mail_chat_mention_subject(school),
        &[
            ru::mail_greeting(full_name),
            ru::mail_chat_mention(author, school),
            ru::mail_chat_quote(body),
        ],
        Some((ru::CHAT_OPEN_LINK, link)),
    )
}

/// A member of a school was put on the team of its support case.
pub fn support_team_added(region: &str, full_name: &str, director: &str, school: &str, link: &str) -> Email {
    render(
        region,
        &ru::mail_team_subject(school),
        &[
            ru::mail_greeting(full_name),
            ru::mail_team_added(director, school),
        ],
        Some((ru::TEAM_OPEN_CASE, link)),
    )
}

/// A director's school was made the partner of another school's support case.
pub fn support_partner(region: &str, full_name: &str, school: &str, link: &str) -> Email {
    render(
        region,
        &ru::mail_partner_subject(school),
        &[ru::mail_greeting(full_name), ru::mail_partner(school)],
        Some((ru::TEAM_OPEN_CASE, link)),
    )
}

/// A curator recorded a visit to the school, with `recommendations` for it to decide on.
pub fn support_visit(
    region: &str,
    full_name: &str,
    school: &str,
    on: &str,
    recommendations: usize,
    link: &str,
) -> Email {
    render(
        region,
        &ru::mail_visit_subject(school),
        &[
            ru::mail_greeting(full_name),
            ru::mail_visit(school, on, recommendations),
        ],
        Some((ru::TEAM_OPEN_CASE, link)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_confirmation_names_the_region_and_carries_the_link_in_both_parts() {
        let email = confirm_email("Хабаровский край", "Иванова Мария", "http://x/confirm?token=<a>");
        assert!(email.text.contains("Хабаровский край"));
        assert!(email.text.contains("http://x/confirm?token=<a>"));
        assert!(
            email.html.contains("http://x/confirm?token=&lt;a&gt;"),
            "HTML is escaped"
        );
        assert!(email.html.starts_with("<!DOCTYPE html><html lang=\"ru\">"));
    }
}
