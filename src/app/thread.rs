//! The thread screen: its pane (the thread laid out, the focused comment) and its commands
//! (walking, folding, next new comment, the layout). The article's other discussions and the
//! chooser between them are in `discussions`.

use std::collections::{HashMap, HashSet};

use super::cursor::{Cursor, Motion};
use super::discussion_state::Discussions;
use super::thread_doc::{CommentLine, LoadedThread, ThreadDoc};
use super::thread_inline::{InlineScroll, Page};
use super::{App, Effect, Loading};
use crate::config::{Command, ThreadLayout};

#[derive(Debug, Clone, PartialEq)]
pub struct ThreadPane {
    pub item_id: i64,
    pub title: String,
    pub state: Loading,
    pub doc: Option<ThreadDoc>,
    /// The focused comment (its row); the split layout's list scroll.
    pub cursor: Cursor,
    /// Comment ids seen before this visit (for "next new").
    pub seen: HashSet<String>,
    /// How the comments are laid out.
    pub layout: ThreadLayout,
    /// Where the inline layout is scrolled to.
    pub inline: InlineScroll,
    /// The article's discussions: which is shown, the chooser, the others' states.
    pub discussions: Discussions,
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
            layout: ThreadLayout::default(),
            inline: InlineScroll::default(),
            discussions: Discussions::default(),
        }
    }

    /// The rows the comments get of a body `body_rows` tall (the discussions' tabs take one, and
    /// so does the line saying more comments are on another page).
    pub fn content_height(&self, body_rows: usize) -> usize {
        let footer = self.doc.as_ref().is_some_and(|d| d.footer.is_some());
        body_rows.saturating_sub(usize::from(self.discussions.shows_tabs()) + usize::from(footer))
    }

    /// The preorder index of the focused comment.
    pub fn focused_node(&self) -> Option<usize> {
        let doc = self.doc.as_ref()?;
        doc.view.rows().get(self.cursor.selected).map(|r| r.node)
    }

    pub fn focused(&self) -> Option<&CommentLine> {
        self.doc.as_ref()?.comments.get(self.focused_node()?)
    }

    /// Moves in the thread; `height` and `width` are the body's.
    pub fn motion(&mut self, motion: Motion, height: usize, width: usize) {
        let height = self.content_height(height);
        let Some(doc) = &self.doc else { return };
        match self.layout {
            ThreadLayout::Split => self
                .cursor
                .apply(motion, doc.view.rows().len(), list_height(height)),
            ThreadLayout::Inline => {
                let page = Page { doc, width, height };
                self.inline.motion(&page, &mut self.cursor.selected, motion);
            }
        }
    }

    /// Switches between the inline and the split layout, keeping the focused comment on screen.
    pub fn toggle_layout(&mut self, height: usize, width: usize) {
        self.layout = self.layout.other();
        let row = self.cursor.selected;
        self.select(row, height, width);
    }

    /// Runs a thread command; returns false when the command is not a thread command. `height`
    /// and `width` are the body's.
    pub fn command(&mut self, command: Command, height: usize, width: usize) -> bool {
        if command == Command::ToggleLayout {
            self.toggle_layout(height, width);
            return true;
        }
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
            self.select(target, height, width);
        }
        true
    }

    /// Puts `doc`, a newer copy of the shown thread, in place of it; returns how many of its
    /// comments were not shown before (they are marked new, and `u` finds them).
    pub(super) fn merge(&mut self, mut doc: ThreadDoc, height: usize, width: usize) -> usize {
        let Some(old) = self.doc.take() else {
            self.doc = Some(doc);
            self.inline = InlineScroll::default();
            self.select(0, height, width);
            return 0;
        };
        let was_new: HashMap<&str, bool> = (old.comments.iter()).map(|c| (c.id.as_str(), c.is_new)).collect();
        let mut added = 0;
        for comment in &mut doc.comments {
            comment.is_new = was_new.get(comment.id.as_str()).copied().unwrap_or_else(|| {
                added += 1;
                true
            });
        }
        // Folds by comment, deepest first, so each is visible when it is folded.
        let folded: HashSet<&str> = (old.comments.iter().enumerate())
            .filter(|&(node, _)| old.view.is_collapsed(node))
            .map(|(_, c)| c.id.as_str())
            .collect();
        for node in (0..doc.comments.len()).rev() {
            if folded.contains(doc.comments[node].id.as_str())
                && let Some(row) = doc.view.row_of(node)
            {
                doc.view.toggle(row);
            }
        }
        // The first visit saw everything shown so far: what came since is what `u` looks for.
        if self.seen.is_empty() {
            self.seen = was_new.keys().map(|id| id.to_string()).collect();
        }
        let focused = (old.view.rows().get(self.cursor.selected))
            .and_then(|row| old.comments.get(row.node))
            .map(|c| c.id.clone());
        let row = focused
            .and_then(|id| doc.comments.iter().position(|c| c.id == id))
            .and_then(|node| doc.view.row_of(node));
        // The inline layout's top comment, found again by its id.
        let top_id = old.comments.get(self.inline.top_node).map(|c| c.id.as_str());
        self.inline.top_node = top_id
            .and_then(|id| doc.comments.iter().position(|c| c.id == id))
            .unwrap_or(0);
        let rows = doc.view.rows().len();
        let list = list_height(self.content_height(height));
        if let Some(row) = row {
            // The focused comment keeps its place on screen.
            let on_screen = self.cursor.selected.saturating_sub(self.cursor.offset);
            self.cursor.offset = row.saturating_sub(on_screen);
            self.cursor.select(row, rows, list);
        } else {
            self.cursor.follow(rows, list);
        }
        self.doc = Some(doc);
        if self.layout == ThreadLayout::Inline {
            self.select(self.cursor.selected, height, width);
        }
        added
    }

    /// Focuses `row` and scrolls it into view, in either layout.
    pub(super) fn select(&mut self, row: usize, height: usize, width: usize) {
        let height = self.content_height(height);
        let Some(doc) = &self.doc else { return };
        let len = doc.view.rows().len();
        match self.layout {
            ThreadLayout::Split => self.cursor.select(row, len, list_height(height)),
            ThreadLayout::Inline => {
                self.cursor.selected = row.min(len.saturating_sub(1));
                let page = Page { doc, width, height };
                self.inline.show(&page, self.cursor.selected);
            }
        }
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
        let (height, width) = (self.body_height(), usize::from(self.width));
        let Some(pane) = self.thread.as_mut().filter(|p| p.item_id == item_id) else {
            return vec![];
        };
        // The item's own thread: no discussion to choose between.
        pane.discussions.chooser = None;
        if pane.show_loaded(result, height, width) {
            // Shown at once from the cache; the thread as it is now follows.
            self.status.message = Some("checking for new comments…".into());
            return vec![Effect::RefreshThread { item_id }];
        }
        vec![]
    }

    /// The thread fetched again while its cached copy was shown: merged into the pane, the focus
    /// on the same comment, the same comments folded, and the comments that came since marked new.
    pub(super) fn thread_refreshed(
        &mut self,
        item_id: i64,
        result: Result<LoadedThread, String>,
    ) -> Vec<Effect> {
        let (height, width) = (self.body_height(), usize::from(self.width));
        let Some(pane) = self.thread.as_mut().filter(|p| p.item_id == item_id) else {
            return vec![];
        };
        match result {
            Ok(loaded) => {
                let added = pane.merge(*loaded.doc, height, width);
                self.status.message = Some(new_comments(added));
            }
            Err(message) => self.status.error = Some(format!("comments not updated: {message}")),
        }
        vec![]
    }
}

/// "no new comments", "1 new comment", "N new comments".
pub(super) fn new_comments(added: usize) -> String {
    match added {
        0 => "no new comments".to_string(),
        1 => "1 new comment".to_string(),
        n => format!("{n} new comments"),
    }
}

impl ThreadPane {
    /// Shows a thread the runner brought (focus on its first comment); true when it came from a
    /// cache old enough to be fetched again.
    pub(super) fn show_loaded(
        &mut self,
        result: Result<LoadedThread, String>,
        height: usize,
        width: usize,
    ) -> bool {
        match result {
            Ok(loaded) => {
                self.seen = loaded.seen;
                self.doc = Some(*loaded.doc);
                self.state = Loading::Ready;
                self.cursor = Cursor::default();
                self.inline = InlineScroll::default();
                self.select(0, height, width);
                loaded.stale
            }
            Err(message) => {
                self.state = Loading::Failed(message);
                false
            }
        }
    }
}
