//! What the thread screen holds of an article's discussions: those found, the one shown, the
//! chooser between them, and each other one's screen state while it is not shown.

use std::collections::{HashMap, HashSet};

use super::Loading;
use super::cursor::Cursor;
use super::thread_doc::ThreadDoc;
use super::thread_inline::InlineScroll;
use crate::discussions::DiscussionLink;

/// The discussions of the article on the thread screen.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Discussions {
    /// What was found so far, merged, the most commented first.
    pub found: Vec<DiscussionLink>,
    /// The address of the discussion shown; `None` while choosing, or when the item's own
    /// thread is shown.
    pub active: Option<String>,
    /// The chooser, while it is open.
    pub chooser: Option<Chooser>,
    /// Sites still being asked.
    pub finding: bool,
    /// Sites that could not say, one line each.
    pub failures: Vec<String>,
    /// Each discussion shown before and left, as it was left.
    pub(super) parked: HashMap<String, Parked>,
}

/// The list of discussions to pick from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Chooser {
    pub selected: usize,
    /// The reader moved the selection: it stays on that discussion as others arrive (else on
    /// the most commented one).
    pub(super) moved: bool,
}

/// A discussion's screen state while another is shown.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Parked {
    pub state: Loading,
    pub doc: Option<ThreadDoc>,
    pub cursor: Cursor,
    pub seen: HashSet<String>,
    pub inline: InlineScroll,
}

impl Discussions {
    /// Tabs are shown when there is another discussion to switch to.
    pub fn shows_tabs(&self) -> bool {
        self.active.is_some() && self.found.len() > 1
    }

    /// The index of the discussion shown.
    pub fn active_index(&self) -> Option<usize> {
        let active = self.active.as_deref()?;
        self.found.iter().position(|d| d.url == active)
    }

    /// Every comment the discussions found count.
    pub fn total_comments(&self) -> u64 {
        self.found.iter().filter_map(|d| d.comments).sum()
    }
}
