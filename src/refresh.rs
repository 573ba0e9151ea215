//! Running many feed updates at once: bounded concurrency (N feeds in flight, the fetcher limits
//! each host), parsing on the blocking pool so the async threads only move bytes, and every write
//! on one thread that owns the database, many feeds per commit, each in its own savepoint. A
//! failing feed records its error and never stops or slows the others. Progress events report each
//! finished (stored) feed.

use std::sync::mpsc as std_mpsc;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use chrono::Utc;
use futures::StreamExt;
use futures::stream::FuturesUnordered;
use tokio::sync::{OwnedSemaphorePermit, Semaphore, mpsc, oneshot};
use url::Url;

use crate::feed::{self, FeedError, ParsedFeed};
use crate::fetch::{FetchError, FetchOutcome, Fetcher, Validators};
use crate::store::{
    FeedId, FeedUpdate, IncomingFeed, IncomingItem, PreparedFeed, RefreshTarget, Store, StoreError,
};

/// Feeds parsed at once, process-wide.
static PARSE_SLOTS: OnceLock<Semaphore> = OnceLock::new();

/// Feeds fetched at once unless the caller says otherwise.
pub const DEFAULT_JOBS: usize = 16;

/// What happened to one feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeedOutcome {
    Updated {
        new_items: usize,
    },
    /// 304, the stored copy is current.
    Unchanged,
    /// One line: why, for the feeds list and the CLI's `error: <url>: <cause>`.
    Failed(String),
}

/// A progress event, sent as each feed finishes (the UI shows `refreshing 37/500`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
    pub url: String,
    pub outcome: FeedOutcome,
}

/// Every feed's outcome, in the order they finished.
#[derive(Debug, Default)]
pub struct RefreshSummary {
    pub feeds: Vec<(String, FeedOutcome)>,
}

impl RefreshSummary {
    pub fn updated(&self) -> usize {
        self.feeds
            .iter()
            .filter(|(_, o)| matches!(o, FeedOutcome::Updated { .. }))
            .count()
    }

    pub fn new_items(&self) -> usize {
        self.feeds
            .iter()
            .map(|(_, o)| {
                if let FeedOutcome::Updated { new_items } = o {
                    *new_items
                } else {
                    0
                }
            })
            .sum()
    }

    pub fn unchanged(&self) -> usize {
        self.feeds
            .iter()
            .filter(|(_, o)| matches!(o, FeedOutcome::Unchanged))
            .count()
    }

    pub fn failures(&self) -> impl Iterator<Item = (&str, &str)> {
        self.feeds.iter().filter_map(|(url, o)| match o {
            FeedOutcome::Failed(cause) => Some((url.as_str(), cause.as_str())),
            _ => None,
        })
    }
}

#[derive(Debug, thiserror::Error)]
pub enum RefreshError {
    #[error("the database thread stopped: {0}")]
    StoreThread(String),
}

