pub mod levels;
pub mod team;
