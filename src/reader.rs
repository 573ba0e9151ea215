//! What the reader shows for an item, and where it comes from: the feed's own full text, the
//! article cache, or the page fetched and extracted; the comment thread from a discussion site's
//! API, the page's HTML, or the item's comment feed. Results are cached in the store so they read
//! offline later. The extractors are pure (`article`, `comments`); this module does the fetching.

mod discussions;
mod firebase;

use std::collections::HashSet;
use std::sync::Arc;

use url::Url;

use firebase::WalkLimits;

use crate::article::{self, Article, ExtractOptions};
use crate::comments::{self, PageThread, Thread};
use crate::fetch::{FetchOutcome, FetchedBody, Fetcher, Validators};
use crate::markup::charset::DocumentKind;
use crate::sanitize;
use crate::store::{ItemDetail, StoreError, StoreHandle};

pub use discussions::feed_discussion;

/// Where the reader's work failed, in one line for the status bar.
#[derive(Debug, thiserror::Error)]
pub enum ReaderError {
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("{url}: {cause}")]
    Fetch { url: String, cause: String },
    #[error("item {0} is not in the database")]
    UnknownItem(i64),
    #[error("the item has no link to read")]
    NoLink,
    #[error("extraction stopped: {0}")]
    Worker(String),
}

/// Text shorter than this in a feed item is a teaser, not the article.
const FULL_TEXT_MIN_CHARS: usize = 1200;

/// The reader's side of the world: the store, the HTTP client and the extraction options.
#[derive(Clone)]
pub struct Reader {
    pub store: StoreHandle,
    pub fetcher: Fetcher,
    pub options: Arc<ExtractOptions>,
    /// A cached thread older than this is shown as stale: worth fetching again.
    pub thread_max_age: std::time::Duration,
    /// Where the discussion sites' APIs are.
    pub endpoints: Arc<comments::Endpoints>,
}

/// How old a cached thread may be before it is fetched again, unless the config says otherwise.
pub const THREAD_MAX_AGE: std::time::Duration = std::time::Duration::from_secs(10 * 60);

/// A thread ready to show, with what is needed to tell new comments from seen ones.
pub struct LoadedThread {
    pub thread: Thread,
    /// Why there is nothing to show, when that is the case ("loaded by a script").
    pub notice: Option<String>,
    /// Comment ids seen on earlier visits (empty on the first visit).
    pub seen: HashSet<String>,
    /// From a cache older than [`Reader::thread_max_age`]: to be fetched again.
    pub stale: bool,
}

impl Reader {
    /// The item's article: from the cache, the feed's full text, or the fetched page. `progress` is
    /// told each slow stage ("fetching page", "extracting").
    pub async fn article(&self, item_id: i64, progress: impl Fn(&str)) -> Result<Article, ReaderError> {
        let item = self.item(item_id).await?;
        let link = item.row.link.clone();
        if let Some(link) = &link {
            let key = link.clone();
            if let Some(json) = self.store.run(move |s| s.get_article(&key)).await? {
                if let Ok(article) = serde_json::from_str::<Article>(&json) {
                    return Ok(with_item_metadata(article, &item));
                }
            }
        }
        let feed_text = item.content.as_deref().filter(|html| is_full_text(html));
        let article = match (feed_text, &link) {
            (Some(html), _) => {
                let html = html.to_string();
                let base = link.as_deref().and_then(|l| Url::parse(l).ok());
                self.extract(html, base).await?
            }
            (None, Some(link)) => {
                progress("fetching page");
                let page = self.fetch(link).await?;
                progress("extracting");
                let article = self
                    .extract(page.text(DocumentKind::Html), Some(page.final_url.clone()))
                    .await?;
                let json = serde_json::to_string(&article).unwrap_or_default();
                let key = link.clone();
                self.store.run(move |s| s.put_article(&key, &json)).await?;
                article
            }
            (None, None) => {
                let html = item.content.clone().ok_or(ReaderError::NoLink)?;
                self.extract(html, None).await?
            }
        };
        Ok(with_item_metadata(article, &item))
    }

    /// The item's comment thread, from the cache when it has it (marked stale when older than
    /// [`Reader::thread_max_age`]), else fetched; `live` fetches it whatever the cache holds (and
    /// replaces it). The comments are recorded as seen. `progress` is told how a slow load goes
    /// ("comments 120/450" while a thread is read item by item).
    pub async fn thread(
        &self,
        item_id: i64,
        live: bool,
        progress: &(dyn Fn(&str) + Sync),
    ) -> Result<LoadedThread, ReaderError> {
        let item = self.item(item_id).await?;
        let key = thread_key(&item)?;
        let comments_feed = item.row.comments_feed_url.as_deref();
        self.load_thread(key, &item_links(&item), comments_feed, live, progress)
            .await
    }

