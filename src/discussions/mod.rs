//! Every discussion of an article, wherever it was said: Hacker News, Lobsters and Reddit asked
//! about its address, the page's own thread, and the feed item's comments link.
//!
//! Reading the sites' answers is pure ([`normalize`], [`answers`], [`merge`], [`front_page`]);
//! [`find`] asks the sites through `fetch`, all at once, reusing what the store remembers, and
//! [`front_page_fetch`] reads the sites' front pages as feeds for the refresh.

pub mod answers;
pub mod find;
pub mod front_page;
pub mod front_page_fetch;
pub mod merge;
pub mod normalize;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub use answers::LookupError;
pub use find::{Finder, SiteFailure};
pub use merge::Findings;
pub use normalize::ArticleUrl;

/// Where a discussion takes place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Site {
    Hn,
    Lobsters,
    Reddit,
    /// The article page's own comments.
    Page,
    /// The comments link of the feed item.
    Feed,
}

impl Site {
    /// The sites asked about a link, in the order they are reported.
    pub const ASKED: [Site; 3] = [Site::Hn, Site::Lobsters, Site::Reddit];

    /// The name scripts use (`--discussion hn`, the JSON's `site`).
    pub fn name(self) -> &'static str {
        match self {
            Site::Hn => "hn",
            Site::Lobsters => "lobsters",
            Site::Reddit => "reddit",
            Site::Page => "page",
            Site::Feed => "feed",
        }
    }

    /// A human name, for messages ("Lobsters: HTTP 429").
    pub fn title(self) -> &'static str {
        match self {
            Site::Hn => "Hacker News",
            Site::Lobsters => "Lobsters",
            Site::Reddit => "Reddit",
            Site::Page => "this page",
            Site::Feed => "the feed's comments",
        }
    }

    pub fn from_name(name: &str) -> Option<Site> {
        [Site::Hn, Site::Lobsters, Site::Reddit, Site::Page, Site::Feed]
            .into_iter()
            .find(|site| site.name() == name)
    }
}

/// One discussion of an article, as the site that holds it lists it. Text fields are one clean
/// line (no control characters or escape sequences): they go to the screen as they are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiscussionLink {
    pub site: Site,
    /// The discussion's own page (what a browser opens; the thread readers map it to an API).
    pub url: String,
    pub title: String,
    /// How many comments the site counts, when it says.
    pub comments: Option<u64>,
    /// Votes, on the sites that have them.
    pub points: Option<i64>,
    pub created: Option<DateTime<Utc>>,
    /// The community within the site (`r/rust`), when there are several.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
}

impl DiscussionLink {
    /// The short name the chooser and the tabs show: `HN`, `Lobsters`, `r/rust`, `this page`.
    pub fn label(&self) -> String {
        match (self.site, &self.place) {
            (Site::Hn, _) => "HN".into(),
            (Site::Lobsters, _) => "Lobsters".into(),
            (Site::Reddit, Some(place)) => place.clone(),
            (Site::Reddit, None) => "Reddit".into(),
            (Site::Page, _) => "this page".into(),
            (Site::Feed, _) => "feed".into(),
        }
    }
}
