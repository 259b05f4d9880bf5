//! Configuration from environment variables, validated once at start-up.
//! `.env.example` at the repository root lists every variable with its default.

use std::{net::IpAddr, path::PathBuf, time::Duration};

use app::certificates::sealing::MasterKey;
use secrecy::{SecretSlice, SecretString};
use sqlx::postgres::PgConnectOptions;

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error(
        "Некорректное значение переменной окружения {name}=«{value}»: {expected_ru}. \
         Invalid value of environment variable {name}=«{value}»: {expected_en}."
    )]
    Invalid {
        name: &'static str,
        value: String,
        expected_ru: &'static str,
        expected_en: &'static str,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    Pretty,
    Json,
}

#[derive(Clone)]
pub enum Database {
    /// Start and own a PostgreSQL cluster in `data_dir/pg`.
    Embedded,
    /// Use an existing database as is; migrations run with these credentials.
    External {
        owner: Box<PgConnectOptions>,
        /// Connection of the application role; when absent the owner connection switches to the
        /// role `rost_app` with `SET ROLE` so row-level security still applies.
        app: Option<Box<PgConnectOptions>>,
    },
}

/// Connection options carry the database password, so only the kind is printed.
impl std::fmt::Debug for Database {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Database::Embedded => f.write_str("Embedded"),
            Database::External { .. } => f.write_str("External([REDACTED])"),
        }
    }
}

#[derive(Clone, Debug)]
pub struct Config {
    pub host: IpAddr,
    pub port: u16,
    pub database: Database,
    pub data_dir: PathBuf,
    pub site_root: PathBuf,
    pub log_format: LogFormat,
    pub seed_demo: bool,
    /// The full demo: Khabarovsk's indicator data, Orenburg's «500+» list, demo people and the
    /// demo sign-ins. `ROST_DEMO_PEOPLE` (default true) can only switch it off: it is on only
    /// with the demo seeded and either the embedded database or `ROST_SEED_DEMO=true` set
    /// explicitly, so a production database never gets accounts with known passwords by default.
    pub demo_people: bool,
    pub db_max_connections: u32,
    /// The address people reach the site at, for links in e-mails; defaults to the listen address.
    pub public_url: Option<String>,
    /// `smtp://…` or `smtps://…`; without it e-mails are written as `.eml` files to the data folder.
    pub smtp_url: Option<SecretString>,
    pub mail_from: String,
    /// The unit of the outbox's retry schedule (waits of 2, 4, 8 … units); one second in
    /// production, milliseconds in tests that play a long SMTP outage in a few seconds.
    pub mail_retry_base: Duration,
    /// How long an upload may send nothing before it is cut off, freeing its region's slot.
    pub upload_idle: Duration,
    /// `kid:base64-secret,…`, the first one signing; without it a key is kept in the data folder.
    pub jwt_keys: Option<Vec<(String, SecretSlice<u8>)>>,
    /// Seals the regions' certificate signing keys (`ROST_KEY_ENCRYPTION_KEY`, base64 of 32
    /// bytes); without it a key is generated once into the data folder.
    pub key_encryption_key: Option<MasterKey>,
    /// Off only for load tests.
    pub rate_limits: bool,
    /// (region slug, e-mail) of people to make regional operators at start-up: how a platform
    /// administrator appoints the first operators of a region.
    pub bootstrap_operators: Vec<(String, String)>,
    /// Reverse proxies whose `X-Forwarded-For` is believed; empty: the peer is the client.
    pub trusted_proxies: Vec<IpAddr>,
    /// How long a replaced version of identification data that no published run read is kept.
    pub identification_retention_days: u32,
}

