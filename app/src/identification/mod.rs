//! Identification of schools that need help (module A): each region's criteria as
//! configuration, the engine that applies them, and (to come) runs, overrides and publishing.

pub mod config;
#[cfg(feature = "ssr")]
pub mod engine;
