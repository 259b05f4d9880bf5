pub mod files;
pub mod form;
pub mod history;
