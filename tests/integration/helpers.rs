use std::sync::OnceLock;

use server::{
    config::Config,
    db::{self, Connections},
    embedded_pg::{Durability, EmbeddedPostgres},
    startup::Application,
};
use sqlx::{postgres::PgPoolOptions, PgPool};
use uuid::Uuid;

/// One embedded cluster per test process; each test gets its own database in it.
pub fn cluster() -> &'static EmbeddedPostgres {
    static CLUSTER: OnceLock<EmbeddedPostgres> = OnceLock::new();
    CLUSTER.get_or_init(|| {
        // Started on a runtime of its own, because each test's runtime ends with the test.
        std::thread::spawn(|| {
            let runtime = tokio::runtime::Runtime::new().expect("test runtime");
            runtime.block_on(async {
                let tmp = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"));
                remove_data_folders_of_earlier_runs(tmp);
                let dir = tmp.join("rost-test-cluster");
                let cluster = EmbeddedPostgres::start_with(&dir, Durability::Throwaway)
                    .await
                    .expect("start the test cluster");
                db::prepare_embedded_roles(&cluster).await.expect("prepare roles");
                cluster
            })
        })
        .join()
        .expect("cluster start-up thread")
    })
}

/// Each test app writes a data folder (`app-<database>`); without this, every run would leave
/// gigabytes of them behind. Runs at the first test, before any folder of this run exists.
fn remove_data_folders_of_earlier_runs(tmp: &std::path::Path) {
    let Ok(entries) = std::fs::read_dir(tmp) else {
        return;
    };
    for entry in entries.flatten() {
        if entry.file_name().to_string_lossy().starts_with("app-") {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    /// The owner's pool (not subject to row-level security), for arranging and checking data.
    pub owner: PgPool,
    /// A pool of the application role, as the server itself connects.
    pub app_role: PgPool,
    pub database: String,
    /// The server's data folder (its session signing key, its mail files).
    pub data_dir: std::path::PathBuf,
    /// Environment variables given to the configuration beyond the defaults.
    settings: Vec<(String, String)>,
    server: tokio::task::JoinHandle<Result<(), server::startup::StartupError>>,
    /// Dropped with the app, which stops its server: the attack suite runs dozens of apps in
    /// one runtime, and finished ones must give their connections back.
    _stop: tokio::sync::oneshot::Sender<()>,
}

impl TestApp {
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{}", self.address, path))
            .send()
            .await
            .expect("request to the test server")
    }

    /// GET with these cookies (`name=value; …`).
    pub async fn get_with_cookies(&self, path: &str, cookies: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{}", self.address, path))
            .header("cookie", cookies)
            .send()
            .await
            .expect("request to the test server")
    }

    /// Calls a server function the way a same-site form does.
    pub async fn call<F: leptos::server_fn::ServerFn>(
        &self,
        form: &[(&str, &str)],
        cookies: &str,
    ) -> reqwest::Response {
        self.client
            .post(format!("{}{}", self.address, F::PATH))
            .header("origin", &self.address)
            .header("accept", "application/json")
            .header("cookie", cookies)
            .form(form)
            .send()
            .await
            .expect("server function call")
    }

    /// Posts a multipart form to `path` as a browser does: `fields`, then each of `files` as a
    /// `file` part; returns the status and the redirect's `Location` (empty if none).
    pub async fn post_files(
        &self,
        path: &str,
        cookies: &str,
        fields: &[(&str, &str)],
        files: &[(&str, &[u8])],
    ) -> (u16, String) {
        let response = self.post_multipart(path, cookies, fields, files).await;
        let location = response
            .headers()
            .get("location")
            .map(|l| l.to_str().expect("location").to_string());
        (response.status().as_u16(), location.unwrap_or_default())
    }

    async fn post_multipart(
        &self,
        path: &str,
        cookies: &str,
        fields: &[(&str, &str)],
        files: &[(&str, &[u8])],
    ) -> reqwest::Response {
        let mut form = reqwest::multipart::Form::new();
        for (name, value) in fields {
            form = form.text(name.to_string(), value.to_string());
        }
        for (name, bytes) in files {
            form = form.part(
                "file",
                reqwest::multipart::Part::bytes(bytes.to_vec()).file_name(name.to_string()),
            );
        }
        self.client
            .post(format!("{}{path}", self.address))
            .header("origin", &self.address)
            .header("cookie", cookies)
            .multipart(form)
            .send()
            .await
            .expect("upload")
    }

    /// Posts a file as the identification upload form does.
    pub async fn post_upload(
        &self,
        cookies: &str,
        slug: &str,
        kind: &str,
        name: &str,
        bytes: Vec<u8>,
    ) -> reqwest::Response {
        let path = format!("/r/{slug}/admin/identification/upload");
        self.post_multipart(&path, cookies, &[("kind", kind)], &[(name, &bytes)])
            .await
    }

    pub async fn get_text(&self, path: &str) -> (u16, String) {
        let response = self.get(path).await;
        let status = response.status().as_u16();
        (status, response.text().await.expect("response body"))
    }
}

/// Starts the application on a random port with a fresh, migrated and seeded database; e-mail
/// goes to `.eml` files in a temporary data folder.
pub async fn spawn_app() -> TestApp {
    spawn_app_with_smtp(None).await
}

/// The same, sending e-mail to the SMTP server at `smtp_url`.
pub async fn spawn_app_with_smtp(smtp_url: Option<String>) -> TestApp {
    let settings = smtp_url.map(|url| ("ROST_SMTP_URL", url));
    spawn_app_with(settings.as_slice()).await
}

/// The same with these environment variables (`ROST_SMTP_URL`, `ROST_MAIL_RETRY_BASE_MS` …).
pub async fn spawn_app_with(settings: &[(&str, String)]) -> TestApp {
    spawn_app_on(cluster(), settings).await
}

/// The same on a database of `cluster` (whose roles are prepared): for a test that kills its
/// own cluster, which it cannot do to the one every other test shares. Such an app is not
/// given to [`restart`], which starts on the shared cluster.
pub async fn spawn_app_on(cluster: &EmbeddedPostgres, settings: &[(&str, String)]) -> TestApp {
    let database = format!("rost_test_{}", Uuid::new_v4().simple());
    cluster
        .ensure_database(&database)
        .await
        .expect("create test database");
    let settings = settings
        .iter()
        .map(|(name, value)| (name.to_string(), value.clone()))
        .collect();
    start_on(cluster, database, settings).await
}

/// Stops the server abruptly and starts a new one on the same database and data folder (so
/// the same signing key): what a crash and restart look like to the people using it.
pub async fn restart(app: TestApp) -> TestApp {
    app.server.abort();
    let _ = app.server.await;
    start_on(cluster(), app.database, app.settings).await
}

async fn start_on(cluster: &EmbeddedPostgres, database: String, settings: Vec<(String, String)>) -> TestApp {
    let connections = Connections::embedded(cluster, &database);
    let data_dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("app-{database}"));
    let config = Config::from_lookup(|name| match name {
        "ROST_PORT" => Some("0".into()),
        "ROST_SITE_ROOT" => Some(format!("{}/../target/site", env!("CARGO_MANIFEST_DIR"))),
        "ROST_DATA_DIR" => Some(data_dir.display().to_string()),
        // The full demo (hundreds of people) only where a test asks for it.
        "ROST_DEMO_PEOPLE" => settings
            .iter()
            .find(|(set, _)| set == name)
            .map_or(Some("false".into()), |(_, value)| Some(value.clone())),
        _ => settings
            .iter()
            .find(|(set, _)| set == name)
            .map(|(_, value)| value.clone()),
    })
    .expect("test configuration");
    let app = Application::build_with(config, connections, None)
        .await
        .expect("build the app");
    let address = format!("http://127.0.0.1:{}", app.port());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(app.run_until_stopped(async move {
        let _ = stopped.await;
    }));

    let owner = PgPoolOptions::new()
        .max_connections(2)
        .connect_with(cluster.superuser_options(&database))
        .await
        .expect("owner pool");
    let app_role = PgPoolOptions::new()
        .max_connections(2)
        .connect_with(cluster.options(db::APP_ROLE, &database))
        .await
        .expect("application-role pool");
    TestApp {
        address,
        // A request that hangs fails its test instead of stalling the whole run.
        client: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(std::time::Duration::from_secs(60))
            .build()
            .expect("http client"),
        owner,
        app_role,
        database,
        data_dir,
        settings,
        server,
        _stop: stop,
    }
}

