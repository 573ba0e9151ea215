//! The effect runner: turns the app's effects into store queries and network work on tokio tasks,
//! each reporting back with an action. Nothing here blocks the loop: SQLite runs on its own thread
//! (`StoreHandle`), extraction on the blocking pool.

mod discussions;
pub mod media;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use tokio::sync::mpsc::UnboundedSender;

use chrono::{DateTime, Utc};

use super::date_display::{Zone, shown_page_date};
use super::doc::Doc;
use super::inflight::{InFlight, Load};
use super::model::{FeedEntry, ItemEntry, ItemSource};
use super::thread_doc::ThreadDoc;
use super::{Action, Effect, EffectRunner, LoadedThread};
use crate::article::{self, Article};
use crate::fetch::Fetcher;
use crate::markup;
use crate::reader::Reader;
use crate::refresh::{self, FeedOutcome, Progress};
use crate::sanitize::single_line;
use crate::store::{FeedRow, ItemFilter, ItemOrder, ItemQuery, ItemRow, Store, StoreError, StoreHandle};

/// The most items one list holds (a search returns fewer).
const LIST_LIMIT: usize = 100_000;
const SEARCH_LIMIT: usize = 1000;
/// Items indexed for search per database call in the background: small batches, so the screen's
/// own queries never wait long behind one.
const SEARCH_INDEX_BATCH: usize = 100;

pub struct Runner {
    reader: Reader,
    db_path: PathBuf,
    refresh: refresh::RefreshOptions,
    browser: Option<String>,
    /// Extracted articles of this session, so a resize re-wraps without extracting again.
    articles: Arc<Mutex<HashMap<i64, Arc<Article>>>>,
    /// How long what a discussion site said about an article is reused.
    discussion_max_age: std::time::Duration,
    /// The article and thread loads still running, stopped when the user leaves them.
    loads: Arc<InFlight>,
    media: media::MediaRunner,
}

impl Runner {
    pub fn new(
        store: StoreHandle,
        fetcher: Fetcher,
        options: article::ExtractOptions,
        db_path: PathBuf,
    ) -> Runner {
        Runner {
            reader: Reader {
                store,
                fetcher,
                options: Arc::new(options),
                thread_max_age: crate::reader::THREAD_MAX_AGE,
                endpoints: Arc::default(),
            },
            db_path,
            refresh: refresh::RefreshOptions::default(),
            browser: None,
            articles: Arc::default(),
            discussion_max_age: std::time::Duration::from_secs(30 * 60),
            loads: Arc::default(),
            media: media::MediaRunner::default(),
        }
    }

    /// How its refreshes run (feeds at once, retention).
    pub fn with_refresh(mut self, options: refresh::RefreshOptions) -> Runner {
        self.refresh = refresh::RefreshOptions {
            jobs: options.jobs.max(1),
            ..options
        };
        self
    }

    /// How old a cached thread may be before it is fetched again in the background.
    pub fn with_thread_max_age(mut self, max_age: std::time::Duration) -> Runner {
        self.reader.thread_max_age = max_age;
        self
    }

    /// How long what a discussion site said about an article is reused.
    pub fn with_discussion_max_age(mut self, max_age: std::time::Duration) -> Runner {
        self.discussion_max_age = max_age;
        self
    }

    /// Where the discussion sites' APIs are (the config's `[discussions]`).
    pub fn with_endpoints(mut self, endpoints: crate::comments::Endpoints) -> Runner {
        self.reader.endpoints = Arc::new(endpoints);
        self
    }

    pub fn with_browser(mut self, browser: Option<String>) -> Runner {
        self.media.set_browser(browser.clone());
        self.browser = browser;
        self
    }

    /// The player, downloads and pictures as the config's `[media]` says.
    pub fn with_media(
        mut self,
        settings: &crate::config::media::MediaSettings,
        fetch: crate::fetch::FetchLimits,
    ) -> Runner {
        self.media = media::MediaRunner::new(settings, fetch, &self.db_path);
        self.media.set_browser(self.browser.clone());
        self
    }

