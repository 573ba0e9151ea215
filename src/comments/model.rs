//! The one shape every discussion takes: a [`Thread`] of nested [`Comment`]s.
//!
//! Trees built by this module's constructors are never deeper than [`MAX_DEPTH`]: a reply nested
//! deeper is attached beside its parent's ancestors instead (see [`super::tree`]). Serializing and
//! rendering are therefore bounded, and dropping is iterative in any case, so hostile input (a
//! 100,000-deep chain of replies) cannot overflow the stack.

use chrono::{DateTime, Utc};
use serde::Serialize;

/// The deepest nesting level (0-based) a built tree holds; deeper replies are flattened onto it.
pub const MAX_DEPTH: usize = 255;

/// Where a thread came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// The wpDiscuz WordPress plugin, in the article page's HTML.
    WpDiscuz,
    /// WordPress core threaded comments (html5 or xhtml walker, custom themes), in the page's HTML.
    WordPress,
    /// Another repeated comment structure found in the page's HTML.
    Generic,
    /// Hacker News (Algolia or Firebase API).
    HackerNews,
    /// Lobsters (`/s/<id>.json`).
    Lobsters,
    /// Reddit (`/comments/<id>.json`).
    Reddit,
    /// A `wfw:commentRss` feed of comments (no nesting).
    CommentFeed,
}

impl Source {
    /// A short human name, for status lines.
    pub fn label(self) -> &'static str {
        match self {
            Source::WpDiscuz => "wpDiscuz",
            Source::WordPress => "WordPress",
            Source::Generic => "page comments",
            Source::HackerNews => "Hacker News",
            Source::Lobsters => "Lobsters",
            Source::Reddit => "Reddit",
            Source::CommentFeed => "comment feed",
        }
    }
}

/// A whole discussion.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Thread {
    pub source: Source,
    /// The discussion's own page, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Top-level comments in display order.
    pub comments: Vec<Comment>,
    /// The count the comment system announces ("14 Comments"), which may exceed what the page holds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub declared_count: Option<usize>,
    /// Top-level comments the source left out ("more" stubs at the top level of a Reddit thread).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub more_replies: Option<usize>,
    /// The page holds only the first page of comments; the rest comes from a "Load more" request.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub load_more: Option<LoadMore>,
    /// Pingbacks and trackbacks: links from other sites, kept apart from the people's comments.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub pingbacks: Vec<Pingback>,
    /// The thread goes on over more pages; this is the address of another one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_page: Option<String>,
}

impl Thread {
    /// An empty thread from `source`; extractors fill it in.
    pub fn new(source: Source, url: Option<String>) -> Self {
        Thread {
            source,
            url,
            comments: Vec::new(),
            declared_count: None,
            more_replies: None,
            load_more: None,
            pingbacks: Vec::new(),
            next_page: None,
        }
    }

    /// Every comment in display order (preorder), with its depth (0 = top level). Iterative.
    pub fn preorder(&self) -> Preorder<'_> {
        Preorder {
            stack: self.comments.iter().rev().map(|c| (c, 0)).collect(),
        }
    }

    /// How many comments the tree holds.
    pub fn len(&self) -> usize {
        self.preorder().count()
    }

    pub fn is_empty(&self) -> bool {
        self.comments.is_empty()
    }
}

/// Iterator over a forest in display order; see [`Thread::preorder`].
pub struct Preorder<'a> {
    stack: Vec<(&'a Comment, usize)>,
}

impl<'a> Preorder<'a> {
    /// The same walk over any forest (a comment's replies, say).
    pub fn of(forest: &'a [Comment]) -> Self {
        Preorder {
            stack: forest.iter().rev().map(|c| (c, 0)).collect(),
        }
    }
}

impl<'a> Iterator for Preorder<'a> {
    type Item = (&'a Comment, usize);

    fn next(&mut self) -> Option<Self::Item> {
        let (comment, depth) = self.stack.pop()?;
        self.stack
            .extend(comment.children.iter().rev().map(|c| (c, depth + 1)));
        Some((comment, depth))
    }
}

/// How to fetch the comments a wpDiscuz page does not hold yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LoadMore {
    /// The AJAX endpoint (`…/wp-admin/admin-ajax.php`), resolved against the page URL when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<String>,
    /// The WordPress post id the request needs, when the page names it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub post_id: Option<String>,
}

/// A link from another site shown in the comment list (WordPress `pingback`/`trackback`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Pingback {
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// One comment and its replies.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comment {
    /// The source's id (stable across visits: used for "new since last visit").
    pub id: String,
    /// Display name; "Anonymous" when the source gives none, "[deleted]" for deleted comments.
    pub author: String,
    /// When it was posted, when the source says (serialized as RFC 3339).
    pub date: Option<DateTime<Utc>>,
    /// The text, rendered from HTML like articles (quotes as `> `, links numbered, code kept).
    pub text: String,
    /// Votes / points, when the source shows them.
    pub score: Option<i64>,
    /// "Last edited 8 days ago by X", as data rather than text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub edited: Option<Edited>,
    /// Replies this source did not include (Reddit "more" stubs): shown as "[N more replies]".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub more_replies: Option<usize>,
    /// The comment was deleted or removed; kept only to hold its replies in place.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub deleted: bool,
    pub children: Vec<Comment>,
}

/// The author shown when a source names none.
pub const ANONYMOUS: &str = "Anonymous";
/// Author and text of a deleted comment kept for its replies.
pub const DELETED: &str = "[deleted]";

impl Comment {
    /// A comment with the given id and text and nothing else known yet.
    pub fn new(id: impl Into<String>, author: Option<&str>, text: impl Into<String>) -> Self {
        let author = author.map(crate::sanitize::single_line).filter(|a| !a.is_empty());
        Comment {
            id: id.into(),
            author: author.unwrap_or_else(|| ANONYMOUS.to_string()),
            date: None,
            text: text.into(),
            score: None,
            edited: None,
            more_replies: None,
            deleted: false,
            children: Vec::new(),
        }
    }

    /// A placeholder for a deleted comment.
    pub fn deleted(id: impl Into<String>) -> Self {
        let mut comment = Comment::new(id, Some(DELETED), DELETED);
        comment.deleted = true;
        comment
    }
}

impl Drop for Comment {
    /// Drops the replies with an explicit stack: a long chain of replies must not recurse.
    fn drop(&mut self) {
        let mut stack = std::mem::take(&mut self.children);
        while let Some(mut comment) = stack.pop() {
            stack.append(&mut comment.children);
        }
    }
}

/// Who edited a comment and when, as the comment system states it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edited {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    /// The time as shown ("8 days ago"), since systems often give only a relative time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub when: Option<String>,
}
