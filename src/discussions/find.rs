//! Asking the sites about an article: Hacker News (Algolia search on the `url` attribute, stories
//! only), Lobsters and Reddit, all at once through the one HTTP client and its limits. What a
//! site said is kept in the store and reused within the cache age; a site that asked to be left
//! alone (429, `Retry-After`) is not asked again before then. A site that fails is reported and
//! skipped: each answer is handed over as it comes, so a slow site never holds up the others.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use futures::StreamExt;
use futures::stream::FuturesUnordered;
use serde::{Deserialize, Serialize};

use super::normalize::ArticleUrl;
use super::{DiscussionLink, Site, answers};
use crate::comments::Endpoints;
use crate::fetch::{FetchError, FetchOutcome, Fetcher, Validators};
use crate::sanitize::single_line;
use crate::store::StoreHandle;

/// How many stories one search asks for: a link is rarely posted more often than that.
const SEARCH_HITS: usize = 100;
/// How long a site that answered 429 without `Retry-After` is left alone.
const DEFAULT_WAIT: Duration = Duration::from_secs(5 * 60);

/// A site that could not say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteFailure {
    pub site: Site,
    /// One line: why ("HTTP 429, asked to wait 60 s", "timed out after 30 s").
    pub reason: String,
}

impl std::fmt::Display for SiteFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.site.title(), self.reason)
    }
}

/// One site's answer.
pub type SiteAnswer = (Site, Result<Vec<DiscussionLink>, SiteFailure>);

/// What is kept of an answer.
#[derive(Serialize, Deserialize)]
enum Kept {
    Found(Vec<DiscussionLink>),
    /// The site asked not to be asked again before `until`.
    Refused {
        until: DateTime<Utc>,
        reason: String,
    },
}

/// Asks the discussion sites about articles.
#[derive(Clone)]
pub struct Finder {
    pub fetcher: Fetcher,
    pub endpoints: Arc<Endpoints>,
    /// Where answers are kept between asks (and processes).
    pub store: StoreHandle,
    /// How long an answer is reused.
    pub max_age: Duration,
}

impl Finder {
    /// Asks every site at once; `answered` gets each site's answer as soon as it is known (from
    /// the store or the site). Returns them all, in the order they came.
    pub async fn ask_all(
        &self,
        article: &ArticleUrl,
        mut answered: impl FnMut(&SiteAnswer),
    ) -> Vec<SiteAnswer> {
        let mut asking: FuturesUnordered<_> = Site::ASKED
            .into_iter()
            .map(|site| async move { (site, self.answer(site, article).await) })
            .collect();
        let mut answers = Vec::with_capacity(Site::ASKED.len());
        while let Some(answer) = asking.next().await {
            answered(&answer);
            answers.push(answer);
        }
        answers
    }

    /// One site's answer: the kept one while it is fresh, else the site's.
    pub async fn answer(&self, site: Site, article: &ArticleUrl) -> Result<Vec<DiscussionLink>, SiteFailure> {
        let key = article.key.clone();
        let kept = self
            .store
            .run(move |s| s.discussion_answer(&key, site.name()))
            .await
            .ok()
            .flatten();
        let now = Utc::now();
        match kept.and_then(|(json, at)| Some((serde_json::from_str::<Kept>(&json).ok()?, at))) {
            Some((Kept::Found(found), at)) if (now - at).to_std().is_ok_and(|age| age < self.max_age) => {
                return Ok(found);
            }
            Some((Kept::Refused { until, reason }, _)) if now < until => {
                return Err(SiteFailure { site, reason });
            }
            _ => {}
        }
        let asked = self.ask(site, article).await;
        let keep = match &asked {
            Ok(found) => Some(Kept::Found(found.clone())),
            Err((failure, Some(wait))) => Some(Kept::Refused {
                until: now + chrono::Duration::from_std(*wait).unwrap_or_default(),
                reason: failure.reason.clone(),
            }),
            Err((_, None)) => None,
        };
        if let Some(json) = keep.and_then(|k| serde_json::to_string(&k).ok()) {
            let key = article.key.clone();
            if let Err(error) = self
                .store
                .run(move |s| s.put_discussion_answer(&key, site.name(), &json))
                .await
            {
                tracing::warn!("a discussion answer was not kept: {error}");
            }
        }
        asked.map_err(|(failure, _)| failure)
    }

    /// The site's answer, or why there is none and how long it asked to be left alone.
    async fn ask(
        &self,
        site: Site,
        article: &ArticleUrl,
    ) -> Result<Vec<DiscussionLink>, (SiteFailure, Option<Duration>)> {
        let fail = |reason: String, wait| {
            (
                SiteFailure {
                    site,
                    reason: single_line(&reason),
                },
                wait,
            )
        };
        let url = self.lookup_url(site, article);
        let body = match self.fetcher.fetch(&url, &Validators::default()).await {
            Ok(fetched) => match fetched.outcome {
                FetchOutcome::Fetched(body) => body,
                FetchOutcome::NotModified => {
                    return Err(fail("answered 304 to a plain request".into(), None));
                }
            },
            Err(FetchError::RetryLater { status, retry_after }) => {
                let reason = format!("HTTP {status}, asked to wait {} s", retry_after.as_secs());
                return Err(fail(reason, Some(retry_after)));
            }
            Err(FetchError::Status(429)) => {
                let reason = "HTTP 429, too many requests".to_string();
                return Err(fail(reason, Some(DEFAULT_WAIT)));
            }
            Err(error) => return Err(fail(error.to_string(), None)),
        };
        let parsed = match site {
            Site::Hn => answers::hn_search(&body.body, article),
            Site::Lobsters => answers::lobsters(&body.body, article),
            Site::Reddit => answers::reddit(&body.body, article),
            Site::Page | Site::Feed => Ok(Vec::new()),
        };
        parsed.map_err(|error| fail(error.to_string(), None))
    }

    /// Where a site is asked about an article.
    pub fn lookup_url(&self, site: Site, article: &ArticleUrl) -> String {
        let endpoints = &self.endpoints;
        let query = |pairs: &[(&str, &str)]| {
            url::form_urlencoded::Serializer::new(String::new())
                .extend_pairs(pairs)
                .finish()
        };
        match site {
            // Algolia finds the words of the address; the answer is matched on the whole key.
            Site::Hn => format!(
                "{}/search?{}",
                endpoints.hn_search(),
                query(&[
                    ("query", &article.key),
                    ("restrictSearchableAttributes", "url"),
                    ("tags", "story"),
                    ("hitsPerPage", &SEARCH_HITS.to_string()),
                ])
            ),
            Site::Lobsters => format!(
                "{}/stories/url/all.json?{}",
                endpoints.lobsters(),
                query(&[("url", &article.cleaned)])
            ),
            Site::Reddit => format!(
                "{}/api/info.json?{}",
                endpoints.reddit(),
                query(&[("url", &article.cleaned)])
            ),
            Site::Page | Site::Feed => article.cleaned.clone(),
        }
    }
}