    /// Pictures drawn with `graphics` (tests: half blocks, whatever the terminal).
    pub fn with_graphics(mut self, graphics: crate::media::picture::Graphics) -> Runner {
        self.media.set_graphics(graphics);
        self
    }

    /// The media effects' runner (tests look at its picture loads).
    pub fn media(&self) -> &media::MediaRunner {
        &self.media
    }

    fn store(&self) -> StoreHandle {
        self.reader.store.clone()
    }

    /// Runs a store call on a task; its result becomes an action, its error a status-bar line.
    fn query<T, F>(
        &self,
        reply: &UnboundedSender<Action>,
        call: F,
        to_action: impl FnOnce(T) -> Option<Action> + Send + 'static,
    ) where
        T: Send + 'static,
        F: FnOnce(&mut Store) -> Result<T, StoreError> + Send + 'static,
    {
        let store = self.store();
        let reply = reply.clone();
        tokio::spawn(async move {
            let action = match store.run(call).await {
                Ok(value) => to_action(value),
                Err(err) => Some(Action::Failed(single_line(&err.to_string()))),
            };
            if let Some(action) = action {
                let _ = reply.send(action);
            }
        });
    }
}

impl EffectRunner for Runner {
    fn terminal_ready(&mut self) {
        self.media.detect_graphics();
    }

    fn run(&mut self, effect: Effect, reply: &UnboundedSender<Action>) {
        match effect {
            Effect::LoadFeeds => self.query(
                reply,
                |s| s.feeds(),
                |feeds| Some(Action::FeedsLoaded(feeds.into_iter().map(feed_entry).collect())),
            ),
            Effect::LoadItems { source, order } => {
                let wanted = source.clone();
                self.query(
                    reply,
                    move |s| match &wanted {
                        ItemSource::Search { query } => s.search(query, SEARCH_LIMIT, markup::html_to_plain),
                        other => s.items(&item_query(other, order)),
                    },
                    move |rows: Vec<ItemRow>| {
                        Some(Action::ItemsLoaded {
                            source,
                            items: rows.into_iter().map(item_entry).collect(),
                        })
                    },
                )
            }
            Effect::SetRead { item_id, read } => {
                self.query(reply, move |s| s.set_read(item_id, read), |()| None)
            }
            Effect::SetStarred { item_id, starred } => {
                self.query(reply, move |s| s.set_starred(item_id, starred), |()| None)
            }
            Effect::MarkFeedRead { feed_id } => {
                self.query(reply, move |s| s.mark_feed_read(feed_id), |_| None)
            }
            Effect::RemoveFeed { feed_id } => self.query(
                reply,
                move |s| {
                    let url = s.feeds()?.into_iter().find(|f| f.id == feed_id).map(|f| f.url);
                    match url {
                        Some(url) => s.unsubscribe(&url).map(|_| url),
                        None => Err(StoreError::UnknownFeed(feed_id.to_string())),
                    }
                },
                |url| Some(Action::FeedRemoved(single_line(&url))),
            ),
            Effect::LoadArticle { item_id, width } => self.load_article(item_id, width, reply),
            Effect::LoadThread { item_id } => self.load_thread(item_id, false, reply),
            Effect::RefreshThread { item_id } => self.load_thread(item_id, true, reply),
            Effect::FindDiscussions { item_id } => self.find_discussions(item_id, reply),
            Effect::LoadDiscussion { item_id, url } => self.load_discussion(item_id, url, false, reply),
            Effect::RefreshDiscussion { item_id, url } => self.load_discussion(item_id, url, true, reply),
            Effect::StopLoading(load) => {
                // An article's pictures go with it.
                if matches!(load, Load::Article(_)) {
                    self.media.cancel_pictures();
                }
                self.loads.cancel(load);
            }
            Effect::Refresh { feed_ids } => self.refresh(feed_ids, reply),
            Effect::AddFeed { url } => {
                let reader = self.reader.clone();
                let reply = reply.clone();
                tokio::spawn(async move {
                    let found = refresh::find_subscription(&reader.fetcher, &reader.endpoints, &url).await;
                    let result = match found {
                        Ok(found) => reader
                            .store
                            .run(move |s| refresh::store_new_subscription(s, &found, Vec::new()))
                            .await
                            .map(|added| single_line(added.title.as_deref().unwrap_or(&added.url)))
                            .map_err(|e| single_line(&e.to_string())),
                        Err(err) => Err(single_line(&format!("{url}: {err}"))),
                    };
                    let _ = reply.send(Action::FeedAdded(result));
                });
            }
            Effect::IndexSearch => {
                let store = self.store();
                tokio::spawn(async move {
                    // Batch by batch, so the screen's own queries wait for one batch at most.
                    loop {
                        let batch =
                            |s: &mut Store| s.index_search_batch(SEARCH_INDEX_BATCH, markup::html_to_plain);
                        match store.run(batch).await {
                            Ok(added) if added == SEARCH_INDEX_BATCH => continue,
                            Ok(_) => break,
                            Err(error) => {
                                tracing::warn!("search index not updated (a search retries): {error}");
                                break;
                            }
                        }
                    }
                });
            }
            Effect::PlayEnclosure { item_id } => self.media.play(self.store(), item_id, reply),
            Effect::DownloadEnclosure { item_id } => self.media.download(self.store(), item_id, reply),
            Effect::LoadPicture {
                item_id,
                index,
                url,
                generation,
                max,
            } => self
                .media
                .load_picture((item_id, index, generation), url, max, reply),
            Effect::OpenBrowser { url } => {
                if let Err(err) = media::open_in_browser(self.browser.as_deref(), &url) {
                    let _ = reply.send(Action::Failed(single_line(&err)));
                }
            }
            // The terminal's own effect: the loop handles it before it gets here.
            Effect::CopyToClipboard { .. } | Effect::Suspend => {}
        }
    }
}

