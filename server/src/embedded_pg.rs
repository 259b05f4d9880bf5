//! The embedded default database: a PostgreSQL cluster in the data folder, started from the
//! `initdb`/`postgres` binaries on PATH and owned by this process.
//!
//! The cluster listens only on a Unix socket inside the data folder (no TCP port to collide
//! with or to expose), and the socket is private to the operating-system user that runs it.

use std::{
    path::{Path, PathBuf},
    process::Stdio,
    time::Duration,
};

use nix::{
    sys::signal::{kill, Signal},
    unistd::{Pid, Uid, User},
};
use sqlx::{
    postgres::{PgConnectOptions, PgPoolOptions},
    ConnectOptions, Connection,
};
use tokio::process::{Child, Command};

/// The socket file is named after this port number; nothing listens on TCP.
const SOCKET_PORT: u16 = 5432;
const SUPERUSER: &str = "postgres";
/// Unix socket paths are limited to 107 bytes by the kernel.
const MAX_SOCKET_PATH: usize = 100;

#[derive(Debug, thiserror::Error)]
pub enum EmbeddedPgError {
    #[error("cannot run `{command}` (is PostgreSQL installed and on PATH?): {source}")]
    Spawn {
        command: &'static str,
        source: std::io::Error,
    },
    #[error("`{command}` failed with {status}; see {log}")]
    Failed {
        command: &'static str,
        status: std::process::ExitStatus,
        log: String,
    },
    #[error("the embedded PostgreSQL did not accept connections within {0:?}; see {1}")]
    NotReady(Duration, String),
    #[error(
        "running as root, but the operating-system user `{0}` that should own the cluster does not exist"
    )]
    NoServiceUser(String),
    #[error(
        "the embedded PostgreSQL runs as the operating-system user `{user}`, which cannot enter {blocked} \
         (ROST_DATA_DIR={data_dir} or a folder above it), so it could not reach its cluster. \
         Let it pass with `chmod o+x {blocked}`, or set ROST_DATA_DIR to a folder that `{user}` can reach, \
         e.g. /var/lib/rost"
    )]
    Unreachable {
        user: String,
        blocked: String,
        data_dir: String,
    },
    #[error("file system error at {path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("cannot change ownership of {path}: {source}")]
    Chown { path: String, source: nix::Error },
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> EmbeddedPgError + '_ {
    move |source| EmbeddedPgError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// A running cluster; [`EmbeddedPostgres::stop`] shuts it down cleanly.
pub struct EmbeddedPostgres {
    socket_dir: PathBuf,
    log_path: PathBuf,
    child: Child,
}

/// Who runs `initdb` and `postgres`: PostgreSQL refuses to run as root, so a root process hands
/// the cluster to the `postgres` system user.
#[derive(Clone)]
struct ServiceUser {
    name: String,
    uid: nix::unistd::Uid,
    gid: nix::unistd::Gid,
}

impl ServiceUser {
    fn detect() -> Result<Option<Self>, EmbeddedPgError> {
        if !Uid::effective().is_root() {
            return Ok(None);
        }
        let name = std::env::var("ROST_PG_OS_USER").unwrap_or_else(|_| SUPERUSER.into());
        let Some(user) = User::from_name(&name).ok().flatten() else {
            return Err(EmbeddedPgError::NoServiceUser(name));
        };
        Ok(Some(ServiceUser {
            name,
            uid: user.uid,
            gid: user.gid,
        }))
    }

    fn command(user: &Option<Self>, program: &'static str) -> Command {
        let mut command = Command::new(program);
        if let Some(user) = user {
            command.uid(user.uid.as_raw()).gid(user.gid.as_raw());
        }
        command
    }

