//! The article's discussions on the thread screen: `c` asks every site (answers arrive one by
//! one), a chooser lists what was found when there is more than one discussion, and `Tab` /
//! `Shift-Tab` switch between them, each keeping its focused comment, its folds and its scroll.
//! With no discussion found, `c` shows the item's own thread as before.

use super::cursor::{Cursor, Motion};
use super::discussion_state::{Chooser, Parked};
use super::thread::{ThreadPane, new_comments};
use super::thread_doc::LoadedThread;
use super::thread_inline::InlineScroll;
use super::{App, Effect, Loading, Screen, motion_of};
use crate::config::Command;
use crate::discussions::{DiscussionLink, merge};

impl ThreadPane {
    /// Puts the shown discussion's state aside under its address.
    fn park(&mut self) {
        let Some(url) = self.discussions.active.clone() else {
            return;
        };
        let parked = Parked {
            state: std::mem::replace(&mut self.state, Loading::InProgress("loading comments".into())),
            doc: self.doc.take(),
            cursor: std::mem::take(&mut self.cursor),
            seen: std::mem::take(&mut self.seen),
            inline: std::mem::take(&mut self.inline),
        };
        self.discussions.parked.insert(url, parked);
    }

    /// Shows the discussion at `url` as it was left; false when it was never shown.
    fn unpark(&mut self, url: &str) -> bool {
        let Some(parked) = self.discussions.parked.remove(url) else {
            return false;
        };
        self.state = parked.state;
        self.doc = parked.doc;
        self.cursor = parked.cursor;
        self.seen = parked.seen;
        self.inline = parked.inline;
        true
    }

    /// Shows discussion `index`: as it was left, or loading. The effect loads it.
    fn show_discussion(&mut self, index: usize) -> Vec<Effect> {
        let Some(url) = self.discussions.found.get(index).map(|d| d.url.clone()) else {
            return vec![];
        };
        self.discussions.chooser = None;
        if self.discussions.active.as_deref() == Some(url.as_str()) {
            return vec![];
        }
        self.park();
        self.discussions.active = Some(url.clone());
        if self.unpark(&url) {
            return vec![];
        }
        self.state = Loading::InProgress("loading comments".into());
        self.doc = None;
        self.cursor = Cursor::default();
        self.seen.clear();
        self.inline = InlineScroll::default();
        vec![Effect::LoadDiscussion {
            item_id: self.item_id,
            url,
        }]
    }
}

impl App {
    /// `c` on an article or an item: the thread screen, asking every site about the article.
    pub(super) fn open_thread(&mut self) -> Vec<Effect> {
        let item = match self.screen {
            Screen::Article => self.article.as_ref().map(|a| a.item.clone()),
            _ => self.selected_item().cloned(),
        };
        let Some(item) = item else { return vec![] };
        let mut pane = ThreadPane::loading(item.id, item.title.clone());
        pane.layout = self.thread_layout;
        pane.state = Loading::InProgress("finding discussions".into());
        pane.discussions.finding = true;
        pane.discussions.chooser = Some(Chooser::default());
        self.thread = Some(pane);
        self.screen = Screen::Thread;
        vec![Effect::FindDiscussions { item_id: item.id }]
    }

    /// Some of an article's discussions, from one site (or its failure).
    pub(super) fn discussions_found(
        &mut self,
        item_id: i64,
        found: Vec<DiscussionLink>,
        failure: Option<String>,
    ) -> Vec<Effect> {
        let Some(pane) = self.thread.as_mut().filter(|p| p.item_id == item_id) else {
            return vec![];
        };
        let found_so_far = &mut pane.discussions;
        let selected_url = found_so_far
            .chooser
            .filter(|c| c.moved)
            .and_then(|c| found_so_far.found.get(c.selected))
            .map(|d| d.url.clone());
        let all = std::mem::take(&mut found_so_far.found).into_iter().chain(found);
        found_so_far.found = merge::merge(all);
        if let (Some(chooser), Some(url)) = (found_so_far.chooser.as_mut(), selected_url) {
            chooser.selected = (found_so_far.found.iter())
                .position(|d| d.url == url)
                .unwrap_or(0);
        }
        found_so_far.failures.extend(failure);
        let total = found_so_far.total_comments();
        if total > 0 {
            self.set_discussion_total(item_id, total);
        }
        vec![]
    }

    /// Every site has answered: with one discussion it is shown; with none, the item's own
    /// thread; with several the chooser stays.
    pub(super) fn discussions_done(&mut self, item_id: i64) -> Vec<Effect> {
        let Some(pane) = self.thread.as_mut().filter(|p| p.item_id == item_id) else {
            return vec![];
        };
        pane.discussions.finding = false;
        if pane.discussions.chooser.is_none() || pane.discussions.active.is_some() {
            return vec![];
        }
        match pane.discussions.found.len() {
            0 => {
                pane.discussions.chooser = None;
                pane.state = Loading::InProgress("loading comments".into());
                vec![Effect::LoadThread { item_id }]
            }
            1 => pane.show_discussion(0),
            _ => {
                pane.state = Loading::Ready;
                vec![]
            }
        }
    }

    /// A discussion still loading reports how far it got: shown while it is the one on screen.
    pub(super) fn discussion_progress(&mut self, item_id: i64, url: &str, stage: String) -> Vec<Effect> {
        if let Some(pane) = self.thread.as_mut().filter(|p| {
            p.item_id == item_id && p.doc.is_none() && p.discussions.active.as_deref() == Some(url)
        }) {
            pane.state = Loading::InProgress(stage);
        }
        vec![]
    }

