//! What the load generators share (`mod common;` in each): the owner's pool on the benchmark
//! database's socket, signing in through the real login, and latency percentiles. A folder, so
//! cargo does not take it for a bench of its own. Each generator uses part of it.
#![allow(dead_code)]

use std::time::Duration;

use leptos::server_fn::ServerFn;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

/// The owner's pool on the database the bench script started, reached by its socket folder.
pub async fn owner_pool(socket: &str, connections: u32) -> sqlx::PgPool {
    PgPoolOptions::new()
        .max_connections(connections)
        .connect_with(
            PgConnectOptions::new()
                .host(socket)
                .username("postgres")
                .database("rost"),
        )
        .await
        .expect("database")
}

/// Signs in a Khabarovsk account through the login server function; returns the cookie header.
pub async fn sign_in(client: &reqwest::Client, base: &str, email: &str, password: &str) -> String {
    let response = client
        .post(format!("{base}{}", <app::accounts::Login as ServerFn>::PATH))
        .header("origin", base)
        .header("accept", "application/json")
        .form(&[("slug", "khabarovsk"), ("email", email), ("password", password)])
        .send()
        .await
        .expect("login");
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok()?.split(';').next().map(str::to_string))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The `p` quantile of sorted latencies, in milliseconds (NaN when there are none).
pub fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(index).map_or(f64::NAN, |d| d.as_secs_f64() * 1000.0)
}
