pub mod levels;
