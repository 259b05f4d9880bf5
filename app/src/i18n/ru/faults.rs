//! Russian text of the faults hardening (issue 10); re-exported from `i18n::ru`.

/// What `ROST_MAIL_RETRY_BASE_MS` must be (the unit of the outbox's retry schedule).
pub const CONFIG_RETRY_BASE_EXPECTED: &str = "целое число миллисекунд больше нуля";
