//! Builds the application from its configuration and runs it until a shutdown signal.

use std::{future::Future, net::SocketAddr};

use app::{
    accounts::session::{AuthSettings, SigningKeys},
    certificates::sealing::MasterKey,
    notifications::worker::{OutboxSignal, Transport, Worker},
    state::AppState,
    Assets,
};
use leptos::prelude::LeptosOptions;
use secrecy::ExposeSecret;
use sqlx::PgPool;
use tokio::net::TcpListener;

use crate::{
    assets::AssetManifest,
    config::Config,
    db::{self, Connections, DbError},
    embedded_pg::EmbeddedPostgres,
    http, seed,
};

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error(transparent)]
    Db(#[from] DbError),
    #[error(transparent)]
    Seed(#[from] seed::SeedError),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("the server stopped with an error: {0}")]
    Serve(std::io::Error),
    #[error("cannot prepare {path}: {source}")]
    DataFolder { path: String, source: std::io::Error },
    #[error("ROST_SMTP_URL is not a usable SMTP address: {0}")]
    Smtp(#[from] lettre::transport::smtp::Error),
    #[error(
        "{path} is not a key encryption key (32 bytes in base64); restore it or set ROST_KEY_ENCRYPTION_KEY"
    )]
    BadKeyFile { path: String },
    #[error("certificate signing keys: {0}")]
    CertificateKeys(#[from] app::certificates::signing::KeyError),
}

/// The signing keys from configuration, or a random key kept in the data folder so that
/// sessions survive a restart of a single server.
fn signing_keys(config: &Config) -> Result<SigningKeys, StartupError> {
    use base64::{engine::general_purpose::STANDARD, Engine};
    if let Some(keys) = &config.jwt_keys {
        let keys = keys
            .iter()
            .map(|(kid, key)| (kid.clone(), key.expose_secret().to_vec()))
            .collect();
        return Ok(SigningKeys::new(keys).expect("validated with the configuration"));
    }
    let path = config.data_dir.join("jwt-signing-key");
    let io = |source| StartupError::DataFolder {
        path: path.display().to_string(),
        source,
    };
    if let Ok(text) = std::fs::read_to_string(&path) {
        if let Some(keys) = STANDARD
            .decode(text.trim())
            .ok()
            .and_then(|k| SigningKeys::new(vec![("local".into(), k)]))
        {
            return Ok(keys);
        }
    }
    std::fs::create_dir_all(&config.data_dir).map_err(io)?;
    let secret = app::accounts::session::random_bytes(32);
    {
        use std::io::Write;
        use std::os::unix::fs::OpenOptionsExt;
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o600)
            .open(&path)
            .map_err(io)?;
        file.write_all(STANDARD.encode(&secret).as_bytes()).map_err(io)?;
    }
    tracing::info!(path = %path.display(), "created a session signing key (set ROST_JWT_KEYS to manage keys yourself)");
    Ok(SigningKeys::new(vec![("local".into(), secret)]).expect("32 random bytes"))
}

/// The master key that seals the certificate signing keys: `ROST_KEY_ENCRYPTION_KEY`, or a key
/// generated once into the data folder (mode 0600) beside the embedded cluster. Losing that file
/// loses the regions' signing keys, so it is never replaced: an unreadable one stops the start.
fn certificate_master_key(config: &Config) -> Result<MasterKey, StartupError> {
    if let Some(key) = &config.key_encryption_key {
        return Ok(key.clone());
    }
    let path = config.data_dir.join("certificate-key-encryption-key");
    let io = |source| StartupError::DataFolder {
        path: path.display().to_string(),
        source,
    };
    match std::fs::read_to_string(&path) {
        Ok(text) => {
            return MasterKey::from_base64(&text).map_err(|_| StartupError::BadKeyFile {
                path: path.display().to_string(),
            })
        }
        Err(error) if error.kind() != std::io::ErrorKind::NotFound => return Err(io(error)),
        Err(_) => {}
    }
    std::fs::create_dir_all(&config.data_dir).map_err(io)?;
    let key = MasterKey::generate();
    {
        use std::io::Write;
        use std::os::unix::fs::OpenOptionsExt;
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&path)
            .map_err(io)?;
        file.write_all(key.to_base64().as_bytes()).map_err(io)?;
    }
    tracing::warn!(
        path = %path.display(),
        "created the key that seals certificate signing keys; back it up with the data, or set ROST_KEY_ENCRYPTION_KEY"
    );
    Ok(key)
}

