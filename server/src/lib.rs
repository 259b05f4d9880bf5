//! The Rost server: configuration, the embedded database, migrations, HTTP and the command line.

pub mod assets;
pub mod certificate_routes;
pub mod cli;
pub mod club_cli;
pub mod club_event_routes;
pub mod config;
pub mod db;
pub mod embedded_pg;
pub mod http;
pub mod jobs;
pub mod seed;
pub mod startup;
pub mod telemetry;
