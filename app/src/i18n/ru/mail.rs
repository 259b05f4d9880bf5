//! Text of the e-mails and of the outbox page.

pub const MAIL_RETRY_NOT_FOUND: &str = "Такого неотправленного письма нет или оно уже в очереди.";
