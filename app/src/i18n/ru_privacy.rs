//! Russian text of the privacy hardening (issue 10); re-exported from `i18n::ru`.
