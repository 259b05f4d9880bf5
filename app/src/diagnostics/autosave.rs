//! Group commit for autosaves: saves that arrive while earlier batches are being written are
//! gathered and written together, in one transaction and one round trip, so the cost of a
//! commit is shared by everyone answering at that moment. Each save is still checked on its
//! own (`rost_save_answer`); a batch that fails is retried one save at a time.

use std::sync::Arc;

use sqlx::{types::Json, PgPool};
use tokio::sync::{mpsc, oneshot, Semaphore};
use uuid::Uuid;

use super::Answer;

/// Batches written at the same time; more would only queue inside PostgreSQL.
const WRITERS: usize = 4;
const MAX_BATCH: usize = 256;

/// One autosave as the database function takes it.
#[derive(Clone, Debug)]
pub struct Save {
    pub tenant: Uuid,
    pub user: Uuid,
    pub attempt: Uuid,
    pub item: Uuid,
    pub seq: i64,
    pub answer: Answer,
}

struct Pending {
    save: Save,
    reply: oneshot::Sender<Result<String, sqlx::Error>>,
}

/// The handle request handlers write through; the writer task lives as long as it does.
#[derive(Clone)]
pub struct Autosaver {
    sender: mpsc::Sender<Pending>,
}

impl Autosaver {
    /// Starts the writer on the current runtime.
    pub fn start(db: PgPool) -> Self {
        let (sender, receiver) = mpsc::channel(8192);
        tokio::spawn(dispatch(db, receiver));
        Autosaver { sender }
    }

    /// Saves and returns the database function's verdict (`saved`, `stale`, `late`, …).
    pub async fn save(&self, save: Save) -> Result<String, sqlx::Error> {
        let (reply, answer) = oneshot::channel();
        self.sender
            .send(Pending { save, reply })
            .await
            .map_err(|_| sqlx::Error::PoolClosed)?;
        answer.await.map_err(|_| sqlx::Error::PoolClosed)?
    }
}

async fn dispatch(db: PgPool, mut receiver: mpsc::Receiver<Pending>) {
    let writers = Arc::new(Semaphore::new(WRITERS));
    while let Some(first) = receiver.recv().await {
        // While every writer is busy, saves gather in the channel and join the next batch.
        let Ok(permit) = writers.clone().acquire_owned().await else {
            return;
        };
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match receiver.try_recv() {
                Ok(pending) => batch.push(pending),
                Err(_) => break,
            }
        }
        let db = db.clone();
        tokio::spawn(async move {
            write(&db, batch).await;
            drop(permit);
        });
    }
}

async fn write(db: &PgPool, mut batch: Vec<Pending>) {
    // One lock order for every batch: two batches touching the same rows never deadlock.
    batch.sort_by_key(|p| (p.save.attempt, p.save.item, p.save.seq));
    let column = |f: fn(&Save) -> Uuid| batch.iter().map(|p| f(&p.save)).collect::<Vec<_>>();
    let outcome: Result<Vec<String>, sqlx::Error> =
        sqlx::query_scalar("select rost_save_answers($1, $2, $3, $4, $5, $6)")
            .bind(column(|s| s.tenant))
            .bind(column(|s| s.user))
            .bind(column(|s| s.attempt))
            .bind(column(|s| s.item))
            .bind(batch.iter().map(|p| p.save.seq).collect::<Vec<_>>())
            .bind(batch.iter().map(|p| Json(&p.save.answer)).collect::<Vec<_>>())
            .fetch_one(db)
            .await;
    match outcome {
        Ok(results) if results.len() == batch.len() => {
            for (pending, result) in batch.into_iter().zip(results) {
                let _ = pending.reply.send(Ok(result));
            }
        }
        _ => {
            for pending in batch {
                let result = save_one(db, &pending.save).await;
                let _ = pending.reply.send(result);
            }
        }
    }
}

async fn save_one(db: &PgPool, save: &Save) -> Result<String, sqlx::Error> {
    sqlx::query_scalar("select rost_save_answer($1, $2, $3, $4, $5, $6)")
        .bind(save.tenant)
        .bind(save.user)
        .bind(save.attempt)
        .bind(save.item)
        .bind(save.seq)
        .bind(Json(&save.answer))
        .fetch_one(db)
        .await
}
