//! Opening and copying links from the screens. Every link goes through the one link policy
//! (`crate::links`), resolved against the page it came from; a refused one says why in the
//! status bar and nothing is started.

use super::model::ItemEntry;
use super::{App, Effect, Screen};
use crate::links::{self, Refused};

/// What to do with a link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Use {
    Open,
    Copy,
}

impl App {
    /// The item's link (the list's selection, or the open article), opened or copied. Its base is
    /// its feed's address.
    pub(super) fn use_item_link(&mut self, what: Use) -> Vec<Effect> {
        let item = match self.screen {
            Screen::Article => self.article.as_ref().map(|a| a.item.clone()),
            _ => self.selected_item().cloned(),
        };
        let Some(item) = item else { return vec![] };
        let Some(link) = item.link.clone() else {
            self.status.error = Some("this item has no link".into());
            return vec![];
        };
        let base = self
            .feeds
            .iter()
            .find(|f| f.id == item.feed_id)
            .map(|f| f.url.clone());
        self.use_link(&link, base.as_deref(), what)
    }

    /// Link `[number]` of the open article, resolved against the article's address.
    pub(super) fn open_link(&mut self, number: usize) -> Vec<Effect> {
        let Some(pane) = self.article.as_ref() else {
            return vec![];
        };
        match number.checked_sub(1).and_then(|i| pane.doc.links.get(i)) {
            Some(link) => {
                let (link, base) = (link.clone(), pane.item.link.clone());
                self.use_link(&link, base.as_deref(), Use::Open)
            }
            None => {
                self.status.error = Some(format!("no link [{number}] in this article"));
                vec![]
            }
        }
    }

    /// The open thread's own page, resolved against its item's address.
    pub(super) fn use_thread_link(&mut self, what: Use) -> Vec<Effect> {
        let Some(pane) = self.thread.as_ref() else {
            return vec![];
        };
        let Some(link) = pane.doc.as_ref().and_then(|d| d.url.clone()) else {
            return vec![];
        };
        let base = self.item_entry(pane.item_id).and_then(|item| item.link.clone());
        self.use_link(&link, base.as_deref(), what)
    }

    fn use_link(&mut self, link: &str, base: Option<&str>, what: Use) -> Vec<Effect> {
        let used = match what {
            Use::Open => links::openable(link, base).map(|url| Effect::OpenBrowser { url }),
            Use::Copy => links::copyable(link, base).map(|text| {
                self.status.message = Some("URL copied".into());
                Effect::CopyToClipboard { text }
            }),
        };
        match used {
            Ok(effect) => vec![effect],
            Err(refused) => {
                self.status.error = Some(match (&refused, what) {
                    (Refused::Mail(_), _) | (_, Use::Copy) => refused.to_string(),
                    (_, Use::Open) => format!("not opened: {refused}"),
                });
                vec![]
            }
        }
    }

    /// The item with this id, in the open article or the list.
    fn item_entry(&self, item_id: i64) -> Option<&ItemEntry> {
        let in_article = self.article.as_ref().map(|a| &a.item);
        let in_list = self.items.as_ref().into_iter().flat_map(|p| &p.entries);
        in_article
            .into_iter()
            .chain(in_list)
            .find(|item| item.id == item_id)
    }
}
