//! Running many feed updates at once: bounded concurrency (N feeds in flight, the fetcher limits
//! each host), parsing on the blocking pool so the async threads only move bytes, and every write
//! on one thread that owns the database, many feeds per commit, each in its own savepoint. A
//! failing feed records its error and never stops or slows the others. Progress events report each
//! finished (stored) feed.

mod front_pages;
mod schedule;
mod writer;

use std::sync::OnceLock;
use std::time::Duration;

use chrono::{DateTime, Utc};
use futures::StreamExt;
use futures::stream::FuturesUnordered;
use tokio::sync::{Semaphore, mpsc, oneshot};
use url::Url;

use crate::feed::{self, FeedError, ParsedFeed};
use crate::fetch::{FetchError, FetchOutcome, Fetcher, Validators};
use crate::store::{IncomingFeed, IncomingItem, PreparedFeed, RefreshTarget, Retention, Store, StoreError};
use writer::{StoreWriter, Write};

pub use front_pages::find_subscription;

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
    /// Not fetched: its server or its publisher asked for a pause, or it keeps failing.
    Deferred {
        until: DateTime<Utc>,
    },
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

    pub fn deferred(&self) -> usize {
        self.feeds
            .iter()
            .filter(|(_, o)| matches!(o, FeedOutcome::Deferred { .. }))
            .count()
    }

    /// `N feeds: U updated (K new items), S unchanged, D deferred, F failed`.
    pub fn line(&self) -> String {
        format!(
            "{} feeds: {} updated ({} new items), {} unchanged, {} deferred, {} failed",
            self.feeds.len(),
            self.updated(),
            self.new_items(),
            self.unchanged(),
            self.deferred(),
            self.failures().count()
        )
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

/// How a refresh runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefreshOptions {
    /// Feeds fetched at once.
    pub jobs: usize,
    /// What the database lets go of once the feeds are stored.
    pub retention: Retention,
    /// Fetch every target, even those asked to wait (feeds the user named).
    pub force: bool,
    /// Where the discussion sites are, for front-page subscriptions (`hn:top`).
    pub endpoints: std::sync::Arc<crate::comments::Endpoints>,
}

impl Default for RefreshOptions {
    fn default() -> Self {
        RefreshOptions {
            jobs: DEFAULT_JOBS,
            retention: Retention::default(),
            force: false,
            endpoints: std::sync::Arc::default(),
        }
    }
}

