//! Receiving uploaded files without trusting their size or their content. A file is streamed to
//! a temporary file under a cap for its kind (never held whole in memory), and parsed on a
//! blocking thread while holding its region's one upload slot and one of the server's few parse
//! slots, so one region's files can neither exhaust the server nor make another region wait.

use std::{
    collections::HashSet,
    path::PathBuf,
    sync::{Arc, Mutex, PoisonError},
    time::Duration,
};

use axum::{
    extract::{
        multipart::{Field, MultipartError},
        Multipart,
    },
    http::{header, HeaderMap, StatusCode},
};
use tokio::{io::AsyncWriteExt, sync::Semaphore};
use uuid::Uuid;

use crate::error::AppError;

const MB: u64 = 1024 * 1024;
/// A school registry, an external list or an item bank: a region's 5,000 schools are 1 MB.
pub const LIST_CAP: u64 = 20 * MB;
/// Indicator data: the benchmark's 45,000 schools × 3 years × 33 indicators is 29 MB.
pub const DATA_CAP: u64 = 100 * MB;
/// The request body around the largest file: the form's other fields are a few bytes.
pub const BODY_LIMIT: usize = (DATA_CAP + MB) as usize;
/// Parses at once in one server. Each may hold a few hundred MB at the bounds of
/// `identification::engine::xlsx`, and the machine's cores serve the other requests too.
const PARSES_PER_SERVER: usize = 2;
/// How long a parse waits for other regions' parses before its sender is asked to retry.
const SERVER_SLOT_WAIT: Duration = Duration::from_secs(20);

/// The spool folder and the parse slots; one per server, in [`crate::state::AppState`].
#[derive(Clone)]
pub struct UploadGate {
    inner: Arc<Gate>,
}

struct Gate {
    dir: PathBuf,
    /// How long a file may send nothing before it is refused (and its region's slot freed).
    idle: Duration,
    parses: Arc<Semaphore>,
    busy_regions: Mutex<HashSet<Uuid>>,
}

/// A region's one upload in progress, from its first byte until it is parsed. A second upload
/// of the same region meanwhile is refused with "try again" rather than queued, so a region
/// cannot pile up work (or temporary files) that other regions would wait behind.
pub struct RegionSlot {
    gate: Arc<Gate>,
    tenant: Uuid,
}

impl Drop for RegionSlot {
    fn drop(&mut self) {
        let mut busy = self
            .gate
            .busy_regions
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        busy.remove(&self.tenant);
    }
}

/// An uploaded file on disk, removed when dropped (also when its request is abandoned).
pub struct SpooledFile {
    pub name: String,
    pub size: u64,
    path: PathBuf,
}

impl SpooledFile {
    pub fn open(&self) -> std::io::Result<std::io::BufReader<std::fs::File>> {
        std::fs::File::open(&self.path).map(std::io::BufReader::new)
    }
}

impl Drop for SpooledFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

impl UploadGate {
    /// Spools into `dir`, emptied first of files that a killed process left behind.
    pub fn new(dir: PathBuf, idle: Duration) -> Self {
        let _ = std::fs::remove_dir_all(&dir);
        UploadGate {
            inner: Arc::new(Gate {
                dir,
                idle,
                parses: Arc::new(Semaphore::new(PARSES_PER_SERVER)),
                busy_regions: Mutex::default(),
            }),
        }
    }

    /// The region's upload slot, or [`AppError::Busy`] while another upload of it runs.
    pub fn region_slot(&self, tenant: Uuid) -> Result<RegionSlot, AppError> {
        let mut busy = self
            .inner
            .busy_regions
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if !busy.insert(tenant) {
            return Err(AppError::Busy);
        }
        Ok(RegionSlot {
            gate: self.inner.clone(),
            tenant,
        })
    }

    /// Streams a multipart field to a temporary file, refused as soon as it passes `cap` bytes.
    pub async fn receive(&self, mut field: Field<'_>, cap: u64) -> Result<SpooledFile, AppError> {
        tokio::fs::create_dir_all(&self.inner.dir)
            .await
            .map_err(AppError::internal)?;
        let mut spooled = SpooledFile {
            name: field.file_name().unwrap_or_default().to_string(),
            size: 0,
            path: self.inner.dir.join(Uuid::new_v4().to_string()),
        };
        let mut file = tokio::fs::File::create(&spooled.path)
            .await
            .map_err(AppError::internal)?;
        while let Some(chunk) = tokio::time::timeout(self.inner.idle, field.chunk())
            .await
            .map_err(|_| AppError::invalid("file", crate::i18n::ru::UPLOAD_STALLED))?
            .map_err(|e| field_error(e, cap))?
        {
            spooled.size += chunk.len() as u64;
            if spooled.size > cap {
                return Err(AppError::TooLarge { limit: cap });
            }
            file.write_all(&chunk).await.map_err(AppError::internal)?;
        }
        file.flush().await.map_err(AppError::internal)?;
        Ok(spooled)
    }

