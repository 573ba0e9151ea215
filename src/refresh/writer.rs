//! The one thread that owns the database during a refresh: every feed's write is applied there,
//! many feeds per commit, each in its own savepoint, with the feed's next fetch recorded beside it.

use std::sync::Arc;
use std::sync::mpsc as std_mpsc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, oneshot};

use super::FetchedFeed;
use crate::store::{FeedId, FeedUpdate, Schedule, Store, StoreError};

/// Work for the database thread.
pub(super) enum Write {
    Update {
        feed: FeedId,
        fetched: Box<FetchedFeed>,
        fetched_at: DateTime<Utc>,
    },
    Unchanged {
        feed: FeedId,
        fetched_at: DateTime<Utc>,
    },
    Failed {
        feed: FeedId,
        cause: String,
        fetched_at: DateTime<Utc>,
    },
}

/// At most this many feeds' writes share a commit: enough to make commits rare under a cold
/// refresh, few enough that a crash loses little.
const MAX_WRITES_PER_COMMIT: usize = 32;

/// Writes queued for the database thread and not yet applied, at most: each holds a parsed feed,
/// so when the database falls behind, the fetches wait instead of piling feeds up in memory.
const QUEUED_WRITES: usize = 8;

/// A feed's write, and when the feed is fetched next (recorded once the write is stored).
pub(super) type ScheduledWrite = (Write, FeedId, Schedule);

/// A write for the database thread, where to answer, and its place in the queue (given back
/// once the write is applied).
type QueuedWrite = (
    ScheduledWrite,
    oneshot::Sender<Result<usize, StoreError>>,
    OwnedSemaphorePermit,
);

/// How long a commit stays open for more feeds' writes after its first. Each commit rewrites the
/// index pages its items land on, and items of different feeds interleave in time, so a commit
/// per feed would write the same pages over and over. A feed's outcome is reported when its
/// write commits, so this is also the longest a finished feed waits to show as done.
const COMMIT_WINDOW: Duration = Duration::from_millis(200);

/// Carries out one write and records the feed's schedule; a failed feed update has undone its
/// own changes (and leaves the schedule as it was).
fn apply(store: &mut Store, (job, feed, schedule): ScheduledWrite) -> Result<usize, StoreError> {
    let written = write(store, job)?;
    store.set_schedule(feed, &schedule)?;
    Ok(written)
}

fn write(store: &mut Store, job: Write) -> Result<usize, StoreError> {
    match job {
        Write::Update {
            feed,
            fetched,
            fetched_at,
        } => {
            let update = FeedUpdate {
                feed: &fetched.feed,
                etag: fetched.validators.etag.as_deref(),
                last_modified: fetched.validators.last_modified.as_deref(),
                fetched_at,
            };
            store.store_feed_update(feed, &update)
        }
        Write::Unchanged { feed, fetched_at } => store.record_unchanged(feed, fetched_at).map(|()| 0),
        Write::Failed {
            feed,
            cause,
            fetched_at,
        } => store.record_error(feed, &cause, fetched_at).map(|()| 0),
    }
}

/// The handle to the one thread that owns the database during a refresh.
#[derive(Clone)]
pub(super) struct StoreWriter {
    jobs: std_mpsc::Sender<QueuedWrite>,
    /// Room in the queue: a parsed feed waits for a place before it is queued.
    room: Arc<Semaphore>,
}

impl StoreWriter {
    pub(super) fn spawn(mut store: Store) -> std::io::Result<(StoreWriter, std::thread::JoinHandle<Store>)> {
        // A smaller cache only costs speed: the refresh goes on without it.
        if let Err(e) = store.cache_for_bulk_writes() {
            tracing::warn!("cannot enlarge the page cache: {e}");
        }
        let (jobs, queue) = std_mpsc::channel::<QueuedWrite>();
        let thread = std::thread::Builder::new()
            .name("folio-store".into())
            .spawn(move || {
                while let Ok(first) = queue.recv() {
                    // The writes that come within COMMIT_WINDOW of the first go in together,
                    // each applied as it comes: one commit for many feeds (see
                    // Store::in_one_transaction). When every sender is gone (the refresh has
                    // sent its last write), the group is committed at once.
                    let window_ends = Instant::now() + COMMIT_WINDOW;
                    let mut replies = Vec::new();
                    let stored = store.in_one_transaction(|store| {
                        let mut results = Vec::new();
                        let mut next = Some(first);
                        while let Some((job, reply, place)) = next.take() {
                            results.push(apply(store, job));
                            drop(place);
                            replies.push(reply);
                            if results.len() < MAX_WRITES_PER_COMMIT {
                                let left = window_ends.saturating_duration_since(Instant::now());
                                next = queue.recv_timeout(left).ok();
                            }
                        }
                        results
                    });
                    // Answers go out after the commit: "updated" means stored.
                    match stored {
                        Ok(results) => {
                            for (reply, result) in replies.into_iter().zip(results) {
                                let _ = reply.send(result);
                            }
                        }
                        Err(failed) => {
                            let cause = failed.to_string();
                            for reply in replies {
                                let _ = reply.send(Err(StoreError::Commit(cause.clone())));
                            }
                        }
                    }
                }
                // Full-text search is not brought up to date here: indexing every new item's whole
                // text would cost as much as the refresh itself. The TUI indexes in the background after a
                // refresh, and a search catches up before it runs (Store::update_search_index).
                store
            })?;
        let room = Arc::new(Semaphore::new(QUEUED_WRITES));
        Ok((StoreWriter { jobs, room }, thread))
    }

    /// Queues `job` once there is room; the answer comes when its commit is done.
    pub(super) async fn send(
        &self,
        job: ScheduledWrite,
    ) -> Result<oneshot::Receiver<Result<usize, StoreError>>, StoreError> {
        let place = Arc::clone(&self.room)
            .acquire_owned()
            .await
            .map_err(|_| StoreError::Closed)?;
        let (reply, answer) = oneshot::channel();
        self.jobs
            .send((job, reply, place))
            .map_err(|_| StoreError::Closed)?;
        Ok(answer)
    }
}
