//! Fetching a front page for the refresh: one request for Lobsters and Reddit; for Hacker News
//! the list of ids, then its first stories a few at a time (the fetcher's per-host limit holds).
//! A story that fails is left out; a page none of whose stories could be read is an error.

use futures::StreamExt;

use super::front_page::{self, FrontPage};
use crate::comments::Endpoints;
use crate::feed::ParsedFeed;
use crate::fetch::{FetchOutcome, Fetcher, Validators};
use crate::sanitize::single_line;

/// HN stories asked for at once.
const HN_CONCURRENCY: usize = 8;

/// Why a front page could not be read: one line naming what was asked.
#[derive(Debug, thiserror::Error)]
#[error("{url}: {cause}")]
pub struct FrontPageError {
    pub url: String,
    pub cause: String,
}

/// The front page as a feed.
pub async fn fetch(
    fetcher: &Fetcher,
    endpoints: &Endpoints,
    page: &FrontPage,
) -> Result<ParsedFeed, FrontPageError> {
    let url = page.api_url(endpoints);
    let body = get(fetcher, &url).await?;
    let failed = |cause: String| FrontPageError {
        url: single_line(&url),
        cause,
    };
    let items = match page {
        FrontPage::Hn(_) => {
            let ids = front_page::hn_ids(&body).map_err(|e| failed(e.to_string()))?;
            let stories: Vec<_> = futures::stream::iter(ids.iter().copied().map(|id| async move {
                let body = get(fetcher, &endpoints.hn_item(&id.to_string())).await.ok()?;
                front_page::hn_story(&body).ok().flatten()
            }))
            .buffered(HN_CONCURRENCY)
            .collect()
            .await;
            if !ids.is_empty() && stories.iter().all(Option::is_none) {
                return Err(failed(format!("none of its {} stories could be read", ids.len())));
            }
            stories.into_iter().flatten().collect()
        }
        FrontPage::LobstersHottest | FrontPage::LobstersTag(_) => {
            front_page::lobsters_stories(&body).map_err(|e| failed(e.to_string()))?
        }
        FrontPage::Reddit(_) => front_page::reddit_posts(&body).map_err(|e| failed(e.to_string()))?,
    };
    Ok(page.feed(items))
}

async fn get(fetcher: &Fetcher, url: &str) -> Result<Vec<u8>, FrontPageError> {
    let failed = |cause: String| FrontPageError {
        url: single_line(url),
        cause,
    };
    match fetcher.get(url, &Validators::default()).await {
        Ok(FetchOutcome::Fetched(body)) => Ok(body.body),
        Ok(FetchOutcome::NotModified) => Err(failed("answered 304 to a plain request".into())),
        Err(error) => Err(failed(error.to_string())),
    }
}
