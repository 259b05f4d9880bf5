//! A real SMTP server for the tests: aiosmtpd (PyPI) delivering into a Maildir.

use std::{
    net::TcpListener,
    path::PathBuf,
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use base64::{engine::general_purpose::STANDARD, Engine};

pub struct MailServer {
    pub port: u16,
    maildir: PathBuf,
    child: Option<Child>,
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl MailServer {
    pub fn start() -> Self {
        Self::start_on(free_port())
    }

    /// Starts on `port`, e.g. a port the app already tried while nothing listened there.
    pub fn start_on(port: u16) -> Self {
        let maildir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("maildir-{}", uuid::Uuid::new_v4().simple()));
        let mut server = MailServer {
            port,
            maildir,
            child: None,
        };
        server.spawn();
        server
    }

    fn spawn(&mut self) {
        // aiosmtpd creates the Maildir but not its parent, which a fresh `target/tmp` may lack.
        std::fs::create_dir_all(self.maildir.parent().expect("the maildir has a parent"))
            .expect("the folder of test maildirs");
        let child = Command::new("python3")
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{}", self.port)])
            .args(["-c", "aiosmtpd.handlers.Mailbox", self.maildir.to_str().unwrap()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 -m aiosmtpd (pip install aiosmtpd)");
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(15);
        while std::net::TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            assert!(Instant::now() < deadline, "aiosmtpd did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Decoded text of every message delivered to `recipient`.
    pub fn messages_to(&self, recipient: &str) -> Vec<String> {
        ["new", "cur"]
            .into_iter()
            .flat_map(|folder| messages_in(&self.maildir.join(folder), recipient))
            .collect()
    }

    /// The raw text of every message delivered to `recipient`, for attachments.
    pub fn raw_messages_to(&self, recipient: &str) -> Vec<String> {
        ["new", "cur"]
            .into_iter()
            .filter_map(|folder| std::fs::read_dir(self.maildir.join(folder)).ok())
            .flat_map(|entries| entries.flatten())
            .filter_map(|entry| std::fs::read_to_string(entry.path()).ok())
            .filter(|raw| {
                raw.to_lowercase()
                    .contains(&format!("to: {}", recipient.to_lowercase()))
            })
            .collect()
    }

    /// The `Message-ID` of every message delivered, one entry per delivery.
    pub fn message_ids(&self) -> Vec<String> {
        let mut ids = Vec::new();
        for folder in ["new", "cur"] {
            let Ok(entries) = std::fs::read_dir(self.maildir.join(folder)) else {
                continue;
            };
            for entry in entries.flatten() {
                let raw = std::fs::read_to_string(entry.path()).unwrap_or_default();
                let id = raw
                    .lines()
                    .take_while(|l| !l.is_empty())
                    .find_map(|l| {
                        l.split_once(':')
                            .filter(|(name, _)| name.eq_ignore_ascii_case("message-id"))
                    })
                    .map_or_else(String::new, |(_, id)| id.trim().to_string());
                ids.push(id);
            }
        }
        ids
    }

    /// Waits until `count` messages to `recipient` have arrived.
    pub async fn wait_for(&self, recipient: &str, count: usize, timeout: Duration) -> Vec<String> {
        let deadline = Instant::now() + timeout;
        loop {
            let messages = self.messages_to(recipient);
            if messages.len() >= count {
                return messages;
            }
            assert!(
                Instant::now() < deadline,
                "no e-mail to {recipient} within {timeout:?}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

impl Drop for MailServer {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
        let _ = std::fs::remove_dir_all(&self.maildir);
    }
}

/// Decoded text of every message file in `folder` addressed to `recipient`: a Maildir folder,
/// or the `.eml` files the server writes when it has no SMTP server (`data/mail`).
pub fn messages_in(folder: &std::path::Path, recipient: &str) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|entry| {
            let raw = std::fs::read_to_string(entry.path()).ok()?;
            let to_line = raw
                .lines()
                .find(|l| l.to_ascii_lowercase().starts_with("to:"))
                .unwrap_or("");
            to_line
                .to_lowercase()
                .contains(&recipient.to_lowercase())
                .then(|| decode_parts(&raw))
        })
        .collect()
}

/// Waits for the first message to `recipient` that a server without SMTP wrote to its files.
pub async fn wait_for_file(app: &crate::helpers::TestApp, recipient: &str) -> String {
    let folder = app.data_dir.join("mail");
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Some(message) = messages_in(&folder, recipient).into_iter().next() {
            return message;
        }
        assert!(Instant::now() < deadline, "no e-mail file to {recipient}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The message with its base64 and quoted-printable parts decoded, so links can be found.
fn decode_parts(raw: &str) -> String {
    let raw = raw.replace("\r\n", "\n");
    let mut out = String::new();
    for part in raw.split("\n\n").collect::<Vec<_>>().windows(2) {
        let (headers, body) = (part[0].to_ascii_lowercase(), part[1]);
        if headers.contains("content-transfer-encoding: base64") {
            let joined: String = body
                .lines()
                .map(str::trim)
                .take_while(|l| !l.starts_with("--"))
                .collect();
            if let Ok(bytes) = STANDARD.decode(joined) {
                out.push_str(&String::from_utf8_lossy(&bytes));
            }
        } else if headers.contains("content-transfer-encoding: quoted-printable") {
            out.push_str(&decode_quoted_printable(body));
        } else {
            out.push_str(body);
        }
        out.push('\n');
    }
    out
}

fn decode_quoted_printable(text: &str) -> String {
    let joined = text.replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'=' && i + 2 < bytes.len() {
            if let Ok(byte) = u8::from_str_radix(&joined[i + 1..i + 3], 16) {
                out.push(byte);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The first link in `message` that contains `path`.
pub fn link(message: &str, path: &str) -> String {
    let start = message
        .find(path)
        .unwrap_or_else(|| panic!("no {path} link in:\n{message}"));
    let begin = message[..start].rfind("http").expect("an absolute link");
    message[begin..]
        .chars()
        .take_while(|c| !c.is_whitespace() && *c != '"' && *c != '<')
        .collect()
}