impl Runner {
    /// The item's thread: from the cache when it has one, or (`live`) as it is now. The load is
    /// tracked, so leaving the thread stops it, and reports how a slow one goes.
    fn load_thread(&self, item_id: i64, live: bool, reply: &UnboundedSender<Action>) {
        let reader = self.reader.clone();
        let reply = reply.clone();
        self.track(Load::Thread(item_id), async move {
            let progress = |stage: &str| {
                let _ = reply.send(Action::ThreadProgress {
                    item_id,
                    stage: stage.to_string(),
                });
            };
            let result = laid_out(reader.thread(item_id, live, &progress).await);
            let action = if live {
                Action::ThreadRefreshed { item_id, result }
            } else {
                Action::ThreadLoaded { item_id, result }
            };
            let _ = reply.send(action);
        });
    }

    /// Runs `work` on a task kept in `loads` under `load` until it ends or the user leaves.
    fn track(&self, load: Load, work: impl Future<Output = ()> + Send + 'static) {
        let loads = Arc::clone(&self.loads);
        // The task waits until it is on the list, so it can never finish before it is listed.
        let (listed, on_the_list) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let _ = on_the_list.await;
            work.await;
            loads.finish(load, tokio::task::id());
        });
        self.loads.start(load, task.abort_handle());
        let _ = listed.send(());
    }

    fn load_article(&self, item_id: i64, width: u16, reply: &UnboundedSender<Action>) {
        let reader = self.reader.clone();
        let articles = Arc::clone(&self.articles);
        let reply = reply.clone();
        self.track(Load::Article(item_id), async move {
            let known = articles.lock().ok().and_then(|a| a.get(&item_id).cloned());
            let article = match known {
                Some(article) => Ok(article),
                None => {
                    let progress = |stage: &str| {
                        let _ = reply.send(Action::ArticleProgress {
                            item_id,
                            stage: stage.to_string(),
                        });
                    };
                    reader.article(item_id, progress).await.map(Arc::new)
                }
            };
            let result = match article {
                Ok(article) => {
                    if let Ok(mut known) = articles.lock() {
                        known.insert(item_id, Arc::clone(&article));
                    }
                    let shown = with_shown_date(&article, Utc::now(), Zone::Local);
                    let json = (reader.store.run(move |s| s.item_enclosures(item_id)).await)
                        .ok()
                        .flatten();
                    let enclosures = crate::media::stored_enclosures(json.as_deref());
                    let rendered = tokio::task::spawn_blocking(move || {
                        let rendered = article::render(&shown, usize::from(width));
                        let images = crate::media::image::sources::of_article(&shown);
                        Doc::from_rendered(&rendered).with_media(enclosures, images)
                    });
                    rendered.await.map_err(|e| e.to_string())
                }
                Err(err) => Err(single_line(&err.to_string())),
            };
            let _ = reply.send(Action::ArticleLoaded {
                item_id,
                width,
                result,
            });
        });
    }

    fn refresh(&self, feed_ids: Option<Vec<i64>>, reply: &UnboundedSender<Action>) {
        let reply = reply.clone();
        let store = self.store();
        let fetcher = self.reader.fetcher.clone();
        let db_path = self.db_path.clone();
        // Feeds the user picked are fetched even when they asked for a pause.
        let options = refresh::RefreshOptions {
            force: feed_ids.is_some(),
            ..self.refresh.clone()
        };
        tokio::spawn(async move {
            let targets = store
                .run(move |s| {
                    let all = s.refresh_targets(&[])?;
                    Ok(match feed_ids {
                        Some(ids) => all.into_iter().filter(|t| ids.contains(&t.id)).collect(),
                        None => all,
                    })
                })
                .await;
            // The refresh writes through a connection of its own, so the screen's reads and flag
            // changes go on while it runs (SQLite's WAL lets them).
            let connection = Store::open(&db_path);
            let (targets, connection) = match (targets, connection) {
                (Ok(targets), Ok(connection)) => (targets, connection),
                (Err(err), _) | (_, Err(err)) => {
                    let _ = reply.send(Action::RefreshFinished {
                        summary: "refresh failed".into(),
                        failed: vec![single_line(&err.to_string())],
                    });
                    return;
                }
            };
            let (progress_tx, mut progress) = tokio::sync::mpsc::unbounded_channel::<Progress>();
            let forward = {
                let reply = reply.clone();
                tokio::spawn(async move {
                    while let Some(event) = progress.recv().await {
                        let _ = reply.send(Action::RefreshProgress {
                            done: event.done,
                            total: event.total,
                        });
                    }
                })
            };
            let outcome = refresh::refresh(connection, &fetcher, targets, &options, Some(progress_tx)).await;
            let _ = forward.await;
            let action = match outcome {
                Ok((_, summary)) => Action::RefreshFinished {
                    summary: summary.line(),
                    failed: summary
                        .feeds
                        .iter()
                        .filter_map(|(url, outcome)| match outcome {
                            FeedOutcome::Failed(cause) => Some(single_line(&format!("{url}: {cause}"))),
                            _ => None,
                        })
                        .collect(),
                },
                Err(err) => Action::RefreshFinished {
                    summary: "refresh failed".into(),
                    failed: vec![err.to_string()],
                },
            };
            let _ = reply.send(action);
        });
    }
}

