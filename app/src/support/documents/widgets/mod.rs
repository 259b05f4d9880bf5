pub mod form;
pub mod history;