    /// The thread of one discussion of an article (its page's address: a Hacker News item, a
    /// subreddit post, the article page), cached and marked seen under that address, so each
    /// discussion has its own "new since the last visit". `live` fetches it whatever the cache
    /// holds.
    pub async fn discussion_thread(
        &self,
        url: &str,
        live: bool,
        progress: &(dyn Fn(&str) + Sync),
    ) -> Result<LoadedThread, ReaderError> {
        let link = Url::parse(url).map_err(|e| ReaderError::Fetch {
            url: sanitize::single_line(url),
            cause: e.to_string(),
        })?;
        self.load_thread(url.to_string(), &[link], None, live, progress)
            .await
    }

    /// The thread cached under `key` (unless `live`), else fetched from `links` and cached.
    async fn load_thread(
        &self,
        key: String,
        links: &[Url],
        comments_feed_url: Option<&str>,
        live: bool,
        progress: &(dyn Fn(&str) + Sync),
    ) -> Result<LoadedThread, ReaderError> {
        if !live {
            let cached = {
                let key = key.clone();
                self.store.run(move |s| s.thread_entry(&key)).await?
            };
            let cached =
                cached.and_then(|(json, fetched)| Some((comments::cache::from_json(&json)?, fetched)));
            if let Some((thread, fetched)) = cached {
                let age = (chrono::Utc::now() - fetched).to_std().unwrap_or_default();
                let seen = self.mark_seen(key, &thread).await?;
                return Ok(LoadedThread {
                    thread,
                    notice: None,
                    seen,
                    stale: age > self.thread_max_age,
                });
            }
        }
        let (thread, notice) = self.fetch_thread_from(links, comments_feed_url, progress).await?;
        if notice.is_none() {
            let json = comments::cache::to_json(&thread);
            let key = key.clone();
            self.store.run(move |s| s.put_thread(&key, &json)).await?;
        }
        let seen = self.mark_seen(key, &thread).await?;
        Ok(LoadedThread {
            thread,
            notice,
            seen,
            stale: false,
        })
    }

    /// Records the comments of `thread` as seen; returns those seen before.
    async fn mark_seen(&self, key: String, thread: &Thread) -> Result<HashSet<String>, ReaderError> {
        let ids: Vec<String> = thread.preorder().map(|(c, _)| c.id.clone()).collect();
        let seen = self
            .store
            .run(move |s| {
                let seen = s.seen_comment_ids(&key)?;
                s.mark_comments_seen(&key, &ids)?;
                Ok(seen)
            })
            .await?;
        Ok(seen)
    }

    async fn item(&self, item_id: i64) -> Result<ItemDetail, ReaderError> {
        self.store
            .run(move |s| s.item(item_id))
            .await?
            .ok_or(ReaderError::UnknownItem(item_id))
    }

    async fn extract(&self, html: String, base: Option<Url>) -> Result<Article, ReaderError> {
        let options = Arc::clone(&self.options);
        // Extraction of a big page takes milliseconds of CPU: off the async threads.
        tokio::task::spawn_blocking(move || article::extract(&html, base.as_ref(), &options))
            .await
            .map_err(|e| ReaderError::Worker(e.to_string()))
    }

    async fn fetch(&self, url: &str) -> Result<FetchedBody, ReaderError> {
        let fail = |cause: String| ReaderError::Fetch {
            url: sanitize::single_line(url),
            cause,
        };
        match self.fetcher.get(url, &Validators::default()).await {
            Ok(FetchOutcome::Fetched(body)) => Ok(body),
            Ok(FetchOutcome::NotModified) => Err(fail("the server answered 304 to a plain request".into())),
            Err(err) => Err(fail(err.to_string())),
        }
    }

    /// The thread at the first of `links` a discussion site's API serves, else the first link's
    /// page, else the comment feed; with a notice when there is nothing to show.
    pub async fn fetch_thread_from(
        &self,
        links: &[Url],
        comments_feed_url: Option<&str>,
        progress: &(dyn Fn(&str) + Sync),
    ) -> Result<(Thread, Option<String>), ReaderError> {
        if let Some((page, request)) = links
            .iter()
            .find_map(|l| comments::api_request(l, &self.endpoints).map(|r| (l, r)))
        {
            return self.fetch_discussion(page, &request, progress).await;
        }
        let Some(page_url) = links.first() else {
            return Err(ReaderError::NoLink);
        };
        let mut page_url = page_url.clone();
        page_url.set_fragment(None);
        let page = self.fetch(page_url.as_str()).await?;
        let is_json = page.content_type.as_deref().is_some_and(|t| t.contains("json"));
        if is_json {
            // A discussion API answered at an address we do not know: its shape tells which.
            let parsed = comments::parse_discussion(&page.body, None).map_err(|e| ReaderError::Fetch {
                url: page_url.to_string(),
                cause: e.to_string(),
            })?;
            return Ok((parsed.thread, None));
        }
        let html = page.text(DocumentKind::Html);
        let base = page.final_url.clone();
        let found = tokio::task::spawn_blocking(move || comments::from_page(&html, Some(&base)))
            .await
            .map_err(|e| ReaderError::Worker(e.to_string()))?;
        match found {
            PageThread::Found(thread) => Ok((thread, None)),
            PageThread::ScriptLoaded(system) => {
                let notice = format!(
                    "Comments on this site are loaded by a script ({}); open the page to read them.",
                    system.system
                );
                let thread = Thread::new(
                    comments::Source::Generic,
                    system.link.or(Some(page_url.to_string())),
                );
                Ok((thread, Some(notice)))
            }
            PageThread::None => match comments_feed_url {
                Some(feed_url) => {
                    let feed = self.fetch(feed_url).await?;
                    let thread =
                        comments::api::from_comment_feed(&feed.body, Some(feed_url)).map_err(|e| {
                            ReaderError::Fetch {
                                url: feed_url.to_string(),
                                cause: e.to_string(),
                            }
                        })?;
                    Ok((thread, None))
                }
                None => {
                    let thread = Thread::new(comments::Source::Generic, Some(page_url.to_string()));
                    Ok((thread, Some("This page has no comment thread.".into())))
                }
            },
        }
    }