/// A thread the reader brought, laid out for the thread screen.
fn laid_out(
    loaded: Result<crate::reader::LoadedThread, crate::reader::ReaderError>,
) -> Result<LoadedThread, String> {
    match loaded {
        Ok(loaded) => {
            let doc = ThreadDoc::new(&loaded.thread, &loaded.seen, loaded.notice);
            Ok(LoadedThread {
                doc: Box::new(doc),
                seen: loaded.seen,
                stale: loaded.stale,
            })
        }
        Err(err) => Err(single_line(&err.to_string())),
    }
}

/// The article with its date as the screens show dates (the byline otherwise shows what the page
/// gave, `2021-07-17T15:35:00+00:00`).
fn with_shown_date(article: &Article, now: DateTime<Utc>, zone: Zone) -> Article {
    Article {
        date: (article.date.as_deref()).map(|date| shown_page_date(date, now, zone)),
        ..article.clone()
    }
}

fn item_query(source: &ItemSource, order: ItemOrder) -> ItemQuery {
    let (filter, feed) = match source {
        ItemSource::Feed { id, .. } => (ItemFilter::All, Some(*id)),
        ItemSource::AllUnread => (ItemFilter::Unread, None),
        ItemSource::Starred => (ItemFilter::Starred, None),
        // Searches go through the full-text index instead; a plain query is the fallback.
        ItemSource::Search { .. } => (ItemFilter::All, None),
    };
    ItemQuery {
        filter,
        feed,
        order,
        limit: Some(LIST_LIMIT),
        ..ItemQuery::default()
    }
}

