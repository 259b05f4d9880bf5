//! Russian text of the faults hardening (issue 10); re-exported from `i18n::ru`.