impl Config {
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok().filter(|v| !v.is_empty()))
    }

    /// Reads the configuration through `lookup`, so tests can supply variables without touching
    /// the process environment.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let vars = Vars(&lookup);
        let (yes_no_ru, yes_no_en) = ("ожидается true или false", "expected true or false");
        Ok(Config {
            host: vars.parse(
                "ROST_HOST",
                "127.0.0.1",
                "IP-адрес, например 127.0.0.1",
                "an IP address such as 127.0.0.1",
            )?,
            port: vars.parse(
                "ROST_PORT",
                "3000",
                "номер порта от 0 до 65535",
                "a port number from 0 to 65535",
            )?,
            database: database(&vars)?,
            data_dir: PathBuf::from(vars.get("ROST_DATA_DIR").unwrap_or_else(|| "data".into())),
            site_root: PathBuf::from(vars.get("ROST_SITE_ROOT").unwrap_or_else(|| "target/site".into())),
            log_format: log_format(&vars)?,
            seed_demo: vars.parse("ROST_SEED_DEMO", "true", yes_no_ru, yes_no_en)?,
            demo_people: demo_people(&vars)?,
            db_max_connections: vars.positive(
                "ROST_DB_MAX_CONNECTIONS",
                "20",
                "целое число соединений больше нуля",
                "a positive number of connections",
            )?,
            public_url: vars.url(
                "ROST_PUBLIC_URL",
                &["http://", "https://"],
                "ожидается адрес вида https://rost.example.ru",
                "expected a URL such as https://rost.example.ru",
            )?,
            smtp_url: smtp_url(&vars)?,
            mail_from: mail_from(&vars)?,
            mail_retry_base: Duration::from_millis(vars.positive(
                "ROST_MAIL_RETRY_BASE_MS",
                "1000",
                app::i18n::ru::CONFIG_RETRY_BASE_EXPECTED,
                "a positive number of milliseconds",
            )?),
            upload_idle: Duration::from_secs(vars.positive(
                "ROST_UPLOAD_IDLE_SECS",
                "60",
                app::i18n::ru::CONFIG_UPLOAD_IDLE_EXPECTED,
                "a positive number of seconds",
            )?),
            jwt_keys: vars
                .get("ROST_JWT_KEYS")
                .map(|text| parse_jwt_keys(&text))
                .transpose()?
                .map(|keys| keys.into_iter().map(|(kid, key)| (kid, key.into())).collect()),
            key_encryption_key: key_encryption_key(&vars)?,
            rate_limits: vars.parse("ROST_RATE_LIMITS", "true", yes_no_ru, yes_no_en)?,
            bootstrap_operators: bootstrap_operators(&vars)?,
            trusted_proxies: trusted_proxies(&vars)?,
            identification_retention_days: vars.positive(
                "ROST_IDENTIFICATION_RETENTION_DAYS",
                &app::identification::versions::DEFAULT_RETENTION_DAYS.to_string(),
                app::i18n::ru::CONFIG_RETENTION_EXPECTED,
                "a positive number of days",
            )?,
        })
    }
}

/// The variables, with the checks every kind of value shares.
struct Vars<'a, F: Fn(&str) -> Option<String>>(&'a F);

impl<F: Fn(&str) -> Option<String>> Vars<'_, F> {
    fn get(&self, name: &str) -> Option<String> {
        (self.0)(name)
    }

    fn parse<T: std::str::FromStr>(
        &self,
        name: &'static str,
        default: &str,
        expected_ru: &'static str,
        expected_en: &'static str,
    ) -> Result<T, ConfigError> {
        let value = self.get(name).unwrap_or_else(|| default.into());
        value.trim().parse().map_err(|_| ConfigError::Invalid {
            name,
            value,
            expected_ru,
            expected_en,
        })
    }

    /// A whole number above zero: a zero wait would make the worker or the uploads spin, and
    /// a pool of no connections would serve nothing.
    fn positive<T: std::str::FromStr + From<u8> + PartialEq>(
        &self,
        name: &'static str,
        default: &str,
        expected_ru: &'static str,
        expected_en: &'static str,
    ) -> Result<T, ConfigError> {
        let value: T = self.parse(name, default, expected_ru, expected_en)?;
        if value == T::from(0) {
            return Err(ConfigError::Invalid {
                name,
                value: "0".into(),
                expected_ru,
                expected_en,
            });
        }
        Ok(value)
    }

    /// An optional address that must start with one of `schemes`.
    fn url(
        &self,
        name: &'static str,
        schemes: &[&str],
        expected_ru: &'static str,
        expected_en: &'static str,
    ) -> Result<Option<String>, ConfigError> {
        match self.get(name) {
            Some(url) if !schemes.iter().any(|scheme| url.starts_with(scheme)) => Err(ConfigError::Invalid {
                name,
                value: url,
                expected_ru,
                expected_en,
            }),
            url => Ok(url),
        }
    }
}

