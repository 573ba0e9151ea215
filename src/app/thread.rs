//! The thread screen: its pane (the thread laid out, the focused row) and its commands (walking,
//! folding, next new comment).

use std::collections::HashSet;

use super::cursor::{Cursor, Motion};
use super::thread_doc::{CommentLine, LoadedThread, ThreadDoc};
use super::{App, Effect, Loading, Screen};
use crate::config::Command;

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

impl App {
    pub(super) fn thread_progress(&mut self, item_id: i64, stage: String) -> Vec<Effect> {
        if let Some(pane) = self
            .thread
            .as_mut()
            .filter(|p| p.item_id == item_id && p.doc.is_none())
        {
            pane.state = Loading::InProgress(stage);
        }
        vec![]
    }

    pub(super) fn thread_loaded(
        &mut self,
        item_id: i64,
        result: Result<LoadedThread, String>,
    ) -> Vec<Effect> {
        let height = self.body_height();
        if let Some(pane) = self.thread.as_mut().filter(|p| p.item_id == item_id) {
            match result {
                Ok(loaded) => {
                    pane.seen = loaded.seen;
                    pane.doc = Some(*loaded.doc);
                    pane.state = Loading::Ready;
                    pane.cursor.select(
                        0,
                        pane.doc.as_ref().map_or(0, |d| d.view.rows().len()),
                        list_height(height),
                    );
                }
                Err(message) => pane.state = Loading::Failed(message),
            }
        }
        vec![]
    }

    pub(super) fn open_thread(&mut self) -> Vec<Effect> {
        let item = match self.screen {
            Screen::Article => self.article.as_ref().map(|a| a.item.clone()),
            _ => self.selected_item().cloned(),
        };
        let Some(item) = item else { return vec![] };
        self.thread = Some(ThreadPane::loading(item.id, item.title.clone()));
        self.screen = Screen::Thread;
        vec![Effect::LoadThread { item_id: item.id }]
    }
}
