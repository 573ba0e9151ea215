//! A comment thread laid out for the thread screen: the comments in preorder with what the screen
//! shows of each, the fold state (`comments::view`), and which comments are new since the last
//! visit.

use std::collections::HashSet;

use chrono::{DateTime, Utc};

use crate::comments::view::ThreadView;
use crate::comments::{Comment, Thread};
use crate::sanitize::single_line;

/// One comment as the thread screen shows it (preorder position = its node index in the view).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommentLine {
    pub id: String,
    pub author: String,
    pub date: Option<DateTime<Utc>>,
    pub score: Option<i64>,
    pub text: String,
    /// Not seen on an earlier visit.
    pub is_new: bool,
    /// Replies the source left out ("[N more replies]").
    pub more_replies: Option<usize>,
    /// "edited 8 days ago by X".
    pub edited: Option<String>,
}

/// A thread as the runner delivers it: the document and the comment ids seen on earlier visits.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadedThread {
    pub doc: Box<ThreadDoc>,
    pub seen: HashSet<String>,
    /// From a cache old enough to be fetched again in the background.
    pub stale: bool,
}

/// A loaded thread, ready to show.
#[derive(Debug, Clone)]
pub struct ThreadDoc {
    /// Where the thread came from ("wpDiscuz", "Hacker News").
    pub source: String,
    pub url: Option<String>,
    pub comments: Vec<CommentLine>,
    pub view: ThreadView,
    /// Why there are no comments to show, when that is the case ("comments are loaded by a script").
    pub notice: Option<String>,
    /// Said below the comments: the page holds only part of the thread.
    pub footer: Option<String>,
}

impl PartialEq for ThreadDoc {
    fn eq(&self, other: &Self) -> bool {
        // The view is derived from the comments; equal comments and fold state make equal docs.
        self.source == other.source
            && self.url == other.url
            && self.comments == other.comments
            && self.notice == other.notice
            && self.footer == other.footer
            && self.view.rows() == other.view.rows()
    }
}

impl ThreadDoc {
    /// Flattens `thread` for the screen; `seen` holds the comment ids of earlier visits.
    /// Pingbacks follow the comments as entries of their own, as the page lists them.
    pub fn new(thread: &Thread, seen: &HashSet<String>, notice: Option<String>) -> ThreadDoc {
        let with_pingbacks;
        let thread = if thread.pingbacks.is_empty() {
            thread
        } else {
            with_pingbacks = pingbacks_as_comments(thread);
            &with_pingbacks
        };
        let comments = thread
            .preorder()
            .map(|(comment, _depth)| CommentLine {
                id: comment.id.clone(),
                author: single_line(&comment.author),
                date: comment.date,
                score: comment.score,
                text: comment.text.clone(),
                is_new: !seen.is_empty() && !seen.contains(&comment.id),
                more_replies: comment.more_replies,
                edited: comment.edited.as_ref().map(|e| {
                    let when = e.when.as_deref().map(|w| format!(" {w}")).unwrap_or_default();
                    let by = e.by.as_deref().map(|b| format!(" by {b}")).unwrap_or_default();
                    format!("edited{when}{by}")
                }),
            })
            .collect();
        let footer = (thread.next_page.as_deref())
            .map(|url| format!("More comments on another page: {}", single_line(url)));
        ThreadDoc {
            source: thread.source.label().to_string(),
            url: thread.url.clone(),
            comments,
            view: ThreadView::new(thread),
            notice,
            footer,
        }
    }
}

/// `thread` with each pingback as a top-level entry after the comments: "Pingback" as its author,
/// the linking post's title and address as its text.
fn pingbacks_as_comments(thread: &Thread) -> Thread {
    let mut shown = thread.clone();
    for (index, pingback) in thread.pingbacks.iter().enumerate() {
        let title = single_line(&pingback.title);
        let text = match &pingback.url {
            Some(url) => format!("{title}\n{}", single_line(url)),
            None => title,
        };
        shown
            .comments
            .push(Comment::new(format!("pingback-{index}"), Some("Pingback"), text));
    }
    shown.pingbacks.clear();
    shown
}