fn feed_entry(row: FeedRow) -> FeedEntry {
    FeedEntry {
        id: row.id,
        title: single_line(
            row.title
                .as_deref()
                .filter(|t| !t.trim().is_empty())
                .unwrap_or(&row.url),
        ),
        url: single_line(&row.url),
        tags: row.tags.iter().map(|t| single_line(t)).collect(),
        unread: u32::try_from(row.unread).unwrap_or(u32::MAX),
        total: u32::try_from(row.total).unwrap_or(u32::MAX),
        last_error: row.last_error.as_deref().map(single_line),
    }
}

fn item_entry(row: ItemRow) -> ItemEntry {
    ItemEntry {
        id: row.id,
        feed_id: row.feed_id,
        feed_title: single_line(row.feed_title.as_deref().unwrap_or(&row.feed_url)),
        title: single_line(row.title.as_deref().unwrap_or("(untitled)")),
        link: row.link.as_deref().map(single_line),
        published: row.published,
        read: row.read,
        starred: row.starred,
        comments: row.comment_count,
        media: row.media,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use chrono::{TimeZone, Utc};
    use tokio::sync::mpsc::{UnboundedReceiver, unbounded_channel};

    use super::*;
    use crate::feed::{ParsedFeed, ParsedItem};
    use crate::fetch::FetchLimits;
    use crate::store::FeedUpdate;

    /// A real database with one feed whose item hides a word deep in its body.
    fn store_with_one_item(path: &std::path::Path) -> Store {
        let body = format!("{}<p>the word zanzibar</p>", "<p>filler text </p>".repeat(200));
        store_with_item(path, body, None)
    }

    /// A real database with one feed and one item with this body and link.
    fn store_with_item(path: &std::path::Path, body: String, link: Option<String>) -> Store {
        let mut store = Store::open(path).unwrap();
        let (feed, _) = store.subscribe("https://runner.example/feed", None, &[]).unwrap();
        let parsed = ParsedFeed {
            title: Some("Runner".into()),
            site_url: None,
            items: vec![ParsedItem {
                identity: "one".into(),
                title: Some("An ordinary title".into()),
                published: Utc.timestamp_opt(1_700_000_000, 0).single(),
                content: Some(body),
                link,
                ..ParsedItem::default()
            }],
            publisher_interval: None,
        };
        let update = FeedUpdate {
            feed: &refresh::prepare(parsed),
            etag: None,
            last_modified: None,
            fetched_at: Utc::now(),
        };
        store.store_feed_update(feed, &update).unwrap();
        store
    }

    /// A runner over a new database at `path` holding [`store_with_one_item`]'s feed, with the
    /// store's handle and the channel the runner answers on.
    fn runner_over_one_item(
        path: &std::path::Path,
    ) -> (
        Runner,
        StoreHandle,
        UnboundedSender<Action>,
        UnboundedReceiver<Action>,
    ) {
        let handle = StoreHandle::spawn(store_with_one_item(path)).unwrap();
        let fetcher = Fetcher::new(FetchLimits::default()).unwrap();
        let runner = Runner::new(handle.clone(), fetcher, Default::default(), path.to_path_buf());
        let (reply, actions) = unbounded_channel();
        (runner, handle, reply, actions)
    }

    /// The next action the runner sends, within a few seconds.
    async fn next_action(actions: &mut UnboundedReceiver<Action>) -> Action {
        tokio::time::timeout(std::time::Duration::from_secs(10), actions.recv())
            .await
            .unwrap()
            .unwrap()
    }

    #[tokio::test]
    async fn the_article_byline_shows_its_date_as_the_lists_do() {
        let dir = tempfile::tempdir().unwrap();
        let (mut runner, handle, reply, mut actions) = runner_over_one_item(&dir.path().join("runner.db"));
        let item_id = handle
            .run(|s| Ok(s.items(&ItemQuery::default())?[0].id))
            .await
            .unwrap();

        runner.run(Effect::LoadArticle { item_id, width: 80 }, &reply);
        let doc = loop {
            match next_action(&mut actions).await {
                Action::ArticleLoaded { result, .. } => break result.unwrap(),
                Action::ArticleProgress { .. } => continue,
                other => panic!("expected the article, got {other:?}"),
            }
        };
        // Published 2023-11-14T22:13:20Z: long ago, so the day, in the reader's time zone.
        let published = Utc.timestamp_opt(1_700_000_000, 0).unwrap();
        let day = published
            .with_timezone(&chrono::Local)
            .format("%Y-%m-%d")
            .to_string();
        let byline = doc
            .lines
            .iter()
            .map(|line| line.text())
            .find(|text| text.contains("Runner"))
            .unwrap();
        assert!(byline.contains(&day), "{byline}");
        assert!(
            !byline.contains("T22:13") && !byline.contains("+00:00"),
            "{byline}"
        );
    }

    /// Leaving an article whose page is still coming stops the load: the server sees the client
    /// hang up, and no article is sent back.
    #[tokio::test]
    async fn leaving_an_article_stops_its_fetch_and_sends_nothing() {
        use tokio::io::AsyncReadExt;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let page = format!("http://{}/slow-page", listener.local_addr().unwrap());
        // Reads the request, answers nothing, and reports when the client closes the connection.
        let hung_up = tokio::spawn(async move {
            let (mut stream, _) = listener.accept().await.unwrap();
            let mut buffer = [0u8; 4096];
            while stream.read(&mut buffer).await.is_ok_and(|n| n > 0) {}
        });
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("runner.db");
        let handle =
            StoreHandle::spawn(store_with_item(&path, "<p>A teaser.</p>".into(), Some(page))).unwrap();
        let fetcher = Fetcher::new(FetchLimits::default()).unwrap();
        let mut runner = Runner::new(handle.clone(), fetcher, Default::default(), path.clone());
        let (reply, mut actions) = unbounded_channel();
        let item_id = handle
            .run(|s| Ok(s.items(&ItemQuery::default())?[0].id))
            .await
            .unwrap();

        runner.run(Effect::LoadArticle { item_id, width: 80 }, &reply);
        let progress = next_action(&mut actions).await;
        assert!(matches!(progress, Action::ArticleProgress { .. }), "{progress:?}");
        assert!(runner.loads.is_running(Load::Article(item_id)));

        let mut app = crate::app::App::new(80, 24);
        app.screen = crate::app::Screen::Article;
        app.article = Some(crate::app::ArticlePane {
            item: item_entry(
                handle
                    .run(move |s| Ok(s.item(item_id)?.unwrap().row))
                    .await
                    .unwrap(),
            ),
            state: crate::app::Loading::InProgress("fetching page".into()),
            doc: Doc::default(),
            width: 80,
            scroll: Default::default(),
            search: None,
            pictures: Default::default(),
        });
        let effects = app.update(Action::Command(crate::config::Command::Back));
        assert_eq!(effects, vec![Effect::StopLoading(Load::Article(item_id))]);
        for effect in effects {
            runner.run(effect, &reply);
        }
        tokio::time::timeout(std::time::Duration::from_secs(10), hung_up)
            .await
            .expect("the page's server saw the client hang up")
            .unwrap();
        assert!(!runner.loads.is_running(Load::Article(item_id)));
        let late = tokio::time::timeout(std::time::Duration::from_millis(300), actions.recv()).await;
        assert!(late.is_err(), "nothing comes back after leaving: {late:?}");
    }

    #[tokio::test]
    async fn removing_a_feed_says_it_was_removed() {
        let dir = tempfile::tempdir().unwrap();
        let (mut runner, handle, reply, mut actions) = runner_over_one_item(&dir.path().join("runner.db"));
        let feed_id = handle.run(|s| Ok(s.feeds()?[0].id)).await.unwrap();

        runner.run(Effect::RemoveFeed { feed_id }, &reply);
        let action = next_action(&mut actions).await;
        let url = "https://runner.example/feed";
        assert_eq!(action, Action::FeedRemoved(url.into()));
        assert!(handle.run(|s| s.feeds()).await.unwrap().is_empty());
        let mut app = crate::app::App::new(80, 24);
        assert_eq!(app.update(action), vec![Effect::LoadFeeds]);
        assert_eq!(
            app.status.message.as_deref(),
            Some("removed https://runner.example/feed")
        );
    }

    #[tokio::test]
    async fn background_indexing_then_an_item_search_finds_a_word_deep_in_the_body() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("runner.db");
        let (mut runner, _, reply, mut actions) = runner_over_one_item(&path);

        runner.run(Effect::IndexSearch, &reply);
        // Watch the indexing from a second connection, so the test itself indexes nothing.
        let watcher = rusqlite::Connection::open(&path).unwrap();
        let mut indexed = 0i64;
        for _ in 0..500 {
            indexed = watcher
                .query_row("SELECT indexed_up_to FROM search_progress", [], |r| r.get(0))
                .unwrap();
            if indexed == 1 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        assert_eq!(indexed, 1, "the background task indexed everything");

        let source = ItemSource::Search {
            query: "Zanzibar".into(),
        };
        runner.run(
            Effect::LoadItems {
                source: source.clone(),
                order: ItemOrder::NewestFirst,
            },
            &reply,
        );
        let action = tokio::time::timeout(std::time::Duration::from_secs(10), actions.recv())
            .await
            .unwrap()
            .unwrap();
        let Action::ItemsLoaded { source: got, items } = action else {
            panic!("expected the search's items, got {action:?}");
        };
        assert_eq!(got, source);
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].title, "An ordinary title");
    }

    /// A browser command that writes the arguments it was given to `args` beside it.
    #[cfg(unix)]
    fn recording_browser(dir: &std::path::Path) -> (String, std::path::PathBuf) {
        use std::os::unix::fs::PermissionsExt;
        let script = dir.join("browser.sh");
        std::fs::write(
            &script,
            "#!/bin/sh\nprintf '%s\\n' \"$@\" > \"$0.args.tmp\"\nmv \"$0.args.tmp\" \"$0.args\"\n",
        )
        .unwrap();
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        let args = dir.join("browser.sh.args");
        (script.display().to_string(), args)
    }

    #[cfg(unix)]
    #[tokio::test]
    async fn the_browser_gets_the_checked_link_as_its_last_argument_and_refused_links_start_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let (runner, _, reply, mut actions) = runner_over_one_item(&dir.path().join("runner.db"));
        let (browser, args) = recording_browser(dir.path());
        let mut runner = runner.with_browser(Some(format!("{browser} --new-window")));

        // The screens' way: an action to the app, its effects to the runner.
        let mut app = crate::app::App::new(80, 24);
        app.article = Some(crate::app::ArticlePane {
            item: ItemEntry {
                id: 1,
                feed_id: 1,
                feed_title: "Runner".into(),
                title: "An ordinary title".into(),
                link: Some("https://runner.example/posts/1".into()),
                published: None,
                read: false,
                starred: false,
                comments: None,
                media: None,
            },
            state: crate::app::Loading::Ready,
            doc: Doc {
                lines: Vec::new(),
                links: vec!["file:///etc/passwd".into(), "../about?x=1 2".into()],
                ..Doc::default()
            },
            width: 80,
            scroll: Default::default(),
            search: None,
            pictures: Default::default(),
        });
        app.screen = crate::app::Screen::Article;
        let refused = app.update(Action::OpenLink(1));
        assert!(refused.is_empty(), "{refused:?}");
        for effect in refused {
            runner.run(effect, &reply);
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        assert!(!args.exists(), "no browser was started");
        assert!(
            app.status
                .error
                .as_deref()
                .is_some_and(|e| e.contains("file: links are not opened")),
            "{:?}",
            app.status.error
        );
        for effect in app.update(Action::OpenLink(2)) {
            runner.run(effect, &reply);
        }
        for _ in 0..500 {
            if args.exists() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        let given = std::fs::read_to_string(&args).unwrap();
        assert_eq!(given, "--new-window\nhttps://runner.example/about?x=1%202\n");
        assert!(actions.try_recv().is_err(), "no failure reported");
    }
}