/// Refreshes `targets`, `jobs` at a time, writing through `store`, which is handed back at the end.
pub async fn refresh(
    store: Store,
    fetcher: &Fetcher,
    targets: Vec<RefreshTarget>,
    jobs: usize,
    progress: Option<mpsc::UnboundedSender<Progress>>,
) -> Result<(Store, RefreshSummary), RefreshError> {
    let (writer, store_thread) =
        StoreWriter::spawn(store).map_err(|e| RefreshError::StoreThread(e.to_string()))?;
    let total = targets.len();
    let mut summary = RefreshSummary::default();
    // A feed frees its fetch slot once its write is handed to the database thread, not when that
    // write is committed: commits cover many feeds (see `StoreWriter`), and a slot held until then
    // would stall the fetches that fill the next commit. The stream owns the writer, so when the
    // last write has been sent and the stream is dropped, the database thread commits at once.
    let mut sending = Some(
        futures::stream::iter(targets)
            .map(move |target| {
                let writer = writer.clone();
                async move {
                    let sent = fetch_and_send(fetcher, &writer, &target).await;
                    (target.url, sent)
                }
            })
            .buffer_unordered(jobs.max(1)),
    );
    let mut storing = FuturesUnordered::new();
    while sending.is_some() || !storing.is_empty() {
        let next_sent = async {
            match sending.as_mut() {
                Some(stream) => stream.next().await,
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            sent = next_sent => match sent {
                Some((url, sent)) => storing.push(async move { (url, sent.outcome().await) }),
                None => sending = None,
            },
            Some((url, outcome)) = storing.next() => {
                if let Some(progress) = &progress {
                    let event = Progress {
                        done: summary.feeds.len() + 1,
                        total,
                        url: url.clone(),
                        outcome: outcome.clone(),
                    };
                    let _ = progress.send(event); // nobody listening is fine
                }
                summary.feeds.push((url, outcome));
            }
        }
    }
    let store = tokio::task::spawn_blocking(move || store_thread.join())
        .await
        .map_err(|e| RefreshError::StoreThread(e.to_string()))?
        .map_err(|_| RefreshError::StoreThread("it panicked".to_string()))?;
    Ok((store, summary))
}

/// Fetches one feed and hands what came of it to the database thread.
async fn fetch_and_send(fetcher: &Fetcher, writer: &StoreWriter, target: &RefreshTarget) -> SentWrite {
    let validators = Validators {
        etag: target.etag.clone(),
        last_modified: target.last_modified.clone(),
    };
    let fetched_at = Utc::now();
    let (job, kind) = match fetch_and_parse(fetcher, &target.url, &validators).await {
        Ok(None) => (
            Write::Unchanged {
                feed: target.id,
                fetched_at,
            },
            SentKind::Unchanged,
        ),
        Ok(Some(fetched)) => (
            Write::Update {
                feed: target.id,
                fetched: Box::new(fetched),
                fetched_at,
            },
            SentKind::Update,
        ),
        Err(cause) => {
            let cause = cause.to_string();
            (
                Write::Failed {
                    feed: target.id,
                    cause: cause.clone(),
                    fetched_at,
                },
                SentKind::Failed(cause),
            )
        }
    };
    SentWrite {
        answer: writer.send(job).await,
        kind,
    }
}

/// A feed's write, handed to the database thread; its outcome is known once that write commits.
struct SentWrite {
    answer: Result<oneshot::Receiver<Result<usize, StoreError>>, StoreError>,
    kind: SentKind,
}

enum SentKind {
    Update,
    Unchanged,
    Failed(String),
}

impl SentWrite {
    async fn outcome(self) -> FeedOutcome {
        let stored = match self.answer {
            Ok(answer) => answer.await.unwrap_or(Err(StoreError::Closed)),
            Err(not_sent) => Err(not_sent),
        };
        match (stored, self.kind) {
            (Ok(new_items), SentKind::Update) => FeedOutcome::Updated { new_items },
            (Ok(_), SentKind::Unchanged) => FeedOutcome::Unchanged,
            (Ok(_), SentKind::Failed(cause)) => FeedOutcome::Failed(cause),
            (Err(e), _) => FeedOutcome::Failed(format!("cannot store: {e}")),
        }
    }
}

/// Why a feed could not be read.
#[derive(Debug, thiserror::Error)]
pub enum FeedFetchError {
    // Transparent: with "{0}" the cause would also be this error's source, and a one-line report
    // of the chain (`{:#}`) would say it twice ("malformed feed: x: malformed feed: x").
    #[error(transparent)]
    Fetch(#[from] FetchError),
    #[error(transparent)]
    Feed(#[from] FeedError),
    #[error("no feed found at {0}")]
    NoFeedFound(String),
    #[error("parser stopped: {0}")]
    Parser(String),
}

/// A parsed feed with where it came from.
#[derive(Debug)]
pub struct FetchedFeed {
    /// The URL after redirects.
    pub url: Url,
    pub feed: PreparedFeed,
    pub validators: Validators,
}

/// Fetches and parses one feed. `Ok(None)` is a 304.
pub async fn fetch_and_parse(
    fetcher: &Fetcher,
    url: &str,
    validators: &Validators,
) -> Result<Option<FetchedFeed>, FeedFetchError> {
    let body = match fetcher.get(url, validators).await? {
        FetchOutcome::NotModified => return Ok(None),
        FetchOutcome::Fetched(body) => body,
    };
    // Parsing and packing a big feed take milliseconds of CPU: off the async threads, and no more
    // at once than there are cores (more would only hold more feeds in memory).
    let _parsing = PARSE_SLOTS
        .get_or_init(|| Semaphore::new(std::thread::available_parallelism().map_or(2, |n| n.get())))
        .acquire()
        .await
        .map_err(|e| FeedFetchError::Parser(e.to_string()))?;
    let parsed = tokio::task::spawn_blocking(move || {
        let feed =
            feed::parse(&body.body, body.content_type.as_deref(), body.final_url.as_str()).map(prepare);
        (feed, body)
    })
    .await
    .map_err(|e| FeedFetchError::Parser(e.to_string()))?;
    let (feed, body) = parsed;
    Ok(Some(FetchedFeed {
        url: body.final_url,
        feed: feed?,
        validators: body.validators,
    }))
}

/// Finds the feed behind `url` for a new subscription: the URL itself when it is a feed, else the
/// feeds its HTML page announces, else the usual feed paths of its site.
pub async fn find_feed(fetcher: &Fetcher, url: &str) -> Result<FetchedFeed, FeedFetchError> {
    let body = match fetcher.get(url, &Validators::default()).await? {
        FetchOutcome::Fetched(body) => body,
        FetchOutcome::NotModified => return Err(FeedFetchError::NoFeedFound(url.to_string())),
    };
    match feed::parse(&body.body, body.content_type.as_deref(), body.final_url.as_str()) {
        Ok(feed) => {
            return Ok(FetchedFeed {
                url: body.final_url,
                feed: prepare(feed),
                validators: body.validators,
            });
        }
        Err(FeedError::HtmlPage) => {}
        Err(other) => return Err(other.into()),
    }
    let html = body.text(crate::charset::DocumentKind::Html);
    for candidate in feed::candidates(&html, &body.final_url) {
        if let Ok(Some(found)) = fetch_and_parse(fetcher, candidate.as_str(), &Validators::default()).await {
            return Ok(found);
        }
    }
    Err(FeedFetchError::NoFeedFound(url.to_string()))
}

/// Work for the database thread.
enum Write {
    Update {
        feed: FeedId,
        fetched: Box<FetchedFeed>,
        fetched_at: chrono::DateTime<Utc>,
    },
    Unchanged {
        feed: FeedId,
        fetched_at: chrono::DateTime<Utc>,
    },
    Failed {
        feed: FeedId,
        cause: String,
        fetched_at: chrono::DateTime<Utc>,
    },
}

/// At most this many feeds' writes share a commit: enough to make commits rare under a cold
/// refresh, few enough that a crash loses little.
const MAX_WRITES_PER_COMMIT: usize = 32;

/// Writes queued for the database thread and not yet applied, at most: each holds a parsed feed,
/// so when the database falls behind, the fetches wait instead of piling feeds up in memory.
const QUEUED_WRITES: usize = 8;

/// A write for the database thread, where to answer, and its place in the queue (given back
/// once the write is applied).
type QueuedWrite = (
    Write,
    oneshot::Sender<Result<usize, StoreError>>,
    OwnedSemaphorePermit,
);

/// How long a commit stays open for more feeds' writes after its first. Each commit rewrites the
/// index pages its items land on, and items of different feeds interleave in time, so a commit
/// per feed would write the same pages over and over. A feed's outcome is reported when its
/// write commits, so this is also the longest a finished feed waits to show as done.
const COMMIT_WINDOW: Duration = Duration::from_millis(200);

/// Carries out one write; a failed feed update has undone its own changes.
fn apply(store: &mut Store, job: Write) -> Result<usize, StoreError> {
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
struct StoreWriter {
    jobs: std_mpsc::Sender<QueuedWrite>,
    /// Room in the queue: a parsed feed waits for a place before it is queued.
    room: Arc<Semaphore>,
}

impl StoreWriter {
    fn spawn(mut store: Store) -> std::io::Result<(StoreWriter, std::thread::JoinHandle<Store>)> {
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
    async fn send(&self, job: Write) -> Result<oneshot::Receiver<Result<usize, StoreError>>, StoreError> {
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

/// A subscription made from a found feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSubscription {
    pub url: String,
    pub title: Option<String>,
    /// False when the feed was already subscribed (its tags were merged).
    pub created: bool,
    pub new_items: usize,
}

/// Subscribes to a feed [`find_feed`] found and stores its current items, in one place for the
/// CLI's `add` and the TUI's add prompt.
pub fn store_new_subscription(
    store: &mut Store,
    found: &FetchedFeed,
    tags: Vec<String>,
) -> Result<NewSubscription, crate::store::StoreError> {
    let url = found.url.to_string();
    let (id, created) = store.subscribe(&url, None, &tags)?;
    let update = crate::store::FeedUpdate {
        feed: &found.feed,
        etag: found.validators.etag.as_deref(),
        last_modified: found.validators.last_modified.as_deref(),
        fetched_at: Utc::now(),
    };
    let new_items = store.store_feed_update(id, &update)?;
    Ok(NewSubscription {
        url,
        title: found.feed.feed.title.clone(),
        created,
        new_items,
    })
}

/// A parsed feed as the store takes it: plain rows with the enclosures as JSON, the bodies
/// compressed (see [`PreparedFeed`]).
pub fn prepare(feed: ParsedFeed) -> PreparedFeed {
    let items = (feed.items.into_iter())
        .map(|item| IncomingItem {
            enclosures_json: (!item.enclosures.is_empty())
                .then(|| serde_json::to_string(&item.enclosures).ok())
                .flatten(),
            identity: item.identity,
            title: item.title,
            link: item.link,
            author: item.author,
            published: item.published,
            comments_url: item.comments_url,
            comments_feed_url: item.comments_feed_url,
            comment_count: item.comment_count,
            body: item.content,
        })
        .collect();
    PreparedFeed::new(IncomingFeed {
        title: feed.title,
        site_url: feed.site_url,
        items,
    })
}