/// Refreshes `targets`, `options.jobs` at a time, writing through `store`, which is handed back
/// at the end, after retention has removed what it lets go of.
pub async fn refresh(
    store: Store,
    fetcher: &Fetcher,
    targets: Vec<RefreshTarget>,
    options: &RefreshOptions,
    progress: Option<mpsc::UnboundedSender<Progress>>,
) -> Result<(Store, RefreshSummary), RefreshError> {
    let jobs = options.jobs;
    let endpoints = &*options.endpoints;
    let (writer, store_thread) =
        StoreWriter::spawn(store).map_err(|e| RefreshError::StoreThread(e.to_string()))?;
    let total = targets.len();
    let mut summary = RefreshSummary::default();
    let now = Utc::now();
    let (targets, waiting): (Vec<_>, Vec<_>) = (targets.into_iter())
        .partition(|t| options.force || t.schedule.next_fetch.is_none_or(|at| at <= now));
    for target in waiting {
        let until = target.schedule.next_fetch.unwrap_or(now);
        let outcome = FeedOutcome::Deferred { until };
        if let Some(progress) = &progress {
            let _ = progress.send(Progress {
                done: summary.feeds.len() + 1,
                total,
                url: target.url.clone(),
                outcome: outcome.clone(),
            });
        }
        summary.feeds.push((target.url, outcome));
    }
    // A feed frees its fetch slot once its write is handed to the database thread, not when that
    // write is committed: commits cover many feeds (see `StoreWriter`), and a slot held until then
    // would stall the fetches that fill the next commit. The stream owns the writer, so when the
    // last write has been sent and the stream is dropped, the database thread commits at once.
    let mut sending = Some(
        futures::stream::iter(targets)
            .map(move |target| {
                let writer = writer.clone();
                async move {
                    let sent = fetch_and_send(fetcher, endpoints, &writer, &target).await;
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
    let retention = options.retention;
    let store = tokio::task::spawn_blocking(move || {
        store_thread.join().map(|mut store| {
            tidy(&mut store, &retention);
            store
        })
    })
    .await
    .map_err(|e| RefreshError::StoreThread(e.to_string()))?
    .map_err(|_| RefreshError::StoreThread("it panicked".to_string()))?;
    Ok((store, summary))
}

/// Retention after the feeds are stored, and the space it frees given back. Neither is worth
/// failing a refresh for: what is left stays until the next one.
fn tidy(store: &mut Store, retention: &Retention) {
    match store.apply_retention(retention, Utc::now()) {
        Ok(removed) if removed.items > 0 => {
            tracing::info!("retention removed {} read items", removed.items);
            if let Err(error) = store.give_back_space() {
                tracing::warn!("the space retention freed is kept for now: {error}");
            }
        }
        Ok(_) => {}
        Err(error) => tracing::warn!("retention skipped: {error}"),
    }
}

/// Fetches one feed and hands what came of it to the database thread, with when to fetch it next.
async fn fetch_and_send(
    fetcher: &Fetcher,
    endpoints: &crate::comments::Endpoints,
    writer: &StoreWriter,
    target: &RefreshTarget,
) -> SentWrite {
    let validators = Validators {
        etag: target.etag.clone(),
        last_modified: target.last_modified.clone(),
    };
    let fetched_at = Utc::now();
    let fetched = match front_pages::fetch_if_front_page(fetcher, endpoints, &target.url).await {
        Some(front_page) => front_page,
        None => fetch_feed(fetcher, &target.url, &validators).await,
    };
    let next = schedule::next_schedule(&target.schedule, &fetched, fetched_at);
    let (job, kind) = match fetched {
        Ok(FeedFetch { parsed: None, .. }) => (
            Write::Unchanged {
                feed: target.id,
                fetched_at,
            },
            SentKind::Unchanged,
        ),
        Ok(FeedFetch {
            parsed: Some(fetched),
            ..
        }) => (
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
        answer: writer.send((job, target.id, next)).await,
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
    #[error("{0}")]
    FrontPage(String),
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
    fetch_feed(fetcher, url, validators)
        .await
        .map(|fetch| fetch.parsed)
}

/// A feed fetched for a refresh, with what its server and its publisher said about asking again.
#[derive(Debug)]
pub struct FeedFetch {
    /// `None` for a 304.
    pub parsed: Option<FetchedFeed>,
    /// The response's `Cache-Control: max-age`.
    pub max_age: Option<Duration>,
    /// How often the feed asks to be fetched (RSS ttl, sy:updatePeriod).
    pub publisher_interval: Option<Duration>,
}

/// [`fetch_and_parse`], keeping the freshness hints.
pub async fn fetch_feed(
    fetcher: &Fetcher,
    url: &str,
    validators: &Validators,
) -> Result<FeedFetch, FeedFetchError> {
    let fetched = fetcher.fetch(url, validators).await?;
    let body = match fetched.outcome {
        FetchOutcome::NotModified => {
            return Ok(FeedFetch {
                parsed: None,
                max_age: fetched.max_age,
                publisher_interval: None,
            });
        }
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
        let feed = feed::parse(&body.body, body.content_type.as_deref(), body.final_url.as_str())
            .map(|feed| (feed.publisher_interval, prepare(feed)));
        (feed, body)
    })
    .await
    .map_err(|e| FeedFetchError::Parser(e.to_string()))?;
    let (feed, body) = parsed;
    let (publisher_interval, feed) = feed?;
    Ok(FeedFetch {
        parsed: Some(FetchedFeed {
            url: body.final_url,
            feed,
            validators: body.validators,
        }),
        max_age: fetched.max_age,
        publisher_interval,
    })
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
    let html = body.text(crate::markup::charset::DocumentKind::Html);
    for candidate in feed::candidates(&html, &body.final_url) {
        if let Ok(Some(found)) = fetch_and_parse(fetcher, candidate.as_str(), &Validators::default()).await {
            return Ok(found);
        }
    }
    Err(FeedFetchError::NoFeedFound(url.to_string()))
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
            media: crate::media::list_mark(&item.enclosures),
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
