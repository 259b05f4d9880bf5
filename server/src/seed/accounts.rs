//! The demo sign-ins for a first look (issue 15): a platform administrator, a Khabarovsk
//! operator, a director, a teacher, a certificate administrator and a curator of schools, each with a random
//! password that is printed once in the log and written to `<data dir>/demo-accounts.txt`
//! (mode 0600). Created once: a second start finds them and prints nothing.

use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use rand::{distributions::Uniform, rngs::OsRng, rngs::StdRng, Rng, SeedableRng};
use sqlx::PgConnection;
use uuid::Uuid;

use super::people::{history, insert_person, NewPerson, RegionData, Stage, Written, DEMO_DOMAIN};
use super::SeedError;

/// The file the passwords are written to, in the data folder.
pub const ACCOUNTS_FILE: &str = "demo-accounts.txt";
const SLUG: &str = "khabarovsk";
/// The school of the demo director and teacher.
const SCHOOL: &str = "27-0001";

/// One demo sign-in: what it is for, its address and password.
pub struct Account {
    pub what: &'static str,
    pub email: String,
    pub password: String,
}

/// (what, local part, full name, position, role); the platform administrator has no role in a
/// region (`None`).
const ACCOUNTS: [(&str, &str, &str, &str, Option<&str>); 6] = [
    (
        "администратор платформы",
        "admin",
        "Демо Администратор Платформы",
        "other",
        None,
    ),
    (
        "оператор Хабаровского края",
        "operator",
        "Демо Оператор Края",
        "methodologist",
        Some("regional_operator"),
    ),
    (
        "директор МБОУ «Средняя школа № 3»",
        "director",
        "Демо Директор Школы",
        "director",
        Some("director"),
    ),
    (
        "учитель МБОУ «Средняя школа № 3»",
        "teacher",
        "Демо Учитель Математики",
        "teacher",
        Some("teacher"),
    ),
    (
        "администратор сертификатов",
        "certificates",
        "Демо Администратор Сертификатов",
        "methodologist",
        Some("certificate_admin"),
    ),
    (
        "куратор школ Хабаровского края",
        "curator",
        "Демо Куратор Школ",
        "methodologist",
        Some("curator"),
    ),
];

fn password() -> String {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    OsRng
        .sample_iter(Uniform::from(0..ALPHABET.len()))
        .take(20)
        .map(|i| char::from(ALPHABET[i]))
        .collect()
}

/// Creates the sign-ins unless they exist; returns them (with their passwords) when created.
pub async fn seed_accounts(conn: &mut PgConnection) -> Result<Option<Vec<Account>>, SeedError> {
    let admin_email = format!("admin@{DEMO_DOMAIN}");
    let exists: bool = sqlx::query_scalar("select exists (select 1 from users where email = $1)")
        .bind(&admin_email)
        .fetch_one(&mut *conn)
        .await?;
    if exists {
        return Ok(None);
    }
    let (tenant_id, school, municipality): (Uuid, Uuid, Uuid) = sqlx::query_as(
        "select t.id, s.id, s.municipality_id from tenants t join schools s on s.tenant_id = t.id
         where t.slug = $1 and s.code = $2",
    )
    .bind(SLUG)
    .bind(SCHOOL)
    .fetch_one(&mut *conn)
    .await?;
    let region = RegionData::load(conn, tenant_id, 2026).await?;
    let mut rng = StdRng::seed_from_u64(2026);
    let mut accounts = Vec::new();
    for (what, local, name, position, role) in ACCOUNTS {
        let email = format!("{local}@{DEMO_DOMAIN}");
        let secret = password();
        let hash = {
            let secret = secret.clone();
            tokio::task::spawn_blocking(move || app::accounts::password::hash(&secret))
                .await
                .map_err(|e| SeedError::Hashing(e.to_string()))?
        };
        let subjects = if position == "teacher" {
            vec!["математика".to_string()]
        } else {
            Vec::new()
        };
        let at_school = matches!(position, "director" | "teacher").then_some((school, municipality));
        match role {
            Some(role) => {
                let person = NewPerson {
                    email: &email,
                    full_name: name,
                    password_hash: &hash,
                    school: at_school,
                    position,
                    role,
                    subjects: subjects.clone(),
                };
                let user = insert_person(conn, tenant_id, &person).await?;
                if position == "teacher" {
                    let mut written = Written::default();
                    let stage = Stage::Routed;
                    history(
                        conn,
                        &region,
                        &mut rng,
                        user,
                        position,
                        &subjects,
                        0.6,
                        stage,
                        &mut written,
                    )
                    .await?;
                }
            }
            None => platform_admin(conn, &email, &hash, name).await?,
        }
        accounts.push(Account {
            what,
            email,
            password: secret,
        });
    }
    Ok(Some(accounts))
}

/// An account without a region that holds the platform administrator's role.
async fn platform_admin(
    conn: &mut PgConnection,
    email: &str,
    hash: &str,
    name: &str,
) -> Result<(), sqlx::Error> {
    let user: Uuid = sqlx::query_scalar(
        "insert into users (email, password_hash, full_name, email_confirmed_at) values ($1, $2, $3, now()) returning id",
    )
    .bind(email)
    .bind(hash)
    .bind(name)
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query("insert into platform_admins (user_id) values ($1)")
        .bind(user)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The file's text: where to sign in and each account.
pub fn accounts_text(accounts: &[Account]) -> String {
    let mut text = format!("Демо-входы Rost: страница входа /r/{SLUG}/login\n");
    for account in accounts {
        text.push_str(&format!(
            "{}: {} / {}\n",
            account.what, account.email, account.password
        ));
    }
    text
}

/// Writes the passwords readable by the owner only (0600), replacing an older file.
pub fn write_accounts(data_dir: &Path, accounts: &[Account]) -> Result<PathBuf, std::io::Error> {
    std::fs::create_dir_all(data_dir)?;
    let path = data_dir.join(ACCOUNTS_FILE);
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(&path)?;
    // An older file keeps its mode through `open`; set it again.
    std::fs::set_permissions(&path, std::os::unix::fs::PermissionsExt::from_mode(0o600))?;
    file.write_all(accounts_text(accounts).as_bytes())?;
    file.sync_all()?;
    Ok(path)
}