/// A person's id by e-mail, read as the owner (tests check what the app wrote).
pub async fn user_id(app: &TestApp, email: &str) -> Uuid {
    sqlx::query_scalar("select id from users where email = $1")
        .bind(email)
        .fetch_one(&app.owner)
        .await
        .expect("user")
}

/// Gives people the full names a test reads back (everyone signs up as the same name).
pub async fn set_names(app: &TestApp, names: &[(&str, &str)]) {
    for (email, name) in names {
        sqlx::query("update users set full_name = $2 where email = $1")
            .bind(email)
            .bind(name)
            .execute(&app.owner)
            .await
            .expect("name");
    }
}

pub async fn tenant_id(pool: &PgPool, slug: &str) -> Uuid {
    sqlx::query_scalar("select id from tenants where slug = $1")
        .bind(slug)
        .fetch_one(pool)
        .await
        .expect("tenant id")
}

/// A confirmed person with `role` in the region (and, if given, the municipality with that
/// name), signed in through the login server function; returns the cookie header.
pub async fn signed_in(
    app: &TestApp,
    slug: &str,
    email: &str,
    role: &str,
    municipality: Option<&str>,
) -> String {
    const PASSWORD: &str = "Проверочный-пароль-2026";
    let user: Uuid = sqlx::query_scalar(
        "insert into users (email, password_hash, full_name, email_confirmed_at)
         values ($1, $2, 'Проверяющий Пользователь', now()) returning id",
    )
    .bind(email)
    .bind(app::accounts::password::hash(PASSWORD))
    .fetch_one(&app.owner)
    .await
    .expect("user");
    sqlx::query(
        "insert into memberships (tenant_id, user_id, position, municipality_id)
         select t.id, $2, 'methodologist', (select m.id from municipalities m where m.tenant_id = t.id and m.name = $3)
         from tenants t where t.slug = $1",
    )
    .bind(slug)
    .bind(user)
    .bind(municipality)
    .execute(&app.owner)
    .await
    .expect("membership");
    sqlx::query(
        "insert into role_grants (tenant_id, user_id, role) select id, $2, $3 from tenants where slug = $1",
    )
    .bind(slug)
    .bind(user)
    .bind(role)
    .execute(&app.owner)
    .await
    .expect("role");
    logged_in(app, slug, email, PASSWORD).await
}

/// Signs in through the login server function; returns the cookie header it set.
pub async fn logged_in(app: &TestApp, slug: &str, email: &str, password: &str) -> String {
    let response = app
        .call::<app::accounts::Login>(&[("slug", slug), ("email", email), ("password", password)], "")
        .await;
    assert!(
        response.status().as_u16() < 400,
        "login {email}: {}",
        response.status()
    );
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok()?.split(';').next().map(str::to_string))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Bytes identification stored packed, as the text they hold.
pub fn unpacked(bytes: &[u8]) -> String {
    String::from_utf8(app::identification::packed::unpack(bytes).unwrap().into_owned()).unwrap()
}

/// A run's result exactly as the engine wrote it.
pub async fn run_result(app: &TestApp, run: &str) -> String {
    let bytes: Vec<u8> = sqlx::query_scalar("select result from identification_runs where id = $1::uuid")
        .bind(run)
        .fetch_one(&app.owner)
        .await
        .unwrap();
    unpacked(&bytes)
}