fn demo_people(vars: &Vars<'_, impl Fn(&str) -> Option<String>>) -> Result<bool, ConfigError> {
    let (yes_no_ru, yes_no_en) = ("ожидается true или false", "expected true or false");
    let seed: bool = vars.parse("ROST_SEED_DEMO", "true", yes_no_ru, yes_no_en)?;
    let wanted: bool = vars.parse("ROST_DEMO_PEOPLE", "true", yes_no_ru, yes_no_en)?;
    let allowed = vars.get("DATABASE_URL").is_none() || vars.get("ROST_SEED_DEMO").is_some();
    Ok(seed && wanted && allowed)
}

fn database(vars: &Vars<'_, impl Fn(&str) -> Option<String>>) -> Result<Database, ConfigError> {
    Ok(match vars.get("DATABASE_URL") {
        None => Database::Embedded,
        Some(url) => Database::External {
            owner: Box::new(parse_pg_url("DATABASE_URL", &url)?),
            app: vars
                .get("APP_DATABASE_URL")
                .map(|url| parse_pg_url("APP_DATABASE_URL", &url).map(Box::new))
                .transpose()?,
        },
    })
}

fn log_format(vars: &Vars<'_, impl Fn(&str) -> Option<String>>) -> Result<LogFormat, ConfigError> {
    match vars.get("ROST_LOG_FORMAT").as_deref() {
        None | Some("pretty") => Ok(LogFormat::Pretty),
        Some("json") => Ok(LogFormat::Json),
        Some(other) => Err(ConfigError::Invalid {
            name: "ROST_LOG_FORMAT",
            value: other.into(),
            expected_ru: "ожидается pretty или json",
            expected_en: "expected pretty or json",
        }),
    }
}

/// The SMTP address may carry a password, so a bad one is never echoed.
fn smtp_url(vars: &Vars<'_, impl Fn(&str) -> Option<String>>) -> Result<Option<SecretString>, ConfigError> {
    vars.url(
        "ROST_SMTP_URL",
        &["smtp://", "smtps://"],
        "ожидается адрес вида smtp://хост:порт или smtps://пользователь:пароль@хост",
        "expected smtp://host:port or smtps://user:password@host",
    )
    .map_err(
        |ConfigError::Invalid {
             name,
             expected_ru,
             expected_en,
             ..
         }| ConfigError::Invalid {
            name,
            value: "…".into(),
            expected_ru,
            expected_en,
        },
    )
    .map(|url| url.map(SecretString::from))
}

fn mail_from(vars: &Vars<'_, impl Fn(&str) -> Option<String>>) -> Result<String, ConfigError> {
    let mail_from = vars
        .get("ROST_MAIL_FROM")
        .unwrap_or_else(|| "Рост <noreply@rost.local>".into());
    if mail_from.parse::<lettre::message::Mailbox>().is_err() {
        return Err(ConfigError::Invalid {
            name: "ROST_MAIL_FROM",
            value: mail_from,
            expected_ru: "ожидается адрес вида «Рост <noreply@example.ru>»",
            expected_en: "expected a mailbox such as «Rost <noreply@example.ru>»",
        });
    }
    Ok(mail_from)
}

fn bootstrap_operators(
    vars: &Vars<'_, impl Fn(&str) -> Option<String>>,
) -> Result<Vec<(String, String)>, ConfigError> {
    let Some(text) = vars.get("ROST_BOOTSTRAP_OPERATORS") else {
        return Ok(Vec::new());
    };
    text.split(',')
        .map(|pair| {
            pair.trim()
                .split_once(':')
                .filter(|(slug, email)| !slug.is_empty() && email.contains('@'))
                .map(|(slug, email)| (slug.trim().to_string(), email.trim().to_lowercase()))
                .ok_or_else(|| ConfigError::Invalid {
                    name: "ROST_BOOTSTRAP_OPERATORS",
                    value: text.clone(),
                    expected_ru: "ожидается список «регион:e-mail» через запятую",
                    expected_en: "expected comma-separated «region:e-mail» pairs",
                })
        })
        .collect()
}