    /// Receives a form's one `file` (spooled within `cap`) and the text of the fields named in
    /// `fields`, in that order (empty when absent); a form without a file is refused naming it.
    pub async fn receive_form<const N: usize>(
        &self,
        form: &mut Multipart,
        cap: u64,
        fields: [&str; N],
    ) -> Result<(SpooledFile, [String; N]), AppError> {
        let (mut file, mut texts) = (None, std::array::from_fn(|_| String::new()));
        while let Some(field) = form.next_field().await.map_err(|e| field_error(e, cap))? {
            let name = field.name().unwrap_or_default().to_string();
            if name == "file" {
                file = Some(self.receive(field, cap).await?);
            } else if let Some(i) = fields.iter().position(|f| *f == name) {
                texts[i] = field.text().await.map_err(|_| AppError::BadRequest)?;
            }
        }
        let file = file
            .filter(|file| !file.name.is_empty())
            .ok_or_else(|| AppError::invalid("file", crate::i18n::ru::UPLOAD_NO_FILE))?;
        Ok((file, texts))
    }

    /// Runs `parse` on a blocking thread once one of the server's parse slots is free. Both
    /// slots go into the thread, so an abandoned request still holds them until the parse ends.
    pub async fn parse<T: Send + 'static>(
        &self,
        region: RegionSlot,
        parse: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, AppError> {
        let permit = tokio::time::timeout(SERVER_SLOT_WAIT, self.inner.parses.clone().acquire_owned())
            .await
            .map_err(|_| AppError::Busy)?
            .map_err(AppError::internal)?;
        tokio::task::spawn_blocking(move || {
            let _slots = (permit, region);
            parse()
        })
        .await
        .map_err(AppError::internal)
    }
}

/// Refuses at once a request that announces a body larger than `cap` and the form around it.
pub fn refuse_declared_length(headers: &HeaderMap, cap: u64) -> Result<(), AppError> {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    match declared {
        Some(length) if length > cap + MB => Err(AppError::TooLarge { limit: cap }),
        _ => Ok(()),
    }
}

/// A broken form is a bad request; a body past the route's limit is too large.
pub fn field_error(error: MultipartError, cap: u64) -> AppError {
    if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
        AppError::TooLarge { limit: cap }
    } else {
        AppError::BadRequest
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    fn gate() -> UploadGate {
        UploadGate::new(
            std::env::temp_dir().join(format!("rost-gate-{}", Uuid::new_v4())),
            Duration::from_secs(60),
        )
    }

    #[test]
    fn a_region_has_one_upload_at_a_time_and_others_are_not_held_up() {
        let gate = gate();
        let (khabarovsk, ryazan) = (Uuid::new_v4(), Uuid::new_v4());
        let first = gate.region_slot(khabarovsk).unwrap();
        assert_eq!(gate.region_slot(khabarovsk).err(), Some(AppError::Busy));
        let other = gate.region_slot(ryazan).unwrap();
        drop(first);
        assert!(
            gate.region_slot(khabarovsk).is_ok(),
            "free again once the first upload ends"
        );
        drop(other);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn at_most_two_parses_run_at_once() {
        let gate = gate();
        let running = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        let parses: Vec<_> = (0..4)
            .map(|_| {
                let (gate, running, most) = (gate.clone(), running.clone(), most.clone());
                let region = gate.region_slot(Uuid::new_v4()).unwrap();
                tokio::spawn(async move {
                    gate.parse(region, move || {
                        let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                        most.fetch_max(now, Ordering::SeqCst);
                        std::thread::sleep(Duration::from_millis(200));
                        running.fetch_sub(1, Ordering::SeqCst);
                    })
                    .await
                })
            })
            .collect();
        for parse in parses {
            parse.await.unwrap().unwrap();
        }
        assert_eq!(most.load(Ordering::SeqCst), 2);
    }

    #[test]
    fn a_declared_length_past_the_cap_is_refused_before_the_body_is_read() {
        let mut headers = HeaderMap::new();
        headers.insert(header::CONTENT_LENGTH, (300 * MB).to_string().parse().unwrap());
        assert_eq!(
            refuse_declared_length(&headers, DATA_CAP),
            Err(AppError::TooLarge { limit: DATA_CAP })
        );
        headers.insert(
            header::CONTENT_LENGTH,
            (DATA_CAP + 1000).to_string().parse().unwrap(),
        );
        assert_eq!(refuse_declared_length(&headers, DATA_CAP), Ok(()));
        assert_eq!(
            AppError::TooLarge { limit: DATA_CAP }.to_string(),
            "Файл больше допустимых 100 МБ для этой загрузки. Разделите его на части (например, по годам) и загрузите по очереди."
        );
    }
}
