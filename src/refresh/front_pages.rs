//! Front pages of the discussion sites as subscriptions (`hn:top`, `lobsters:t/rust`,
//! `reddit:r/rust`): found and fetched through their APIs at the configured endpoints instead of
//! as feed documents; everything after (storing, scheduling) is the same as for any feed.

use url::Url;

use super::{FeedFetch, FeedFetchError, FetchedFeed, find_feed, prepare};
use crate::comments::Endpoints;
use crate::discussions::front_page::FrontPage;
use crate::discussions::front_page_fetch;
use crate::fetch::{Fetcher, Validators};

/// What a subscription address names: a discussion site's front page, or a feed (or a site whose
/// feed is discovered).
pub async fn find_subscription(
    fetcher: &Fetcher,
    endpoints: &Endpoints,
    address: &str,
) -> Result<FetchedFeed, FeedFetchError> {
    match FrontPage::parse(address) {
        Some(Ok(page)) => fetch(fetcher, endpoints, &page).await,
        Some(Err(wrong)) => Err(FeedFetchError::FrontPage(wrong)),
        None => find_feed(fetcher, address).await,
    }
}

/// The front page `address` names, fetched for a refresh; `None` when it names none.
pub(super) async fn fetch_if_front_page(
    fetcher: &Fetcher,
    endpoints: &Endpoints,
    address: &str,
) -> Option<Result<FeedFetch, FeedFetchError>> {
    Some(match FrontPage::parse(address)? {
        Ok(page) => fetch(fetcher, endpoints, &page).await.map(|feed| FeedFetch {
            parsed: Some(feed),
            max_age: None,
            publisher_interval: None,
        }),
        Err(wrong) => Err(FeedFetchError::FrontPage(wrong)),
    })
}

/// The front page as a feed; its address (`hn:top`) is the subscription's URL.
async fn fetch(
    fetcher: &Fetcher,
    endpoints: &Endpoints,
    page: &FrontPage,
) -> Result<FetchedFeed, FeedFetchError> {
    let parsed = front_page_fetch::fetch(fetcher, endpoints, page)
        .await
        .map_err(|e| FeedFetchError::FrontPage(e.to_string()))?;
    let url = Url::parse(&page.address()).map_err(|e| FeedFetchError::FrontPage(e.to_string()))?;
    Ok(FetchedFeed {
        url,
        feed: prepare(parsed),
        validators: Validators::default(),
    })
}
