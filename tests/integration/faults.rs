//! Faults (issue 10): the database killed under load, a long SMTP outage, the server killed
//! while it commits an upload, and a data folder the database's user cannot enter. Each test
//! checks that what was acknowledged survives, and that nothing is half done or done twice.

use std::{
    collections::{HashMap, HashSet},
    os::unix::fs::PermissionsExt,
    path::Path,
    process::Command,
    sync::{
        atomic::{AtomicBool, AtomicUsize, Ordering},
        Arc, Mutex,
    },
    time::{Duration, Instant},
};

use app::diagnostics::{Answer, SaveOutcome};
use app::notifications::Email;
use leptos::server_fn::ServerFn;
use nix::{
    sys::signal::{kill, Signal},
    unistd::Pid,
};
use server::{db, embedded_pg::EmbeddedPostgres};
use sqlx::PgPool;
use uuid::Uuid;

use crate::{
    diagnostics::{attempt, json, keys, person, right, save, start_teacher},
    embedded_db::{
        http_status, postmaster_pid, start_server_with, stop_with_sigterm, DataDir, ServerProcess,
    },
    helpers::{cluster, signed_in, spawn_app, spawn_app_on, spawn_app_with, tenant_id, TestApp},
    identification::upload,
    mail::{free_port, MailServer},
};

