//! Every e-mail the platform sends, in Russian, as plain text and HTML, naming the region.

use super::Email;

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Wraps paragraphs and an optional button in the common layout.
fn render(region: &str, subject: &str, paragraphs: &[String], action: Option<(&str, &str)>) -> Email {
    let mut text = String::new();
    let mut html = format!(
        "<!DOCTYPE html><html lang=\"ru\"><head><meta charset=\"utf-8\"><title>{}</title></head>\
         <body style=\"font-family:Arial,sans-serif;color:#1d2433;max-width:36rem\">\
         <p style=\"color:#1f6feb;font-weight:bold\">Рост · {}</p>",
        escape(subject),
        escape(region)
    );
    for paragraph in paragraphs {
        text.push_str(paragraph);
        text.push_str("\n\n");
        html.push_str(&format!("<p>{}</p>", escape(paragraph)));
    }
    if let Some((label, link)) = action {
        text.push_str(&format!("{label}: {link}\n\n"));
        html.push_str(&format!(
            "<p><a href=\"{0}\" style=\"background:#1f6feb;color:#fff;padding:.6rem 1rem;border-radius:6px;\
             text-decoration:none\">{1}</a></p><p style=\"font-size:.85rem;color:#5b6578\">Если кнопка не \
             открывается, скопируйте ссылку в браузер: {0}</p>",
            escape(link),
            escape(label)
        ));
    }
    let footer = format!(
        "Это письмо отправлено платформой «Рост» ({region}). Если вы не совершали этого действия, \
         просто проигнорируйте письмо."
    );
    text.push_str(&footer);
    text.push('\n');
    html.push_str(&format!(
        "<hr><p style=\"font-size:.85rem;color:#5b6578\">{}</p></body></html>",
        escape(&footer)
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
        "Подтвердите адрес электронной почты",
        &[
            format!("Здравствуйте, {full_name}!"),
            format!("Вы зарегистрировались на платформе «Рост» в регионе «{region}»."),
            "Чтобы войти в личный кабинет, подтвердите адрес электронной почты. Ссылка действует 24 часа \
             и срабатывает один раз."
                .to_string(),
        ],
        Some(("Подтвердить адрес", link)),
    )
}

pub fn password_reset(region: &str, full_name: &str, link: &str) -> Email {
    render(
        region,
        "Восстановление пароля",
        &[
            format!("Здравствуйте, {full_name}!"),
            "Кто-то (возможно, вы) запросил восстановление пароля на платформе «Рост». Ссылка действует \
             1 час и срабатывает один раз."
                .to_string(),
        ],
        Some(("Задать новый пароль", link)),
    )
}

pub fn confirm_new_email(region: &str, full_name: &str, link: &str) -> Email {
    render(
        region,
        "Подтвердите новый адрес электронной почты",
        &[
            format!("Здравствуйте, {full_name}!"),
            "Вы указали этот адрес как новый адрес своего личного кабинета на платформе «Рост». Адрес \
             сменится, когда вы подтвердите его. Ссылка действует 24 часа."
                .to_string(),
        ],
        Some(("Подтвердить адрес", link)),
    )
}

pub fn email_change_requested(region: &str, full_name: &str, new_email: &str) -> Email {
    render(
        region,
        "Запрошена смена адреса электронной почты",
        &[
            format!("Здравствуйте, {full_name}!"),
            format!(
                "Для вашего личного кабинета запрошена смена адреса на {new_email}. Адрес сменится после \
                     подтверждения по ссылке, отправленной на новый адрес."
            ),
            "Если это были не вы, смените пароль и сообщите региональному оператору.".to_string(),
        ],
        None,
    )
}

pub fn password_changed(region: &str, full_name: &str) -> Email {
    render(
        region,
        "Пароль изменён",
        &[
            format!("Здравствуйте, {full_name}!"),
            "Пароль от вашего личного кабинета изменён, и все сеансы на других устройствах завершены."
                .to_string(),
            "Если это сделали не вы, немедленно восстановите пароль и сообщите региональному оператору."
                .to_string(),
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
    let mut paragraphs = vec![
        format!("Здравствуйте, {full_name}!"),
        format!("Вам назначена диагностика «{title}». Она поможет выявить профессиональные дефициты и подобрать программы развития."),
    ];
    if let Some(due) = due {
        paragraphs.push(format!("Пройдите её до {due}."));
    }
    paragraphs.push("Ответы сохраняются сразу, поэтому диагностику можно прервать и продолжить позже, в том числе с другого устройства.".to_string());
    render(
        region,
        "Вам назначена диагностика",
        &paragraphs,
        Some(("Открыть личный кабинет", link)),
    )
}

pub fn results_ready(region: &str, full_name: &str, title: &str, link: &str) -> Email {
    render(
        region,
        "Результаты диагностики готовы",
        &[
            format!("Здравствуйте, {full_name}!"),
            format!("Диагностика «{title}» завершена. В личном кабинете вас ждёт анализ профессиональных дефицитов."),
        ],
        Some(("Посмотреть результаты", link)),
    )
}

/// An operator's invitation: an offer that takes effect only once accepted.
pub fn invitation_offer(region: &str, full_name: &str, roles: &str, link: &str) -> Email {
    use crate::i18n::ru;
    render(
        region,
        ru::MAIL_INVITATION_SUBJECT,
        &[
            format!("{}, {full_name}!", ru::MAIL_GREETING_PREFIX),
            ru::mail_invitation_text(region, roles),
        ],
        Some((ru::MAIL_INVITATION_ACTION, link)),
    )
}

/// Tells the owner that their account was locked after repeated wrong passwords.
pub fn login_locked(region: &str, full_name: &str, attempts: i32, link: &str) -> Email {
    use crate::i18n::ru;
    render(
        region,
        ru::MAIL_LOCKED_SUBJECT,
        &[
            format!("{}, {full_name}!", ru::MAIL_GREETING_PREFIX),
            ru::mail_locked_text(attempts),
        ],
        Some((ru::MAIL_LOCKED_ACTION, link)),
    )
}

/// The school's (or the region's) decision on a person's school membership.
pub fn membership_decided(region: &str, subject_and_paragraphs: (&str, Vec<String>), link: &str) -> Email {
    let (subject, paragraphs) = subject_and_paragraphs;
    render(
        region,
        subject,
        &paragraphs,
        Some((crate::i18n::ru::MAIL_OPEN_CABINET, link)),
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
