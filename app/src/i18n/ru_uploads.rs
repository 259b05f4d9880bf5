//! Russian text of the uploads hardening (issue 10); re-exported from `i18n::ru`.