/// Polls `done` every 20 ms until it holds; fails naming `what` after `timeout`.
async fn wait_until<F, Fut>(timeout: Duration, what: &str, mut done: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = Instant::now() + timeout;
    while !done().await {
        assert!(Instant::now() < deadline, "{what} within {timeout:?}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[test]
fn a_data_folder_the_postgres_user_cannot_enter_is_named_with_the_fix() {
    if !nix::unistd::Uid::effective().is_root() {
        eprintln!("skipped: only a server run as root hands its cluster to the postgres user");
        return;
    }
    // What `mktemp -d` makes: a folder only root may enter.
    let locked = DataDir::new("faults-locked");
    std::fs::set_permissions(&*locked, std::fs::Permissions::from_mode(0o700)).unwrap();

    let output = Command::new(env!("CARGO_BIN_EXE_server"))
        .env_remove("DATABASE_URL")
        .env("ROST_DATA_DIR", &*locked)
        .env("ROST_PORT", "0")
        .env("ROST_LOG_FORMAT", "json")
        .output()
        .expect("run the server binary");
    let said = String::from_utf8_lossy(&output.stdout).to_string() + &String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "{said}");
    let dir = locked.display();
    assert!(said.contains(&format!("cannot enter {dir}")), "{said}");
    assert!(said.contains(&format!("chmod o+x {dir}")), "{said}");
    assert!(said.contains("ROST_DATA_DIR"), "{said}");
    assert!(!locked.join("pg/PG_VERSION").exists(), "nothing is initialised");

    // The advice works.
    std::fs::set_permissions(&*locked, std::fs::Permissions::from_mode(0o711)).unwrap();
    let (server, port, _) = start_server_with(&locked, &[]);
    assert_eq!(http_status(port, "/readyz"), 200);
    assert!(stop_with_sigterm(server).success());
}

/// The highest acknowledged sequence number of each item, and how many saves were acknowledged.
#[derive(Default)]
struct Acks {
    highest: Mutex<HashMap<String, i64>>,
    count: AtomicUsize,
}

impl Acks {
    fn count(&self) -> usize {
        self.count.load(Ordering::SeqCst)
    }
}

/// What a browser tab does: answers its items again and again with rising sequence numbers,
/// noting each save the server acknowledged, until `stop`.
async fn keep_answering(
    app: Arc<TestApp>,
    cookies: String,
    attempt: String,
    items: Vec<(String, Answer)>,
    acks: Arc<Acks>,
    stop: Arc<AtomicBool>,
) {
    let mut seq = 0;
    while !stop.load(Ordering::SeqCst) {
        for (item, answer) in &items {
            seq += 1;
            let response = save(&app, &cookies, &attempt, item, seq, answer).await;
            if response.status() == 200 && json::<SaveOutcome>(response).await == SaveOutcome::Saved {
                acks.highest.lock().unwrap().insert(item.clone(), seq);
                acks.count.fetch_add(1, Ordering::SeqCst);
            }
        }
    }
}

async fn wait_for_readyz(app: &TestApp, status: u16, timeout: Duration) {
    wait_until(
        timeout,
        &format!("/readyz answers {status}"),
        move || async move { app.get("/readyz").await.status() == status },
    )
    .await;
}

/// Starts the cluster in `dir` again after its postmaster was killed. Until the killed
/// postmaster's backends notice and exit, a new one refuses their shared memory; so retry.
async fn restart_cluster(dir: &Path) -> EmbeddedPostgres {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        match EmbeddedPostgres::start(dir).await {
            Ok(cluster) => return cluster,
            Err(error) => assert!(
                Instant::now() < deadline,
                "the cluster did not come back: {error}"
            ),
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

const WRITERS: usize = 4;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_database_killed_under_load_loses_no_acknowledged_answer_and_readyz_tells() {
    // A cluster of the test's own: the shared one serves every other test in the process.
    let dir = DataDir::new("faults-pg");
    let cluster = EmbeddedPostgres::start(&dir)
        .await
        .expect("the test's own cluster");
    db::prepare_embedded_roles(&cluster).await.expect("roles");
    let app = Arc::new(spawn_app_on(&cluster, &[]).await);
    let teacher = person(
        &app,
        "under-load@example.ru",
        "teacher",
        "teacher",
        Some("27-0001"),
    )
    .await;
    let attempt_id = start_teacher(&app, &teacher).await;
    let items: Vec<(String, Answer)> = keys(&app, &attempt_id)
        .await
        .iter()
        .map(|(id, item)| (id.clone(), right(item)))
        .collect();
    let (acks, stop) = (Arc::new(Acks::default()), Arc::new(AtomicBool::new(false)));
    let writers: Vec<_> = (0..WRITERS)
        .map(|w| {
            let own = items.iter().skip(w).step_by(WRITERS).cloned().collect();
            let (app, teacher, attempt_id) = (app.clone(), teacher.clone(), attempt_id.clone());
            tokio::spawn(keep_answering(
                app,
                teacher,
                attempt_id,
                own,
                acks.clone(),
                stop.clone(),
            ))
        })
        .collect();
    let acked = &*acks;
    wait_until(
        Duration::from_secs(30),
        "saves are acknowledged",
        move || async move { acked.count() >= 40 },
    )
    .await;
    assert_eq!(app.get("/readyz").await.status(), 200);

    let postmaster = postmaster_pid(&dir).expect("a running postmaster");
    kill(Pid::from_raw(postmaster), Signal::SIGKILL).expect("SIGKILL the postmaster");
    cluster.stop().await; // only reaps the killed process
    wait_for_readyz(&app, 503, Duration::from_secs(15)).await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_eq!(
        app.get("/readyz").await.status(),
        503,
        "still down, still said so"
    );

    let cluster = restart_cluster(&dir).await;
    wait_for_readyz(&app, 200, Duration::from_secs(30)).await;
    let at_restart = acks.count();
    wait_until(
        Duration::from_secs(30),
        "saves are acknowledged again",
        move || async move { acked.count() >= at_restart + 40 },
    )
    .await;
    stop.store(true, Ordering::SeqCst);
    for writer in writers {
        writer.await.expect("a writer");
    }

    let stored: HashMap<String, i64> = attempt(&app, &teacher, &attempt_id)
        .await
        .answers
        .into_iter()
        .map(|a| (a.item_id, a.seq))
        .collect();
    // Every save acknowledged, before the kill, during the outage or after it, is stored (or a
    // later save of the same item is).
    for (item, seq) in acks.highest.lock().unwrap().iter() {
        let kept = stored.get(item).copied().unwrap_or_default();
        assert!(
            kept >= *seq,
            "item {item}: save {seq} was acknowledged, {kept} is stored"
        );
    }
    cluster.stop().await;
}

/// The retry unit of the outage test: ten minutes at the production unit of a second are 600
/// units, three seconds at this one.
const RETRY_BASE: Duration = Duration::from_millis(5);
const MESSAGES: usize = 8;

#[tokio::test]
async fn mail_waits_out_a_long_smtp_outage_and_goes_out_once_each() {
    let port = free_port();
    let app = spawn_app_with(&[
        ("ROST_SMTP_URL", format!("smtp://127.0.0.1:{port}")),
        ("ROST_MAIL_RETRY_BASE_MS", RETRY_BASE.as_millis().to_string()),
    ])
    .await;
    let tenant = tenant_id(&app.owner, "khabarovsk").await;
    let began = Instant::now();
    let mut tx = app.owner.begin().await.unwrap();
    for n in 0..MESSAGES {
        let email = Email {
            subject: format!("Письмо {n}"),
            text: format!("Текст письма {n}"),
            html: format!("<p>Текст письма {n}</p>"),
        };
        app::notifications::enqueue(&mut tx, Some(tenant), &format!("patient-{n}@school27.ru"), email)
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();

    // Ten minutes' worth of outage: every message fails again and again, backing off.
    let outage = 600 * RETRY_BASE;
    let mut attempts = (0, 0);
    while began.elapsed() < outage {
        let (status, fewest, most): (Vec<String>, i32, i32) =
            sqlx::query_as("select array_agg(distinct status), min(attempts), max(attempts) from outbox")
                .fetch_one(&app.owner)
                .await
                .unwrap();
        assert!(status.iter().all(|s| s != "failed" && s != "sent"), "{status:?}");
        // Attempt k comes no sooner than 2 + 4 + … + 2^(k-1) units after the first.
        let allowed = (began.elapsed().as_secs_f64() / RETRY_BASE.as_secs_f64() + 2.0).log2() as i32;
        assert!(
            most <= allowed,
            "{most} attempts after {:?}: no backoff",
            began.elapsed()
        );
        attempts = (fewest, most);
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(
        attempts.0 >= 6,
        "many failed attempts during the outage, not {attempts:?}"
    );

    let mail = MailServer::start_on(port);
    let owner = &app.owner;
    wait_until(
        Duration::from_secs(30),
        "every message is sent",
        move || async move {
            let unsent: i64 = sqlx::query_scalar("select count(*) from outbox where status <> 'sent'")
                .fetch_one(owner)
                .await
                .unwrap();
            unsent == 0
        },
    )
    .await;
    tokio::time::sleep(Duration::from_millis(500)).await; // time for a duplicate to arrive
    let ids: Vec<i64> = sqlx::query_scalar("select id from outbox")
        .fetch_all(&app.owner)
        .await
        .unwrap();
    let expected: HashSet<String> = ids.iter().map(|id| format!("<outbox-{id}@rost.local>")).collect();
    let mut received = mail.message_ids();
    received.sort();
    assert_eq!(received.len(), MESSAGES, "each message once: {received:?}");
    assert_eq!(received.into_iter().collect::<HashSet<_>>(), expected);
}

/// A region's registry: (code, name, municipality, group, rural) of each school, and the names
/// of its municipalities, both sorted.
#[derive(Clone, PartialEq)]
struct Registry {
    schools: Vec<(String, String, String, String, bool)>,
    municipalities: Vec<String>,
}

impl std::fmt::Debug for Registry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let renamed = self.schools.iter().filter(|s| s.1.ends_with(RENAMED)).count();
        write!(
            f,
            "{} schools ({renamed} renamed), {} municipalities",
            self.schools.len(),
            self.municipalities.len()
        )
    }
}

async fn registry(owner: &PgPool, tenant: Uuid) -> Registry {
    let schools = sqlx::query_as(
        "select s.code, s.name, m.name, s.school_group, s.is_rural from schools s
         join municipalities m on m.tenant_id = s.tenant_id and m.id = s.municipality_id
         where s.tenant_id = $1 order by s.code",
    )
    .bind(tenant)
    .fetch_all(owner)
    .await
    .unwrap();
    let municipalities =
        sqlx::query_scalar("select name from municipalities where tenant_id = $1 order by name")
            .bind(tenant)
            .fetch_all(owner)
            .await
            .unwrap();
    Registry {
        schools,
        municipalities,
    }
}

const RENAMED: &str = " (новая редакция)";
/// Enough schools that committing them takes a while: a kill lands inside the transaction.
const NEW_SCHOOLS: usize = 20_000;

/// A registry file that renames every school of `old` and adds [`NEW_SCHOOLS`] schools in two
/// new municipalities; and the registry it should produce.
fn new_registry(old: &Registry) -> (String, Registry) {
    let mut schools: Vec<_> = old
        .schools
        .iter()
        .map(|(code, name, municipality, group, rural)| {
            (
                code.clone(),
                format!("{name}{RENAMED}"),
                municipality.clone(),
                group.clone(),
                *rural,
            )
        })
        .collect();
    for n in 0..NEW_SCHOOLS {
        let municipality = format!("Новый район {}", n % 2 + 1);
        let name = format!("Школа № {n}{RENAMED}");
        schools.push((
            format!("99-{n:05}"),
            name,
            municipality,
            "средняя".into(),
            n % 3 == 0,
        ));
    }
    let header = ["school_id", "name", "municipality", "group", "locality"].map(String::from);
    let rows = schools.iter().map(|(code, name, municipality, group, rural)| {
        let locality = if *rural { "село" } else { "город" };
        vec![
            code.clone(),
            name.clone(),
            municipality.clone(),
            group.clone(),
            locality.into(),
        ]
    });
    let csv = app::identification::uploads::to_csv(&header, rows);
    schools.sort();
    let mut municipalities = old.municipalities.clone();
    municipalities.extend(["Новый район 1".to_string(), "Новый район 2".to_string()]);
    municipalities.sort();
    (
        csv,
        Registry {
            schools,
            municipalities,
        },
    )
}

/// The server binary on the test's database, as a second server of the same deployment: same
/// database and data folder (so the same signing key) as `app`.
fn second_server(app: &TestApp) -> (ServerProcess, String) {
    let options = cluster().superuser_options("postgres");
    let socket = options.get_host(); // the socket's folder
    let url = |user: &str| {
        format!(
            "postgres://{user}@localhost:5432/{}?host={socket}&application_name={KILLED}",
            app.database
        )
    };
    let (server, port, _) = start_server_with(
        &app.data_dir,
        &[
            ("DATABASE_URL", url("postgres")),
            ("APP_DATABASE_URL", url(db::APP_ROLE)),
        ],
    );
    (server, format!("http://127.0.0.1:{port}"))
}

const KILLED: &str = "rost-killed-server";

/// Whether a connection of the server that is about to be killed is inside a transaction that
/// has written something (it has a transaction id): the commit, however it is written.
async fn committing(owner: &PgPool) -> bool {
    sqlx::query_scalar(
        "select exists(select 1 from pg_stat_activity where application_name = $1
                       and backend_xid is not null)",
    )
    .bind(KILLED)
    .fetch_one(owner)
    .await
    .unwrap()
}

/// Starts a second server, has it commit the upload and, `delay` after it is seen writing
/// schools, kills it with SIGKILL. Returns whether the kill came inside the transaction
/// (false: the commit had finished first). Waits until PostgreSQL has noticed the death.
async fn commit_and_kill(app: &TestApp, cookies: &str, upload: &str, delay: Duration) -> bool {
    let (mut server, address) = second_server(app);
    let request = app
        .client
        .post(format!(
            "{address}{}",
            <app::identification::CommitUpload as ServerFn>::PATH
        ))
        .header("origin", &address)
        .header("accept", "application/json")
        .header("cookie", cookies)
        .form(&[("slug", "khabarovsk"), ("id", upload)])
        .send();
    let request = tokio::spawn(request);
    let deadline = Instant::now() + Duration::from_secs(60);
    while !committing(&app.owner).await && !request.is_finished() {
        assert!(Instant::now() < deadline, "the commit did not start");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    tokio::time::sleep(delay).await;
    let inside = committing(&app.owner).await;
    let _ = kill(Pid::from_raw(server.0.id() as i32), Signal::SIGKILL);
    let _ = server.0.wait();
    let _ = request.await;
    let owner = &app.owner;
    wait_until(
        Duration::from_secs(30),
        "the killed server's sessions end",
        move || async move {
            let left: i64 =
                sqlx::query_scalar("select count(*) from pg_stat_activity where application_name = $1")
                    .bind(KILLED)
                    .fetch_one(owner)
                    .await
                    .unwrap();
            left == 0
        },
    )
    .await;
    inside
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_killed_while_committing_a_registry_leaves_the_old_one_whole() {
    let app = spawn_app().await;
    let operator = signed_in(
        &app,
        "khabarovsk",
        "registry@example.ru",
        "regional_operator",
        None,
    )
    .await;
    let tenant = tenant_id(&app.owner, "khabarovsk").await;
    let old = registry(&app.owner, tenant).await;
    let (csv, new) = new_registry(&old);
    let (status, upload_id) = upload(
        &app,
        &operator,
        "khabarovsk",
        "schools",
        "реестр.csv",
        csv.into_bytes(),
    )
    .await;
    assert_eq!(status, 303, "the upload is kept for its preview");

    let mut interrupted = 0;
    for delay in [0, 100, 400].map(Duration::from_millis) {
        let inside = commit_and_kill(&app, &operator, &upload_id, delay).await;
        let now = registry(&app.owner, tenant).await;
        assert!(
            now == old || now == new,
            "after a kill {delay:?} into the commit: {now:?}, neither {old:?} nor {new:?}"
        );
        if now == new {
            break; // the commit had finished; nothing left to interrupt
        }
        interrupted += usize::from(inside);
    }
    assert!(
        interrupted > 0,
        "no kill landed inside the commit: make the registry larger"
    );

    // The upload survives an interrupted commit, and confirming it again applies all of it.
    if registry(&app.owner, tenant).await != new {
        let committed = app
            .call::<app::identification::CommitUpload>(
                &[("slug", "khabarovsk"), ("id", &upload_id)],
                &operator,
            )
            .await;
        assert_eq!(committed.status(), 200);
    }
    assert_eq!(registry(&app.owner, tenant).await, new);
}