    async fn fetch_discussion(
        &self,
        page: &Url,
        request: &comments::ApiRequest,
        progress: &(dyn Fn(&str) + Sync),
    ) -> Result<(Thread, Option<String>), ReaderError> {
        let whole = self.fetch(&request.url).await.and_then(|body| {
            comments::parse_discussion(&body.body, Some(page)).map_err(|e| ReaderError::Fetch {
                url: request.url.clone(),
                cause: e.to_string(),
            })
        });
        match (whole, request.kind) {
            (Ok(discussion), _) => Ok((discussion.thread, None)),
            // Algolia down or behind: walk the official API item by item.
            (Err(err), comments::ApiKind::HnAlgolia) => {
                let id = request
                    .url
                    .rsplit('/')
                    .next()
                    .and_then(|id| id.parse::<u64>().ok());
                let walked = match id {
                    Some(id) => {
                        let url = |id: u64| self.endpoints.hn_item(&id.to_string());
                        firebase::walk(&self.fetcher, id, url, WalkLimits::default(), progress).await
                    }
                    None => None,
                };
                match walked {
                    Some(walked) if walked.complete => Ok((walked.thread, None)),
                    // A notice also keeps a partial thread out of the cache: the next visit tries again.
                    Some(walked) => Ok((
                        walked.thread,
                        Some(
                            "Only part of this thread could be read; open it again later for the rest."
                                .into(),
                        ),
                    )),
                    None => Err(err),
                }
            }
            (Err(err), _) => Err(err),
        }
    }
}

/// Where an item's thread may be: its comments page, then its link.
fn item_links(item: &ItemDetail) -> Vec<Url> {
    let row = &item.row;
    [&row.comments_url, &row.link]
        .into_iter()
        .flatten()
        .filter_map(|l| Url::parse(l).ok())
        .collect()
}

/// Where an item's thread is cached: its comments page, else its link.
fn thread_key(item: &ItemDetail) -> Result<String, ReaderError> {
    let row = &item.row;
    (row.comments_url.clone())
        .or_else(|| row.link.clone())
        .ok_or(ReaderError::NoLink)
}

/// Whether a feed item's HTML is the whole article rather than a teaser.
pub fn is_full_text(html: &str) -> bool {
    let text = crate::markup::html_to_plain(html);
    let trimmed = text.trim_end();
    let teaser_ending = [
        "…",
        "...",
        "[…]",
        "[...]",
        "Read more",
        "Continue reading",
        "read more",
    ]
    .iter()
    .any(|end| trimmed.ends_with(end));
    trimmed.chars().count() >= FULL_TEXT_MIN_CHARS && !teaser_ending
}

/// Fills what the extractor could not know from the feed item (an article from feed text has no
/// page title or byline).
fn with_item_metadata(mut article: Article, item: &ItemDetail) -> Article {
    let row = &item.row;
    if article.title.is_none() {
        article.title = row.title.clone();
    }
    if article.byline.is_none() {
        article.byline = row.author.clone();
    }
    if article.date.is_none() {
        article.date = row.published.map(|d| d.to_rfc3339());
    }
    if article.site.is_none() {
        article.site = row.feed_title.clone();
    }
    if article.url.is_none() {
        article.url = row.link.clone();
    }
    article
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn teasers_are_not_full_text() {
        let long = format!("<p>{}</p>", "word ".repeat(400));
        assert!(is_full_text(&long));
        assert!(!is_full_text(&format!("<p>{}[…]</p>", "word ".repeat(400))));
        assert!(!is_full_text("<p>A short summary.</p>"));
        // WordPress ends its excerpts with `[&hellip;]`, as a reference.
        assert!(!is_full_text(&format!(
            "<p>{} [&hellip;]</p>",
            "word ".repeat(400)
        )));
        // Script text is not article text.
        assert!(!is_full_text(&format!(
            "<p>Short.</p><script>{}</script>",
            "x ".repeat(900)
        )));
    }
}
