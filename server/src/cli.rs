//! `server identify`: the identification engine without a database, for checking the
//! methodology against other implementations and for benchmarks.

use std::{io::Write, path::PathBuf};

use app::identification::{config::Config, engine};

/// What went wrong, worded for the person at the terminal; every variant means exit code 2.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("{0}\nИспользование: server identify --config CONFIG.json --data DATA.csv|DATA.xlsx [--format json|csv] [--out FILE]")]
    Usage(String),
    #[error("Не удалось прочитать конфигурацию «{path}»: {reason}")]
    ConfigFile { path: String, reason: String },
    #[error(transparent)]
    Config(#[from] app::identification::config::ConfigError),
    #[error(transparent)]
    Engine(#[from] engine::EngineError),
    #[error("Не удалось записать результат в «{path}»: {reason}")]
    Output { path: String, reason: String },
}

#[derive(Debug, PartialEq, Eq)]
enum Format {
    Json,
    Csv,
}

struct IdentifyArgs {
    config: PathBuf,
    data: PathBuf,
    format: Format,
    out: Option<PathBuf>,
}

fn parse(args: &[String]) -> Result<IdentifyArgs, CliError> {
    let mut config = None;
    let mut data = None;
    let mut format = Format::Json;
    let mut out = None;
    let mut iter = args.iter();
    while let Some(flag) = iter.next() {
        let mut value = || {
            iter.next()
                .cloned()
                .ok_or_else(|| CliError::Usage(format!("после {flag} нужно значение")))
        };
        match flag.as_str() {
            "--config" => config = Some(PathBuf::from(value()?)),
            "--data" => data = Some(PathBuf::from(value()?)),
            "--out" => out = Some(PathBuf::from(value()?)),
            "--format" => {
                format = match value()?.as_str() {
                    "json" => Format::Json,
                    "csv" => Format::Csv,
                    other => {
                        return Err(CliError::Usage(format!(
                            "неизвестный формат «{other}»: json или csv"
                        )))
                    }
                }
            }
            other => return Err(CliError::Usage(format!("неизвестный параметр «{other}»"))),
        }
    }
    Ok(IdentifyArgs {
        config: config.ok_or_else(|| CliError::Usage("не указан --config".into()))?,
        data: data.ok_or_else(|| CliError::Usage("не указан --data".into()))?,
        format,
        out,
    })
}

/// Runs `identify` with the arguments after the subcommand.
pub fn identify(args: &[String]) -> Result<(), CliError> {
    let args = parse(args)?;
    let text = std::fs::read_to_string(&args.config).map_err(|e| CliError::ConfigFile {
        path: args.config.display().to_string(),
        reason: e.to_string(),
    })?;
    let config = Config::from_json(&text)?;
    let result = engine::run_file(&config, &args.data)?;
    let output_error = |path: &str, e: &dyn std::fmt::Display| CliError::Output {
        path: path.into(),
        reason: e.to_string(),
    };
    let (sink, name): (Box<dyn Write>, String) = match &args.out {
        Some(path) => (
            Box::new(std::fs::File::create(path).map_err(|e| output_error(&path.display().to_string(), &e))?),
            path.display().to_string(),
        ),
        None => (Box::new(std::io::stdout().lock()), "stdout".into()),
    };
    let mut sink = std::io::BufWriter::with_capacity(1 << 20, sink);
    let written = match args.format {
        Format::Json => result.write_json(&mut sink).and_then(|_| sink.write_all(b"\n")),
        Format::Csv => sink.write_all(result.to_csv().as_bytes()),
    };
    written
        .and_then(|_| sink.flush())
        .map_err(|e| output_error(&name, &e))?;
    // The process ends here; freeing a large result piece by piece would only delay the exit.
    std::mem::forget(result);
    Ok(())
}

/// What `server admin create` can fail on; every variant means exit code 2.
#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    #[error("{0}\n{usage}", usage = app::i18n::ru::CLI_ADMIN_USAGE)]
    Usage(String),
    #[error(transparent)]
    Config(#[from] crate::config::ConfigError),
    #[error("База данных: {0}")]
    Db(#[from] crate::db::DbError),
    #[error("{0}")]
    App(app::error::AppError),
}

impl From<sqlx::Error> for AdminError {
    fn from(error: sqlx::Error) -> Self {
        AdminError::Db(crate::db::DbError::Sqlx(error))
    }
}

/// The address and name given to `admin create`.
#[derive(Debug, PartialEq, Eq)]
pub struct AdminArgs {
    pub email: String,
    pub name: Option<String>,
}

pub fn parse_admin(args: &[String]) -> Result<AdminArgs, AdminError> {
    let mut iter = args.iter();
    match iter.next().map(String::as_str) {
        Some("create") => {}
        Some(other) => return Err(AdminError::Usage(format!("неизвестная команда «{other}»"))),
        None => return Err(AdminError::Usage("не указана команда".into())),
    }
    let (mut email, mut name) = (None, None);
    while let Some(flag) = iter.next() {
        let value = iter
            .next()
            .cloned()
            .ok_or_else(|| AdminError::Usage(format!("после {flag} нужно значение")))?;
        match flag.as_str() {
            "--email" => email = Some(value),
            "--name" => name = Some(value),
            other => return Err(AdminError::Usage(format!("неизвестный параметр «{other}»"))),
        }
    }
    let email = email.ok_or_else(|| AdminError::Usage("не указан --email".into()))?;
    Ok(AdminArgs { email, name })
}

/// Grants `platform_admin` with the owner's pool (migrated first) and prints the link.
pub async fn admin_with(
    owner: &sqlx::PgPool,
    args: &AdminArgs,
    public_url: &str,
) -> Result<app::platform::bootstrap::AdminLink, AdminError> {
    crate::db::migrate(owner).await?;
    app::platform::bootstrap::create_admin(owner, &args.email, args.name.as_deref(), public_url)
        .await
        .map_err(AdminError::App)
}

/// Runs `admin create` with the arguments after `admin`: against `DATABASE_URL`, or against the
/// embedded database in the data folder (start the command while the server is stopped).
pub async fn admin(args: &[String]) -> Result<(), AdminError> {
    use crate::{config::Config, db, embedded_pg::EmbeddedPostgres};
    let args = parse_admin(args)?;
    let config = Config::from_env()?;
    let public_url = config
        .public_url
        .clone()
        .unwrap_or_else(|| format!("http://{}:{}", config.host, config.port));
    let (connections, cluster) = match db::Connections::from_config(&config) {
        Some(connections) => (connections, None),
        None => {
            let cluster = EmbeddedPostgres::start(&config.data_dir)
                .await
                .map_err(db::DbError::from)?;
            db::prepare_embedded_roles(&cluster).await?;
            cluster.ensure_database(db::EMBEDDED_DATABASE).await?;
            (
                db::Connections::embedded(&cluster, db::EMBEDDED_DATABASE),
                Some(cluster),
            )
        }
    };
    let owner = db::owner_pool(&connections).await?;
    let done = admin_with(&owner, &args, &public_url).await;
    owner.close().await;
    if let Some(cluster) = cluster {
        cluster.stop().await;
    }
    let done = done?;
    let what = if done.created {
        "Создан администратор платформы"
    } else {
        "Роль администратора платформы выдана"
    };
    println!(
        "{what}: {}\nОдноразовая ссылка для пароля (действует 24 часа):\n{}",
        args.email, done.link
    );
    Ok(())
}