    /// A discussion's thread arrived: shown when it is the one on screen, else kept for when it is.
    pub(super) fn discussion_loaded(
        &mut self,
        item_id: i64,
        url: &str,
        result: Result<LoadedThread, String>,
        refreshed: bool,
    ) -> Vec<Effect> {
        let (height, width) = (self.body_height(), usize::from(self.width));
        let Some(pane) = self.thread.as_mut().filter(|p| p.item_id == item_id) else {
            return vec![];
        };
        let active = pane.discussions.active.as_deref() == Some(url);
        if !active {
            // Shown for a moment and left: updated where it waits.
            if !pane.discussions.parked.contains_key(url) {
                return vec![];
            }
            let shown = pane.discussions.active.clone();
            pane.park();
            pane.discussions.active = Some(url.to_string());
            pane.unpark(url);
            let effects = apply(pane, result, refreshed, height, width).0;
            pane.park();
            pane.discussions.active = shown.clone();
            if let Some(shown) = shown {
                pane.unpark(&shown);
            }
            return effects;
        }
        let (effects, note) = apply(pane, result, refreshed, height, width);
        match note {
            Some(Ok(message)) => self.status.message = Some(message),
            Some(Err(error)) => self.status.error = Some(error),
            None => {}
        }
        effects
    }

    /// `Tab` / `Shift-Tab`: the next or previous discussion.
    pub(super) fn switch_discussion(&mut self, forward: bool) -> Vec<Effect> {
        let Some(pane) = self.thread.as_mut() else {
            return vec![];
        };
        let count = pane.discussions.found.len();
        if count < 2 {
            self.status.message = Some(if pane.discussions.finding {
                "still finding discussions…".into()
            } else {
                "no other discussion of this article".into()
            });
            return vec![];
        }
        let from = pane.discussions.active_index().unwrap_or(0);
        let to = if forward {
            (from + 1) % count
        } else {
            (from + count - 1) % count
        };
        pane.show_discussion(to)
    }

    /// `c` on the thread screen: the chooser again.
    pub(super) fn reopen_chooser(&mut self) -> Vec<Effect> {
        let Some(pane) = self.thread.as_mut() else {
            return vec![];
        };
        if pane.discussions.found.len() < 2 {
            self.status.message = Some("no other discussion of this article".into());
            return vec![];
        }
        let selected = pane.discussions.active_index().unwrap_or(0);
        pane.discussions.chooser = Some(Chooser {
            selected,
            moved: true,
        });
        vec![]
    }

    /// Keys while the chooser is open: move, open, or leave.
    pub(super) fn chooser_command(&mut self, command: Command) -> Option<Vec<Effect>> {
        let pane = self.thread.as_mut()?;
        let mut chooser = pane.discussions.chooser?;
        let count = pane.discussions.found.len();
        let last = count.saturating_sub(1);
        match (motion_of(command), command) {
            (Some(Motion::Down), _) | (_, Command::NextDiscussion) => {
                chooser.selected = (chooser.selected + 1).min(last)
            }
            (Some(Motion::Up), _) | (_, Command::PrevDiscussion) => {
                chooser.selected = chooser.selected.saturating_sub(1)
            }
            (Some(Motion::Top | Motion::PageUp | Motion::HalfPageUp), _) => chooser.selected = 0,
            (Some(Motion::Bottom | Motion::PageDown | Motion::HalfPageDown), _) => chooser.selected = last,
            (_, Command::ToggleFold | Command::Unfold | Command::Open) => {
                return Some(pane.show_discussion(chooser.selected));
            }
            (_, Command::Back) if pane.discussions.active.is_some() => {
                pane.discussions.chooser = None;
                return Some(vec![]);
            }
            _ => return None,
        }
        chooser.moved = true;
        pane.discussions.chooser = Some(chooser);
        Some(vec![])
    }

    /// The total comment count of an item's discussions, shown in the item lists from now on.
    fn set_discussion_total(&mut self, item_id: i64, total: u64) {
        let total = u32::try_from(total).unwrap_or(u32::MAX);
        self.discussion_totals.insert(item_id, total);
        let entries = self.items.iter_mut().flat_map(|p| p.entries.iter_mut());
        let in_article = self.article.iter_mut().map(|a| &mut a.item);
        for item in entries.chain(in_article).filter(|i| i.id == item_id) {
            item.comments = Some(total);
        }
    }
}

/// A line for the status bar: a message, or an error.
type Note = Option<Result<String, String>>;

/// Shows a loaded (or refreshed) thread in `pane`: the effects to run and what to say.
fn apply(
    pane: &mut ThreadPane,
    result: Result<LoadedThread, String>,
    refreshed: bool,
    height: usize,
    width: usize,
) -> (Vec<Effect>, Note) {
    let url = pane.discussions.active.clone().unwrap_or_default();
    if refreshed {
        return match result {
            Ok(loaded) => {
                let added = pane.merge(*loaded.doc, height, width);
                (vec![], Some(Ok(new_comments(added))))
            }
            Err(message) => (vec![], Some(Err(format!("comments not updated: {message}")))),
        };
    }
    if pane.show_loaded(result, height, width) {
        let effect = Effect::RefreshDiscussion {
            item_id: pane.item_id,
            url,
        };
        return (vec![effect], Some(Ok("checking for new comments…".into())));
    }
    (vec![], None)
}
