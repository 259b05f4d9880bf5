//! Text of a support case's chat (issue 17).

pub const CHAT_TITLE: &str = "Обсуждение кейса";
pub const CHAT_OPEN_LINK: &str = "Открыть обсуждение";
pub const CHAT_EMPTY: &str = "Сообщений пока нет. Напишите первое — его увидят все участники кейса.";
pub const CHAT_BODY: &str = "Сообщение";
pub const CHAT_SEND: &str = "Отправить";
pub const CHAT_REPLY: &str = "Ответить";
pub const CHAT_SEND_REPLY: &str = "Отправить ответ";
pub const CHAT_MENTION: &str = "Упомянуть (получат письмо)";
pub const CHAT_MENTIONS_PREFIX: &str = "Упомянуты";
pub const CHAT_BODY_EMPTY: &str = "Поле «Сообщение»: напишите текст сообщения";
pub const CHAT_MENTION_UNKNOWN: &str =
    "Поле «Упомянуть»: упомянуть можно только участника кейса (куратора, директора школы, координатора или оператора)";

pub fn chat_body_too_long(max: usize) -> String {
    format!("Поле «Сообщение»: не длиннее {max} знаков")
}

pub fn mail_chat_mention_subject(school: &str) -> String {
    format!("Вас упомянули в обсуждении кейса: {school}")
}

pub fn mail_chat_mention(author: &str, school: &str) -> String {
    format!("{author} упомянул(а) вас в обсуждении кейса сопровождения школы «{school}»:")
}

/// The comment as quoted in the e-mail: its first 500 characters.
pub fn mail_chat_quote(body: &str) -> String {
    let mut quote: String = body.chars().take(500).collect();
    if quote.len() < body.len() {
        quote.push('…');
    }
    format!("«{quote}»")
}
