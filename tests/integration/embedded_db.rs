//! The embedded default: the real server binary with its own cluster in a data folder.

use std::{
    io::{BufRead, BufReader},
    path::Path,
    process::{Command, Stdio},
    time::{Duration, Instant},
};

use nix::{
    sys::signal::{kill, Signal},
    unistd::Pid,
};

pub(crate) fn postmaster_pid(data_dir: &Path) -> Option<i32> {
    std::fs::read_to_string(data_dir.join("pg/postmaster.pid"))
        .ok()?
        .lines()
        .next()?
        .trim()
        .parse()
        .ok()
}

pub(crate) fn alive(pid: i32) -> bool {
    kill(Pid::from_raw(pid), None).is_ok()
        && std::fs::read_to_string(format!("/proc/{pid}/stat"))
            .map(|stat| !stat.contains(") Z "))
            .unwrap_or(false)
}

/// The server binary, killed if a failed assertion ends the test before it is stopped.
pub(crate) struct ServerProcess(pub std::process::Child);

impl Drop for ServerProcess {
    fn drop(&mut self) {
        if self.0.try_wait().ok().flatten().is_none() {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
}

/// Starts the binary, waits for its "listening" line and returns the process, the port and
/// the lines it logged until then.
fn start_server(data_dir: &Path) -> (ServerProcess, u16, Vec<String>) {
    start_server_with(data_dir, &[])
}

/// The same with these environment variables (e.g. `DATABASE_URL` for an external database).
pub(crate) fn start_server_with(
    data_dir: &Path,
    env: &[(&str, String)],
) -> (ServerProcess, u16, Vec<String>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_server"))
        .env_remove("DATABASE_URL")
        .env_remove("APP_DATABASE_URL")
        .envs(env.iter().map(|(name, value)| (name, value)))
        .env("ROST_DATA_DIR", data_dir)
        .env("ROST_PORT", "0")
        .env("ROST_LOG_FORMAT", "json")
        .env("ROST_SITE_ROOT", data_dir.join("no-site"))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the server binary");
    let stdout = child.stdout.take().unwrap();
    let mut lines = Vec::new();
    let mut port = None;
    for line in BufReader::new(stdout).lines() {
        let line = line.expect("log line");
        if line.contains("Rost is listening") {
            port = line.split("http://127.0.0.1:").nth(1).and_then(|rest| {
                rest.chars()
                    .take_while(char::is_ascii_digit)
                    .collect::<String>()
                    .parse()
                    .ok()
            });
            lines.push(line);
            break;
        }
        lines.push(line);
    }
    let child = ServerProcess(child);
    let port = port.unwrap_or_else(|| panic!("the server did not start: {lines:#?}"));
    (child, port, lines)
}

pub(crate) fn stop_with_sigterm(mut server: ServerProcess) -> std::process::ExitStatus {
    let child = &mut server.0;
    kill(Pid::from_raw(child.id() as i32), Signal::SIGTERM).unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        assert!(Instant::now() < deadline, "the server did not stop after SIGTERM");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A data folder that is removed, with any cluster still running in it, when the test ends,
/// even by a failed assertion.
pub(crate) struct DataDir(std::path::PathBuf);

impl DataDir {
    pub(crate) fn new(name: &str) -> Self {
        let dir =
            Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).unwrap();
        DataDir(dir)
    }
}

impl std::ops::Deref for DataDir {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl Drop for DataDir {
    fn drop(&mut self) {
        if let Some(pid) = postmaster_pid(&self.0) {
            let _ = kill(Pid::from_raw(pid), Signal::SIGQUIT);
            for _ in 0..100 {
                if !alive(pid) {
                    break;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn sigterm_stops_the_server_and_its_postgres_and_data_persists_across_runs() {
    let data_dir = DataDir::new("embedded-run");

    let (child, port, _) = start_server(&data_dir);
    let pid = postmaster_pid(&data_dir).expect("a running postmaster");
    assert!(alive(pid));
    let ready = http_status(port, "/readyz");
    assert_eq!(ready, 200);
    assert!(stop_with_sigterm(child).success());
    assert!(!alive(pid), "postgres {pid} outlived the server");

    let (child, port, lines) = start_server(&data_dir);
    assert!(
        !lines.iter().any(|l| l.contains("initialising")),
        "the second run must reuse the cluster: {lines:#?}"
    );
    assert_eq!(http_status(port, "/r/kuzbass"), 200);
    assert!(stop_with_sigterm(child).success());
}

#[test]
fn a_stale_lock_from_a_killed_run_is_recovered_with_a_log_line() {
    let data_dir = DataDir::new("embedded-stale");
    let (child, _, _) = start_server(&data_dir);
    assert!(stop_with_sigterm(child).success());

    // What a killed run leaves: a lock naming a process that no longer exists.
    let lock = data_dir.join("pg/postmaster.pid");
    std::fs::write(&lock, "999999\n/nonexistent\n").unwrap();

    let (child, port, lines) = start_server(&data_dir);
    assert!(
        lines.iter().any(|l| l.contains("stale PostgreSQL lock")),
        "expected a log line about the stale lock: {lines:#?}"
    );
    assert_eq!(http_status(port, "/readyz"), 200);
    assert!(stop_with_sigterm(child).success());
}

#[test]
fn an_orphaned_postgres_of_a_killed_server_is_taken_over() {
    let data_dir = DataDir::new("embedded-orphan");
    let (server, _, _) = start_server(&data_dir);
    let orphan = postmaster_pid(&data_dir).unwrap();
    drop(server); // SIGKILL, as the kernel's OOM killer or `kill -9` would

    assert!(
        alive(orphan),
        "SIGKILL cannot stop the cluster, so it is orphaned"
    );

    let (child, port, lines) = start_server(&data_dir);
    assert!(
        lines.iter().any(|l| l.contains("orphaned PostgreSQL")),
        "{lines:#?}"
    );
    assert!(!alive(orphan));
    assert_eq!(http_status(port, "/readyz"), 200);
    assert!(stop_with_sigterm(child).success());
}

/// The status of a GET, for these synchronous tests.
pub(crate) fn http_status(port: u16, path: &str) -> u16 {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        reqwest::get(format!("http://127.0.0.1:{port}{path}"))
            .await
            .expect("request")
            .status()
            .as_u16()
    })
}