    /// PostgreSQL, running as this user, must pass through every folder above its cluster. A
    /// folder only root may enter (`mktemp -d` makes one with mode 0700) would otherwise show
    /// up as a bare "`initdb` failed", so it is named, with the fix, before anything starts.
    /// The mode bits are read the way the kernel reads them for this uid and primary gid (the
    /// only group the child keeps: `Command::uid` drops supplementary groups).
    fn check_reachable(&self, data_dir: &Path) -> Result<(), EmbeddedPgError> {
        use std::os::unix::fs::MetadataExt;
        let mut blocked = Vec::new();
        for dir in data_dir.ancestors() {
            let meta = std::fs::metadata(dir).map_err(io_error(dir))?;
            let search_bit = if meta.uid() == self.uid.as_raw() {
                0o100
            } else if meta.gid() == self.gid.as_raw() {
                0o010
            } else {
                0o001
            };
            if meta.mode() & search_bit == 0 {
                blocked.push(dir.display().to_string());
            }
        }
        if blocked.is_empty() {
            return Ok(());
        }
        blocked.reverse();
        Err(EmbeddedPgError::Unreachable {
            user: self.name.clone(),
            blocked: blocked.join(" "),
            data_dir: data_dir.display().to_string(),
        })
    }

    fn chown_recursive(&self, path: &Path) -> Result<(), EmbeddedPgError> {
        let chown = |p: &Path| {
            nix::unistd::chown(p, Some(self.uid), Some(self.gid)).map_err(|source| EmbeddedPgError::Chown {
                path: p.display().to_string(),
                source,
            })
        };
        chown(path)?;
        for entry in std::fs::read_dir(path).map_err(io_error(path))? {
            let entry = entry.map_err(io_error(path))?;
            let file_type = entry.file_type().map_err(io_error(path))?;
            if file_type.is_dir() {
                self.chown_recursive(&entry.path())?;
            } else {
                chown(&entry.path())?;
            }
        }
        Ok(())
    }
}

impl EmbeddedPostgres {
    /// Initialises the cluster on first use, recovers from a killed previous run, and starts it.
    pub async fn start(data_dir: &Path) -> Result<Self, EmbeddedPgError> {
        Self::start_with(data_dir, Durability::Durable).await
    }

    /// [`EmbeddedPostgres::start`] with the given durability; tests throw their data away.
    pub async fn start_with(data_dir: &Path, durability: Durability) -> Result<Self, EmbeddedPgError> {
        std::fs::create_dir_all(data_dir).map_err(io_error(data_dir))?;
        let data_dir = data_dir.canonicalize().map_err(io_error(data_dir))?;
        let cluster_dir = data_dir.join("pg");
        let log_path = data_dir.join("postgres.log");
        let socket_dir = socket_dir_for(&data_dir);
        let user = ServiceUser::detect()?;
        if let Some(user) = &user {
            user.check_reachable(&data_dir)?;
        }
        std::fs::create_dir_all(&socket_dir).map_err(io_error(&socket_dir))?;
        give_to(&user, &socket_dir)?;
        initialise(&user, &cluster_dir, &log_path).await?;
        recover_stale_lock(&cluster_dir).await;
        let child = spawn_postgres(&user, &cluster_dir, &socket_dir, &log_path, durability)?;
        let mut cluster = EmbeddedPostgres {
            socket_dir,
            log_path,
            child,
        };
        cluster.wait_until_ready(Duration::from_secs(30)).await?;
        tracing::info!(socket = %cluster.socket_dir.display(), "embedded PostgreSQL is ready");
        Ok(cluster)
    }

    /// Connection options of the cluster's superuser for `database`.
    pub fn superuser_options(&self, database: &str) -> PgConnectOptions {
        self.options(SUPERUSER, database)
    }

    pub fn options(&self, user: &str, database: &str) -> PgConnectOptions {
        PgConnectOptions::new()
            .host(&self.socket_dir.display().to_string())
            .port(SOCKET_PORT)
            .username(user)
            .database(database)
            .disable_statement_logging()
    }

    /// Creates `database` unless it exists.
    pub async fn ensure_database(&self, database: &str) -> Result<(), sqlx::Error> {
        let mut conn = sqlx::PgConnection::connect_with(&self.superuser_options("postgres")).await?;
        let exists: bool = sqlx::query_scalar("select exists(select 1 from pg_database where datname = $1)")
            .bind(database)
            .fetch_one(&mut conn)
            .await?;
        if !exists {
            sqlx::query(&format!("create database \"{}\"", database.replace('"', "")))
                .execute(&mut conn)
                .await?;
        }
        conn.close().await
    }

