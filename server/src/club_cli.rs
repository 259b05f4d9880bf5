//! `server club create --slug … --name … --regions khabarovsk,novosibirsk [--description …]
//! [--moderators a@b.ru,…]`: the platform makes a club until the platform pages exist. Connects
//! as the owner, like migrations and the seed (the embedded cluster must not be serving then).

use crate::{
    config::Config,
    db::{self, Connections},
    embedded_pg::EmbeddedPostgres,
};

const USAGE: &str = "Использование: server club create --slug SLUG --name НАЗВАНИЕ --regions khabarovsk,novosibirsk [--description ТЕКСТ] [--moderators e-mail,…]";

#[derive(Debug, thiserror::Error)]
pub enum ClubCliError {
    #[error("{0}\n{USAGE}")]
    Usage(String),
    #[error("{0}")]
    Config(#[from] crate::config::ConfigError),
    #[error("{0}")]
    Db(#[from] db::DbError),
    #[error("{0}")]
    Seed(#[from] app::club::seed::ClubSeedError),
    #[error("нет подтверждённой учётной записи «{0}»")]
    UnknownModerator(String),
}

impl From<sqlx::Error> for ClubCliError {
    fn from(error: sqlx::Error) -> Self {
        ClubCliError::Db(db::DbError::Sqlx(error))
    }
}

#[derive(Default)]
struct CreateArgs {
    slug: String,
    name: String,
    description: String,
    regions: Vec<String>,
    moderators: Vec<String>,
}

fn list(value: &str) -> Vec<String> {
    value
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

fn parse(args: &[String]) -> Result<CreateArgs, ClubCliError> {
    let Some((command, rest)) = args.split_first() else {
        return Err(ClubCliError::Usage("не указана команда".into()));
    };
    if command != "create" {
        return Err(ClubCliError::Usage(format!("неизвестная команда «{command}»")));
    }
    let mut parsed = CreateArgs::default();
    let mut iter = rest.iter();
    while let Some(flag) = iter.next() {
        let value = iter
            .next()
            .ok_or_else(|| ClubCliError::Usage(format!("после {flag} нужно значение")))?;
        match flag.as_str() {
            "--slug" => parsed.slug = value.clone(),
            "--name" => parsed.name = value.clone(),
            "--description" => parsed.description = value.clone(),
            "--regions" => parsed.regions = list(value),
            "--moderators" => parsed.moderators = list(value),
            other => return Err(ClubCliError::Usage(format!("неизвестный параметр «{other}»"))),
        }
    }
    if parsed.slug.is_empty() || parsed.name.is_empty() || parsed.regions.is_empty() {
        return Err(ClubCliError::Usage("нужны --slug, --name и --regions".into()));
    }
    Ok(parsed)
}

/// Runs `club` with the arguments after the subcommand.
pub async fn club(args: &[String]) -> Result<(), ClubCliError> {
    let args = parse(args)?;
    let config = Config::from_env()?;
    let mut cluster = None;
    let connections = match Connections::from_config(&config) {
        Some(connections) => connections,
        None => {
            let started = EmbeddedPostgres::start(&config.data_dir)
                .await
                .map_err(db::DbError::from)?;
            db::prepare_embedded_roles(&started).await?;
            started.ensure_database(db::EMBEDDED_DATABASE).await?;
            let connections = Connections::embedded(&started, db::EMBEDDED_DATABASE);
            cluster = Some(started);
            connections
        }
    };
    let owner = db::owner_pool(&connections).await?;
    db::migrate(&owner).await?;
    let result = create(&owner, &args).await;
    owner.close().await;
    if let Some(cluster) = cluster {
        cluster.stop().await;
    }
    result
}

async fn create(owner: &sqlx::PgPool, args: &CreateArgs) -> Result<(), ClubCliError> {
    let mut tx = owner.begin().await?;
    let club_id =
        app::club::seed::create_club(&mut tx, &args.slug, &args.name, &args.description, &args.regions)
            .await?;
    for email in &args.moderators {
        let user_id: uuid::Uuid = sqlx::query_scalar(
            "select id from users where email = lower($1) and email_confirmed_at is not null",
        )
        .bind(email)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| ClubCliError::UnknownModerator(email.clone()))?;
        sqlx::query(
            "insert into club_members (club_id, user_id, role) values ($1, $2, 'club_moderator')
             on conflict (club_id, user_id) do update set role = 'club_moderator'",
        )
        .bind(club_id)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    println!("Клуб «{}» готов: /club/{}", args.name, args.slug);
    Ok(())
}
