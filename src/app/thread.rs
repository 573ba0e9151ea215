//! The thread screen's state: the comments in preorder, the fold state (`comments::view`), the
//! focused row, and what was new since the last visit.

use std::collections::HashSet;

use chrono::{DateTime, Utc};

use super::Loading;
use super::cursor::{Cursor, Motion};
use crate::comments::Thread;
use crate::comments::view::ThreadView;
use crate::config::Command;

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
}

impl PartialEq for ThreadDoc {
    fn eq(&self, other: &Self) -> bool {
        // The view is derived from the comments; equal comments and fold state make equal docs.
        self.source == other.source
            && self.url == other.url
            && self.comments == other.comments
            && self.notice == other.notice
            && self.view.rows() == other.view.rows()
    }
}

impl ThreadDoc {
    /// Flattens `thread` for the screen; `seen` holds the comment ids of earlier visits.
    pub fn new(thread: &Thread, seen: &HashSet<String>, notice: Option<String>) -> ThreadDoc {
        let comments = thread
            .preorder()
            .map(|(comment, _depth)| CommentLine {
                id: comment.id.clone(),
                author: comment.author.clone(),
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
        ThreadDoc {
            source: thread.source.label().to_string(),
            url: thread.url.clone(),
            comments,
            view: ThreadView::new(thread),
            notice,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ThreadPane {
    pub item_id: i64,
    pub title: String,
    pub state: Loading,
    pub doc: Option<ThreadDoc>,
    pub cursor: Cursor,
    /// Comment ids seen before this visit (for "next new").
    pub seen: HashSet<String>,
}

/// Rows the comment list takes of the body; the focused comment's text gets the rest.
pub fn list_height(body_rows: usize) -> usize {
    (body_rows * 11 / 20).max(3).min(body_rows)
}

impl ThreadPane {
    pub fn loading(item_id: i64, title: String) -> ThreadPane {
        ThreadPane {
            item_id,
            title,
            state: Loading::InProgress("loading comments".into()),
            doc: None,
            cursor: Cursor::default(),
            seen: HashSet::new(),
        }
    }

    /// The preorder index of the focused comment.
    pub fn focused_node(&self) -> Option<usize> {
        let doc = self.doc.as_ref()?;
        doc.view.rows().get(self.cursor.selected).map(|r| r.node)
    }

    pub fn focused(&self) -> Option<&CommentLine> {
        self.doc.as_ref()?.comments.get(self.focused_node()?)
    }

    pub fn motion(&mut self, motion: Motion, height: usize) {
        if let Some(doc) = &self.doc {
            self.cursor
                .apply(motion, doc.view.rows().len(), list_height(height));
        }
    }

    /// Runs a thread command; returns false when the command is not a thread command.
    pub fn command(&mut self, command: Command, height: usize) -> bool {
        let height = list_height(height);
        let Some(doc) = self.doc.as_mut() else {
            return false;
        };
        let row = self.cursor.selected;
        let view = &mut doc.view;
        let target = match command {
            Command::ToggleFold => {
                view.toggle(row);
                Some(row)
            }
            Command::Parent => match view.parent(row) {
                Some(parent) => Some(parent),
                None => {
                    // Already at the top level: fold it.
                    if view.rows().get(row).is_some_and(|r| r.hidden_replies.is_none()) {
                        view.toggle(row);
                    }
                    Some(row)
                }
            },
            Command::Unfold => {
                if view.rows().get(row).is_some_and(|r| r.hidden_replies.is_some()) {
                    view.toggle(row);
                }
                Some(row)
            }
            Command::NextSibling => view.next_sibling(row),
            Command::PrevSibling => view.prev_sibling(row),
            Command::NextThread => view.next_thread(row),
            Command::PrevThread => view.prev_thread(row),
            Command::FoldAll => {
                // Stay on the top-level comment that holds the focus.
                let mut top = row;
                while let Some(parent) = view.parent(top) {
                    top = parent;
                }
                let root = view.rows().get(top).map(|r| r.node);
                view.collapse_all();
                Some(root.and_then(|n| view.row_of(n)).unwrap_or(0))
            }
            Command::UnfoldAll => {
                let node = view.rows().get(row).map(|r| r.node);
                view.expand_all();
                node.and_then(|n| view.row_of(n))
            }
            Command::NextNew => {
                let seen = &self.seen;
                view.next_unread(row, seen)
            }
            _ => return false,
        };
        if let Some(target) = target {
            self.select(target, height);
        }
        true
    }

    fn select(&mut self, row: usize, height: usize) -> bool {
        let len = self.doc.as_ref().map_or(0, |d| d.view.rows().len());
        self.cursor.select(row, len, height);
        true
    }
}