fn trusted_proxies(vars: &Vars<'_, impl Fn(&str) -> Option<String>>) -> Result<Vec<IpAddr>, ConfigError> {
    let Some(text) = vars.get("ROST_TRUSTED_PROXIES") else {
        return Ok(Vec::new());
    };
    text.split(',')
        .map(|ip| ip.trim().parse::<IpAddr>())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| ConfigError::Invalid {
            name: "ROST_TRUSTED_PROXIES",
            value: text.clone(),
            expected_ru: "ожидается список IP-адресов через запятую, например 10.0.0.2,10.0.0.3",
            expected_en: "expected comma-separated IP addresses such as 10.0.0.2,10.0.0.3",
        })
}

fn key_encryption_key(
    vars: &Vars<'_, impl Fn(&str) -> Option<String>>,
) -> Result<Option<MasterKey>, ConfigError> {
    let Some(text) = vars.get("ROST_KEY_ENCRYPTION_KEY") else {
        return Ok(None);
    };
    MasterKey::from_base64(&text)
        .map(Some)
        .map_err(|_| ConfigError::Invalid {
            name: "ROST_KEY_ENCRYPTION_KEY",
            value: "…".into(),
            expected_ru: "ожидается ключ из 32 байт в base64, например из `openssl rand -base64 32`",
            expected_en: "expected 32 bytes in base64, e.g. from `openssl rand -base64 32`",
        })
}

fn parse_jwt_keys(text: &str) -> Result<Vec<(String, Vec<u8>)>, ConfigError> {
    use base64::{engine::general_purpose::STANDARD, Engine};
    let invalid = || ConfigError::Invalid {
        name: "ROST_JWT_KEYS",
        value: "…".into(),
        expected_ru: "ожидается список «kid:секрет-base64» через запятую, каждый секрет не короче 32 байт",
        expected_en: "expected comma-separated «kid:base64-secret» pairs, each secret at least 32 bytes",
    };
    text.split(',')
        .map(|pair| {
            let (kid, secret) = pair.trim().split_once(':').ok_or_else(invalid)?;
            let secret = STANDARD.decode(secret.trim()).map_err(|_| invalid())?;
            if kid.trim().is_empty() || secret.len() < 32 {
                return Err(invalid());
            }
            Ok((kid.trim().to_string(), secret))
        })
        .collect()
}

