//! Database bootstrap: the owner pool that migrates and seeds, and the application pool that
//! serves requests under row-level security.

use sqlx::{
    postgres::{PgConnectOptions, PgPoolOptions},
    Executor, PgPool,
};

use crate::config::{Config, Database};
use crate::embedded_pg::{EmbeddedPgError, EmbeddedPostgres};

/// The application role created by the first migration.
pub const APP_ROLE: &str = "rost_app";
pub const EMBEDDED_DATABASE: &str = "rost";

pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../migrations");

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error(transparent)]
    Embedded(#[from] EmbeddedPgError),
    #[error("database error: {0}")]
    Sqlx(#[from] sqlx::Error),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

/// Where the two pools connect.
pub struct Connections {
    pub owner: PgConnectOptions,
    /// `None`: connect with the owner's credentials and `SET ROLE rost_app`.
    pub app: Option<PgConnectOptions>,
}

impl Connections {
    /// The embedded cluster: the superuser migrates, `rost_app` serves, both over the socket.
    pub fn embedded(cluster: &EmbeddedPostgres, database: &str) -> Self {
        Connections {
            owner: cluster.superuser_options(database),
            app: Some(cluster.options(APP_ROLE, database)),
        }
    }

    pub fn from_config(config: &Config) -> Option<Self> {
        match &config.database {
            Database::Embedded => None,
            Database::External { owner, app } => Some(Connections {
                owner: owner.as_ref().clone(),
                app: app.as_deref().cloned(),
            }),
        }
    }
}

/// Lets the embedded cluster's `rost_app` log in (over the private socket, with trust).
pub async fn prepare_embedded_roles(cluster: &EmbeddedPostgres) -> Result<(), sqlx::Error> {
    let pool = PgPoolOptions::new()
        .max_connections(1)
        .connect_with(cluster.superuser_options("postgres"))
        .await?;
    pool.execute(
        "do $$ begin
            if not exists (select 1 from pg_roles where rolname = 'rost_app') then
                create role rost_app login nosuperuser nobypassrls;
            else
                alter role rost_app login;
            end if;
         end $$",
    )
    .await?;
    pool.close().await;
    Ok(())
}

/// Applies pending migrations as the owner.
pub async fn migrate(owner: &PgPool) -> Result<(), DbError> {
    MIGRATOR.run(owner).await?;
    Ok(())
}

pub async fn owner_pool(connections: &Connections) -> Result<PgPool, sqlx::Error> {
    PgPoolOptions::new()
        .max_connections(2)
        .connect_with(connections.owner.clone())
        .await
}

pub async fn app_pool(connections: &Connections, max_connections: u32) -> Result<PgPool, sqlx::Error> {
    let options = PgPoolOptions::new().max_connections(max_connections);
    match &connections.app {
        Some(app) => options.connect_with(app.clone()).await,
        None => {
            options
                .after_connect(|conn, _meta| {
                    Box::pin(async move {
                        conn.execute("set role rost_app").await?;
                        Ok(())
                    })
                })
                .connect_with(connections.owner.clone())
                .await
        }
    }
}