/// Migrates, seeds and seals the certificate signing keys stored in clear before (checking that
/// the master key opens the rest) on the owner's pool; returns the master key.
async fn prepare_database(config: &Config, connections: &Connections) -> Result<MasterKey, StartupError> {
    let owner = db::owner_pool(connections).await?;
    db::migrate(&owner).await?;
    if config.seed_demo {
        seed::seed_demo(&owner).await?;
        let mut conn = owner.acquire().await.map_err(seed::SeedError::from)?;
        let json = app::club::seed::DEMO_CLUB;
        app::club::events::seed::seed_presentations(&mut conn, &config.data_dir, json)
            .await
            .map_err(seed::SeedError::from)?;
    }
    if config.demo_people {
        seed::seed_demo_data(&owner, &config.data_dir).await?;
    }
    seed::bootstrap_operators(&owner, &config.bootstrap_operators).await?;
    let master = certificate_master_key(config)?;
    let sealed = app::certificates::signing::seal_stored_keys(&owner, &master).await?;
    if sealed > 0 {
        tracing::info!(sealed, "sealed certificate signing keys stored in clear");
    }
    owner.close().await;
    Ok(master)
}

fn mail_transport(config: &Config) -> Result<Transport, StartupError> {
    match &config.smtp_url {
        Some(url) => Ok(Transport::smtp(url.expose_secret())?),
        None => {
            let dir = config.data_dir.join("mail");
            std::fs::create_dir_all(&dir).map_err(|source| StartupError::DataFolder {
                path: dir.display().to_string(),
                source,
            })?;
            let dir = dir.canonicalize().unwrap_or(dir);
            tracing::info!(dir = %dir.display(), "no ROST_SMTP_URL: e-mails are written as .eml files");
            Ok(Transport::files(&dir))
        }
    }
}

impl From<sqlx::Error> for StartupError {
    fn from(error: sqlx::Error) -> Self {
        StartupError::Db(DbError::Sqlx(error))
    }
}

pub struct Application {
    listener: TcpListener,
    router: axum::Router,
    db: PgPool,
    /// Owned only in the embedded default; stopped after the HTTP server has drained.
    cluster: Option<EmbeddedPostgres>,
    /// The mailer and the other background jobs.
    jobs: Vec<Job>,
}

/// A background job of the application. It is aborted when the application stops, and also
/// when the application is dropped without stopping (a crash, as the tests simulate one), so
/// no job outlives its server with a pool of its own.
struct Job(tokio::task::JoinHandle<()>);

impl Drop for Job {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// The bundle the pages link to, from the manifest `scripts/build-assets.sh` writes.
fn site(config: &Config, local_addr: SocketAddr) -> (LeptosOptions, Assets) {
    let manifest = AssetManifest::load(&config.site_root);
    let leptos_options = LeptosOptions::builder()
        .output_name(
            manifest
                .as_ref()
                .map_or_else(|| "rost".to_string(), |m| m.output_name.clone()),
        )
        .site_root(config.site_root.display().to_string())
        .site_pkg_dir(
            manifest
                .as_ref()
                .map_or_else(|| "pkg".to_string(), |m| m.site_pkg_dir.clone()),
        )
        .site_addr(local_addr)
        .build();
    let assets = Assets {
        stylesheet: manifest.map(|m| m.stylesheet),
    };
    (leptos_options, assets)
}

impl Application {
    /// Starts the embedded cluster when no `DATABASE_URL` is configured, then builds the app.
    pub async fn build(config: Config) -> Result<Self, StartupError> {
        match Connections::from_config(&config) {
            Some(connections) => Self::build_with(config, connections, None).await,
            None => {
                let cluster = EmbeddedPostgres::start(&config.data_dir)
                    .await
                    .map_err(DbError::from)?;
                db::prepare_embedded_roles(&cluster).await?;
                cluster.ensure_database(db::EMBEDDED_DATABASE).await?;
                let connections = Connections::embedded(&cluster, db::EMBEDDED_DATABASE);
                Self::build_with(config, connections, Some(cluster)).await
            }
        }
    }