fn parse_pg_url(name: &'static str, url: &str) -> Result<PgConnectOptions, ConfigError> {
    let is_postgres = url.starts_with("postgres://") || url.starts_with("postgresql://");
    let parsed = is_postgres.then(|| url.parse().ok()).flatten();
    parsed.ok_or_else(|| ConfigError::Invalid {
        name,
        value: "…".into(),
        expected_ru: "ожидается адрес вида postgres://пользователь:пароль@хост:порт/база",
        expected_en: "expected a URL such as postgres://user:password@host:port/db",
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config_with(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let vars: HashMap<String, String> =
            vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Config::from_lookup(|name| vars.get(name).cloned())
    }

    #[test]
    fn defaults_select_the_embedded_database_on_port_3000() {
        let config = config_with(&[]).unwrap();
        assert_eq!(config.port, 3000);
        assert!(matches!(config.database, Database::Embedded));
        assert_eq!(config.data_dir, PathBuf::from("data"));
    }

    #[test]
    fn the_full_demo_needs_the_embedded_database_or_an_explicit_seed() {
        let url = ("DATABASE_URL", "postgres://rost:pw@db/rost");
        assert!(config_with(&[]).unwrap().demo_people);
        assert!(!config_with(&[url]).unwrap().demo_people);
        assert!(
            config_with(&[url, ("ROST_SEED_DEMO", "true")])
                .unwrap()
                .demo_people
        );
        assert!(
            !config_with(&[url, ("ROST_DEMO_PEOPLE", "true")])
                .unwrap()
                .demo_people
        );
        assert!(!config_with(&[("ROST_DEMO_PEOPLE", "false")]).unwrap().demo_people);
        assert!(!config_with(&[("ROST_SEED_DEMO", "false")]).unwrap().demo_people);
    }

    #[test]
    fn a_bad_port_names_the_variable_in_russian_and_english() {
        let error = config_with(&[("ROST_PORT", "семьдесят")])
            .unwrap_err()
            .to_string();
        assert!(error.contains("ROST_PORT=«семьдесят»"), "{error}");
        assert!(error.contains("номер порта"), "{error}");
        assert!(error.contains("Invalid value"), "{error}");
    }

    #[test]
    fn a_bad_database_url_does_not_echo_the_secret() {
        let error = config_with(&[("DATABASE_URL", "mysql:secret-password")])
            .unwrap_err()
            .to_string();
        assert!(error.contains("DATABASE_URL"), "{error}");
        assert!(!error.contains("secret-password"), "{error}");
    }

    #[test]
    fn the_key_encryption_key_is_32_bytes_of_base64_and_never_echoed() {
        let error = config_with(&[("ROST_KEY_ENCRYPTION_KEY", "c2hvcnQ=")])
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("ROST_KEY_ENCRYPTION_KEY") && !error.contains("c2hvcnQ="),
            "{error}"
        );
        let key = "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWY=";
        let config = config_with(&[("ROST_KEY_ENCRYPTION_KEY", key)]).unwrap();
        assert!(config.key_encryption_key.is_some());
        assert!(!format!("{config:?}").contains(key));
    }

    #[test]
    fn a_short_jwt_secret_is_refused_without_echoing_it() {
        let error = config_with(&[("ROST_JWT_KEYS", "k1:c2hvcnQ=")])
            .unwrap_err()
            .to_string();
        assert!(error.contains("ROST_JWT_KEYS"), "{error}");
        assert!(!error.contains("c2hvcnQ="), "{error}");
    }

    #[test]
    fn printing_the_configuration_shows_no_secret() {
        let key = "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldC0xMjM0";
        let config = config_with(&[
            ("DATABASE_URL", "postgres://rost:db-password-1@db/rost"),
            ("ROST_SMTP_URL", "smtps://mailer:smtp-password-2@mail.example.ru"),
            ("ROST_JWT_KEYS", &format!("k1:{key}")),
        ])
        .unwrap();
        let printed = format!("{config:?}");
        for secret in ["db-password-1", "smtp-password-2", key, "secret-secret"] {
            assert!(!printed.contains(secret), "{secret} printed in {printed}");
        }
        assert!(config.jwt_keys.is_some() && config.smtp_url.is_some());
    }

    #[test]
    fn the_mail_retry_base_is_a_second_unless_set_and_never_zero() {
        assert_eq!(config_with(&[]).unwrap().mail_retry_base, Duration::from_secs(1));
        let fast = config_with(&[("ROST_MAIL_RETRY_BASE_MS", "10")]).unwrap();
        assert_eq!(fast.mail_retry_base, Duration::from_millis(10));
        let error = config_with(&[("ROST_MAIL_RETRY_BASE_MS", "0")])
            .unwrap_err()
            .to_string();
        assert!(error.contains("ROST_MAIL_RETRY_BASE_MS"), "{error}");
    }

    #[test]
    fn an_upload_may_stall_a_minute_unless_set_and_never_zero() {
        assert_eq!(config_with(&[]).unwrap().upload_idle, Duration::from_secs(60));
        let short = config_with(&[("ROST_UPLOAD_IDLE_SECS", "2")]).unwrap();
        assert_eq!(short.upload_idle, Duration::from_secs(2));
        let error = config_with(&[("ROST_UPLOAD_IDLE_SECS", "0")])
            .unwrap_err()
            .to_string();
        assert!(error.contains("ROST_UPLOAD_IDLE_SECS"), "{error}");
    }

    #[test]
    fn trusted_proxies_are_a_list_of_addresses() {
        let config = config_with(&[("ROST_TRUSTED_PROXIES", "10.0.0.2, ::1")]).unwrap();
        assert_eq!(config.trusted_proxies.len(), 2);
        assert!(config_with(&[]).unwrap().trusted_proxies.is_empty());
        let error = config_with(&[("ROST_TRUSTED_PROXIES", "proxy.local")])
            .unwrap_err()
            .to_string();
        assert!(error.contains("ROST_TRUSTED_PROXIES"), "{error}");
    }

    #[test]
    fn zero_connections_are_refused() {
        let error = config_with(&[("ROST_DB_MAX_CONNECTIONS", "0")])
            .unwrap_err()
            .to_string();
        assert!(error.contains("ROST_DB_MAX_CONNECTIONS"), "{error}");
    }
}
