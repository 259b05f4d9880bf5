//! Russian text of the sessions hardening (issue 10); re-exported from `i18n::ru`.
