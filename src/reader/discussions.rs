//! The reader's part in finding an article's discussions: the page's own thread as one of them
//! (fetched once, with the page's title), and the feed item's comments link.

use url::Url;

use super::{Reader, ReaderError};
use crate::comments::{self, PageThread, Thread};
use crate::discussions::{DiscussionLink, Site};
use crate::markup::charset::DocumentKind;
use crate::sanitize;
use crate::store::FeedDiscussion;

impl Reader {
    /// The article page's own thread, as a discussion with its comment count, when the page has
    /// one with comments in it.
    pub async fn page_discussion(&self, url: &str) -> Result<Option<(DiscussionLink, Thread)>, ReaderError> {
        let mut page_url = Url::parse(url).map_err(|e| ReaderError::Fetch {
            url: sanitize::single_line(url),
            cause: e.to_string(),
        })?;
        page_url.set_fragment(None);
        let page = self.fetch(page_url.as_str()).await?;
        let html = page.text(DocumentKind::Html);
        let base = page.final_url.clone();
        let (found, title) = tokio::task::spawn_blocking(move || {
            let title = dom_query::Document::from(html.as_str())
                .select("head title")
                .text()
                .to_string();
            (comments::from_page(&html, Some(&base)), title)
        })
        .await
        .map_err(|e| ReaderError::Worker(e.to_string()))?;
        let PageThread::Found(thread) = found else {
            return Ok(None);
        };
        if thread.is_empty() {
            return Ok(None);
        }
        let link = DiscussionLink {
            site: Site::Page,
            url: sanitize::single_line(page_url.as_str()),
            title: sanitize::single_line(&title),
            comments: u64::try_from(thread.len()).ok(),
            points: None,
            created: None,
            place: None,
        };
        Ok(Some((link, thread)))
    }
}

/// A feed item's comments link as a discussion.
pub fn feed_discussion(found: &FeedDiscussion) -> DiscussionLink {
    DiscussionLink {
        site: Site::Feed,
        url: sanitize::single_line(&found.comments_url),
        title: sanitize::single_line(found.item_title.as_deref().unwrap_or_default()),
        comments: found.comment_count.map(u64::from),
        points: None,
        created: found.published,
        place: None,
    }
}