    /// Waits for the first connection; a `postgres` that exits instead (a bad setting, or the
    /// shared memory of a killed predecessor still in use) is reported at once, not after
    /// `timeout`.
    async fn wait_until_ready(&mut self, timeout: Duration) -> Result<(), EmbeddedPgError> {
        let deadline = tokio::time::Instant::now() + timeout;
        let options = self.superuser_options("postgres");
        loop {
            if let Ok(pool) = PgPoolOptions::new()
                .max_connections(1)
                .connect_with(options.clone())
                .await
            {
                pool.close().await;
                return Ok(());
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(EmbeddedPgError::Failed {
                    command: "postgres",
                    status,
                    log: self.log_path.display().to_string(),
                });
            }
            if tokio::time::Instant::now() > deadline {
                return Err(EmbeddedPgError::NotReady(
                    timeout,
                    self.log_path.display().to_string(),
                ));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Fast shutdown: open sessions are ended and the cluster is left consistent.
    pub async fn stop(mut self) {
        if let Some(pid) = self.child.id() {
            let _ = kill(Pid::from_raw(pid as i32), Signal::SIGINT);
        }
        match tokio::time::timeout(Duration::from_secs(20), self.child.wait()).await {
            Ok(_) => tracing::info!("embedded PostgreSQL stopped"),
            Err(_) => {
                tracing::warn!("embedded PostgreSQL did not stop in 20 s; killing it");
                let _ = self.child.kill().await;
            }
        }
    }
}

fn socket_dir_for(data_dir: &Path) -> PathBuf {
    let preferred = data_dir.join("run");
    if preferred.join(".s.PGSQL.5432.lock").as_os_str().len() <= MAX_SOCKET_PATH {
        return preferred;
    }
    // A deep checkout would overflow the socket path; a short, stable path in /tmp keyed by
    // the data folder keeps working.
    let digest = data_dir
        .as_os_str()
        .as_encoded_bytes()
        .iter()
        .fold(0xcbf29ce484222325u64, |h, b| {
            (h ^ u64::from(*b)).wrapping_mul(0x100000001b3)
        });
    std::env::temp_dir().join(format!("rost-pg-{digest:016x}"))
}

/// A `postmaster.pid` left by a run that was killed: if its process is gone the lock is
/// stale and is removed; if a postmaster of this cluster still runs (an orphan of a killed
/// server), it is shut down so this process can own the cluster.
async fn recover_stale_lock(cluster_dir: &Path) {
    let lock = cluster_dir.join("postmaster.pid");
    let Ok(contents) = std::fs::read_to_string(&lock) else {
        return;
    };
    let Some(pid) = contents.lines().next().and_then(|l| l.trim().parse::<i32>().ok()) else {
        tracing::warn!(lock = %lock.display(), "removing an unreadable PostgreSQL lock file");
        let _ = std::fs::remove_file(&lock);
        return;
    };
    let pid = Pid::from_raw(pid);
    if kill(pid, None).is_err() || !is_postgres(pid) {
        tracing::warn!(
            lock = %lock.display(),
            pid = pid.as_raw(),
            "recovered a stale PostgreSQL lock left by a killed run; the process is gone, removing the lock"
        );
        let _ = std::fs::remove_file(&lock);
        return;
    }
    tracing::warn!(
        pid = pid.as_raw(),
        "an orphaned PostgreSQL of this data folder is still running (a previous run was killed); stopping it"
    );
    let _ = kill(pid, Signal::SIGINT);
    // Its shutdown checkpoint can take half a minute on a busy disk; killing it sooner would
    // leave its shared memory to its children and the new cluster could not start.
    for _ in 0..2400 {
        if kill(pid, None).is_err() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tracing::warn!(
        pid = pid.as_raw(),
        "the orphaned PostgreSQL did not stop in 120 s; killing it"
    );
    let _ = kill(pid, Signal::SIGKILL);
    tokio::time::sleep(Duration::from_millis(200)).await;
    let _ = std::fs::remove_file(&lock);
}

fn is_postgres(pid: Pid) -> bool {
    std::fs::read_to_string(format!("/proc/{}/comm", pid.as_raw()))
        .map(|comm| comm.trim() == "postgres")
        .unwrap_or(false)
}

async fn run_to_completion(
    command: &mut Command,
    name: &'static str,
    log_path: &Path,
) -> Result<(), EmbeddedPgError> {
    let output = command
        .stdin(Stdio::null())
        .output()
        .await
        .map_err(|source| EmbeddedPgError::Spawn {
            command: name,
            source,
        })?;
    let mut log = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(log_path)
        .map_err(io_error(log_path))?;
    use std::io::Write;
    let _ = log.write_all(&output.stdout);
    let _ = log.write_all(&output.stderr);
    if output.status.success() {
        Ok(())
    } else {
        Err(EmbeddedPgError::Failed {
            command: name,
            status: output.status,
            log: log_path.display().to_string(),
        })
    }
}

/// Hands a file or folder to the service user PostgreSQL runs as, when running as root.
fn give_to(user: &Option<ServiceUser>, path: &Path) -> Result<(), EmbeddedPgError> {
    if let Some(user) = user {
        nix::unistd::chown(path, Some(user.uid), Some(user.gid)).map_err(|source| {
            EmbeddedPgError::Chown {
                path: path.display().to_string(),
                source,
            }
        })?;
    }
    Ok(())
}

/// Runs `initdb` the first time; afterwards only makes sure the service user owns the files.
async fn initialise(
    user: &Option<ServiceUser>,
    cluster_dir: &Path,
    log_path: &Path,
) -> Result<(), EmbeddedPgError> {
    if cluster_dir.join("PG_VERSION").exists() {
        if let Some(user) = user {
            user.chown_recursive(cluster_dir)?;
        }
        return Ok(());
    }
    tracing::info!(dir = %cluster_dir.display(), "initialising the embedded PostgreSQL cluster");
    std::fs::create_dir_all(cluster_dir).map_err(io_error(cluster_dir))?;
    if let Some(user) = user {
        user.chown_recursive(cluster_dir)?;
    }
    run_to_completion(
        ServiceUser::command(user, "initdb").args([
            "--pgdata".as_ref(),
            cluster_dir.as_os_str(),
            "--username".as_ref(),
            SUPERUSER.as_ref(),
            "--auth=trust".as_ref(),
            "--encoding=UTF8".as_ref(),
            "--locale=C.UTF-8".as_ref(),
            "--no-instructions".as_ref(),
        ]),
        "initdb",
        log_path,
    )
    .await
}

/// Whether the cluster must survive a power cut.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Durability {
    /// The product's data: every commit is flushed to disk.
    Durable,
    /// Test data, thrown away after the run: nothing is flushed, so the hundreds of databases a
    /// test run creates cost no minute-long checkpoint at shutdown.
    Throwaway,
}

/// Starts `postgres` on a private socket only, logging to `log_path`.
fn spawn_postgres(
    user: &Option<ServiceUser>,
    cluster_dir: &Path,
    socket_dir: &Path,
    log_path: &Path,
    durability: Durability,
) -> Result<tokio::process::Child, EmbeddedPgError> {
    let log_file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(log_path)
        .map_err(io_error(log_path))?;
    let log_file_err = log_file.try_clone().map_err(io_error(log_path))?;
    give_to(user, log_path)?;
    ServiceUser::command(user, "postgres")
        .arg("-D")
        .arg(cluster_dir)
        .arg("-c")
        .arg("listen_addresses=")
        .arg("-c")
        .arg(format!("unix_socket_directories={}", socket_dir.display()))
        .arg("-c")
        .arg("unix_socket_permissions=0700")
        .arg("-c")
        .arg(format!("port={SOCKET_PORT}"))
        .arg("-c")
        .arg("max_connections=200")
        // Its queries are short; LLVM's JIT would only add compile time and a crash surface.
        .arg("-c")
        .arg("jit=off")
        .arg("-c")
        .arg(match durability {
            Durability::Durable => "fsync=on",
            Durability::Throwaway => "fsync=off",
        })
        // Its own process group: a Ctrl-C in the terminal reaches only the server, which
        // then stops the cluster after the last request has finished.
        .process_group(0)
        .stdin(Stdio::null())
        .stdout(Stdio::from(log_file))
        .stderr(Stdio::from(log_file_err))
        .spawn()
        .map_err(|source| EmbeddedPgError::Spawn {
            command: "postgres",
            source,
        })
}