    /// Migrates, seeds and binds using the given connections (tests pass a fresh database).
    pub async fn build_with(
        config: Config,
        connections: Connections,
        cluster: Option<EmbeddedPostgres>,
    ) -> Result<Self, StartupError> {
        let certificate_master = prepare_database(&config, &connections).await?;
        let db = db::app_pool(&connections, config.db_max_connections).await?;
        let addr = SocketAddr::new(config.host, config.port);
        let listener = TcpListener::bind(addr)
            .await
            .map_err(|source| StartupError::Bind { addr, source })?;
        let local_addr = listener
            .local_addr()
            .map_err(|source| StartupError::Bind { addr, source })?;
        let (leptos_options, assets) = site(&config, local_addr);
        let outbox = OutboxSignal::default();
        let worker = Worker {
            db: db.clone(),
            transport: mail_transport(&config)?,
            from: config
                .mail_from
                .parse()
                .expect("validated with the configuration"),
            signal: outbox.clone(),
            retry_base: config.mail_retry_base,
        };
        let public_url = config
            .public_url
            .clone()
            .unwrap_or_else(|| format!("http://{}:{}", config.host, local_addr.port()));
        let state = AppState {
            leptos_options,
            db: db.clone(),
            auth: AuthSettings {
                keys: signing_keys(&config)?,
                secure_cookies: public_url.starts_with("https://"),
            },
            public_url,
            outbox,
            limits: std::sync::Arc::new(app::accounts::rate_limit::RateLimiter::new(config.rate_limits)),
            tenant_ids: Default::default(),
            autosaver: app::diagnostics::autosave::Autosaver::start(db.clone()),
            uploads: app::uploads::UploadGate::new(config.data_dir.join("uploads"), config.upload_idle),
            trusted_proxies: std::sync::Arc::new(config.trusted_proxies.clone()),
            certificate_master,
            data_dir: config.data_dir.clone(),
            club_fanout: Default::default(),
            verifications: Default::default(),
            dashboards: Default::default(),
            support_summaries: Default::default(),
            support_case_lists: Default::default(),
        };
        Ok(Application {
            listener,
            jobs: vec![
                Job(tokio::spawn(worker.run())),
                Job(tokio::spawn(crate::jobs::deadlines(state.clone()))),
                Job(tokio::spawn(crate::jobs::certificates(state.clone()))),
                Job(tokio::spawn(crate::jobs::club_mail(state.clone()))),
                Job(tokio::spawn(crate::jobs::club_fanout(state.clone()))),
                Job(tokio::spawn(app::certificates::verify_cache::follow(
                    state.db.clone(),
                    state.verifications.clone(),
                ))),
                Job(tokio::spawn(crate::jobs::files(state.clone()))),
                Job(tokio::spawn(crate::jobs::support_deadlines(state.clone()))),
                Job(tokio::spawn(crate::jobs::identification_retention(
                    state.clone(),
                    config.identification_retention_days,
                ))),
            ],
            router: http::router(state, assets),
            db,
            cluster,
        })
    }

    pub fn port(&self) -> u16 {
        self.listener.local_addr().map(|a| a.port()).unwrap_or_default()
    }

    /// Serves until `shutdown` resolves, lets requests in flight finish, then closes the pool
    /// and stops the embedded cluster, so no `postgres` process outlives the server.
    pub async fn run_until_stopped(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> Result<(), StartupError> {
        let Application {
            listener,
            router,
            db,
            cluster,
            jobs,
        } = self;
        let served = axum::serve(
            listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown)
        .await
        .map_err(StartupError::Serve);
        drop(jobs);
        db.close().await;
        if let Some(cluster) = cluster {
            cluster.stop().await;
        }
        served
    }
}

/// Resolves on Ctrl-C or SIGTERM. The handlers are installed when this is called, not when it
/// is first polled, so a signal that arrives right after start-up is not lost.
pub fn shutdown_signal() -> Result<impl Future<Output = ()> + Send + 'static, std::io::Error> {
    use tokio::signal::unix::{signal, SignalKind};
    let mut interrupt = signal(SignalKind::interrupt())?;
    let mut terminate = signal(SignalKind::terminate())?;
    Ok(async move {
        tokio::select! {
            _ = interrupt.recv() => {},
            _ = terminate.recv() => {},
        }
        tracing::info!("shutdown signal received; finishing requests in flight");
    })
}
