//! The config's `[discussions]` table (where the discussion sites' APIs are, how long what they
//! said about a link is kept) and `[thread]` table (how the thread screen lays comments out).

use std::time::Duration;

use serde::Deserialize;

use crate::comments::Endpoints;
use crate::comments::api::endpoints::{
    DEFAULT_HN_ITEMS, DEFAULT_HN_SEARCH, DEFAULT_LOBSTERS, DEFAULT_REDDIT,
};

/// The discussion sites: `folio discussions`, the thread readers and the front-page feeds all
/// ask these addresses, so a mirror (or a test's loopback server) stands in for every use.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct DiscussionSettings {
    /// Hacker News search and whole threads (Algolia).
    pub hn_search: String,
    pub lobsters: String,
    pub reddit: String,
    /// Hacker News items one by one and its front pages (Firebase).
    pub hn_items: String,
    /// A site is asked again about a link after this many minutes.
    pub max_age_minutes: i64,
}

impl Default for DiscussionSettings {
    fn default() -> Self {
        DiscussionSettings {
            hn_search: DEFAULT_HN_SEARCH.into(),
            lobsters: DEFAULT_LOBSTERS.into(),
            reddit: DEFAULT_REDDIT.into(),
            hn_items: DEFAULT_HN_ITEMS.into(),
            max_age_minutes: 30,
        }
    }
}

/// The range of `discussions.max_age_minutes`.
pub const MAX_AGE_MINUTES: std::ops::RangeInclusive<i64> = 0..=7 * 24 * 60;

impl DiscussionSettings {
    pub fn endpoints(&self) -> Endpoints {
        Endpoints::new(&self.hn_search, &self.lobsters, &self.reddit, &self.hn_items)
    }

    /// How long what a site said about a link is reused.
    pub fn max_age(&self) -> Duration {
        let minutes = self
            .max_age_minutes
            .clamp(*MAX_AGE_MINUTES.start(), *MAX_AGE_MINUTES.end());
        Duration::from_secs(minutes.unsigned_abs() * 60)
    }

    /// The first endpoint that is not an http(s) URL, as a one-line complaint naming its key.
    pub fn check(&self) -> Result<(), String> {
        for (key, value) in [
            ("hn_search", &self.hn_search),
            ("lobsters", &self.lobsters),
            ("reddit", &self.reddit),
            ("hn_items", &self.hn_items),
        ] {
            let web = url::Url::parse(value.trim())
                .is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some());
            if !web {
                return Err(format!(
                    "discussions.{key} = {:?} is not a web address: use an http(s) URL",
                    crate::sanitize::single_line(value)
                ));
            }
        }
        Ok(())
    }
}

/// The thread screen.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct ThreadSettings {
    /// `inline` (every comment's text in the tree, the default) or `split` (one line per comment
    /// and the focused comment's text below); a key switches.
    pub layout: ThreadLayout,
}

/// How the thread screen lays comments out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ThreadLayout {
    /// Every comment's whole text, wrapped, indented under its parent.
    #[default]
    Inline,
    /// One line per comment, the focused comment's text in a pane below.
    Split,
}

impl ThreadLayout {
    pub fn other(self) -> ThreadLayout {
        match self {
            ThreadLayout::Inline => ThreadLayout::Split,
            ThreadLayout::Split => ThreadLayout::Inline,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            ThreadLayout::Inline => "inline",
            ThreadLayout::Split => "split",
        }
    }
}
