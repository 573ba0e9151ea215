//! The item list screen: its pane (which items, the selection), and the commands on items (open,
//! next unread, read, star, the list's order).

use super::article::ArticlePane;
use super::cursor::{Cursor, Scroll};
use super::doc::Doc;
use super::model::{ItemEntry, ItemSource};
use super::{App, Effect, Loading, Screen, next_matching};
use crate::store::ItemOrder;

#[derive(Debug, Clone, PartialEq)]
pub struct ItemsPane {
    pub source: ItemSource,
    pub entries: Vec<ItemEntry>,
    pub cursor: Cursor,
    pub loading: bool,
}

impl App {
    /// A list loaded for the open pane: the selected item stays selected when it is still there.
    pub(super) fn items_loaded(&mut self, source: ItemSource, items: Vec<ItemEntry>) -> Vec<Effect> {
        let height = self.body_height();
        if let Some(pane) = self.items.as_mut().filter(|p| p.source == source) {
            let keep = pane.entries.get(pane.cursor.selected).map(|i| i.id);
            pane.entries = items;
            // Discussions found this session count more comments than the feed announced.
            for item in &mut pane.entries {
                if let Some(&total) = self.discussion_totals.get(&item.id) {
                    item.comments = Some(total);
                }
            }
            pane.loading = false;
            let row = keep
                .and_then(|id| pane.entries.iter().position(|i| i.id == id))
                .unwrap_or(0);
            pane.cursor.select(row, pane.entries.len(), height);
        }
        vec![]
    }

    pub fn selected_item(&self) -> Option<&ItemEntry> {
        let pane = self.items.as_ref()?;
        pane.entries.get(pane.cursor.selected)
    }

    pub(super) fn show_items(&mut self, source: ItemSource) -> Vec<Effect> {
        self.screen = Screen::Items;
        self.items = Some(ItemsPane {
            source: source.clone(),
            entries: Vec::new(),
            cursor: Cursor::default(),
            loading: true,
        });
        vec![Effect::LoadItems {
            source,
            order: self.item_order,
        }]
    }

    /// Switches the item lists between newest first and unread first, and reloads the open one.
    pub(super) fn toggle_item_order(&mut self) -> Vec<Effect> {
        self.item_order = match self.item_order {
            ItemOrder::NewestFirst => ItemOrder::UnreadFirst,
            ItemOrder::UnreadFirst => ItemOrder::NewestFirst,
        };
        self.status.message = Some(format!("items: {}", order_name(self.item_order)));
        match &self.items {
            Some(pane) if !matches!(pane.source, ItemSource::Search { .. }) => vec![Effect::LoadItems {
                source: pane.source.clone(),
                order: self.item_order,
            }],
            _ => vec![],
        }
    }

    pub(super) fn open_item(&mut self) -> Vec<Effect> {
        let width = self.reading_width();
        let Some(pane) = self.items.as_mut() else {
            return vec![];
        };
        let Some(item) = pane.entries.get_mut(pane.cursor.selected) else {
            return vec![];
        };
        let was_unread = !item.read;
        item.read = true;
        let item = item.clone();
        let mut effects = vec![Effect::LoadArticle {
            item_id: item.id,
            width,
        }];
        if was_unread {
            effects.push(Effect::SetRead {
                item_id: item.id,
                read: true,
            });
            self.adjust_unread(item.feed_id, -1);
        }
        self.article = Some(ArticlePane {
            item,
            state: Loading::InProgress("loading".into()),
            doc: Doc::default(),
            width,
            scroll: Scroll::default(),
            search: None,
            pictures: Default::default(),
        });
        self.screen = Screen::Article;
        effects
    }

    pub(super) fn jump_item_unread(&mut self, forward: bool) -> Vec<Effect> {
        let height = self.body_height();
        if let Some(pane) = self.items.as_mut() {
            let entries = &pane.entries;
            if let Some(row) =
                next_matching(entries.len(), pane.cursor.selected, forward, |i| !entries[i].read)
            {
                pane.cursor.select(row, entries.len(), height);
            }
        }
        vec![]
    }

    /// The item the command applies to: the open article's, else the selected one.
    pub(super) fn current_item_mut(&mut self) -> Option<&mut ItemEntry> {
        let id = match self.screen {
            Screen::Article => self.article.as_ref().map(|a| a.item.id),
            _ => self.selected_item().map(|i| i.id),
        }?;
        if let Some(article) = self.article.as_mut().filter(|a| a.item.id == id) {
            // Keep the list row and the article's copy in step.
            let (read, starred) = (article.item.read, article.item.starred);
            if let Some(row) = self
                .items
                .as_mut()
                .and_then(|p| p.entries.iter_mut().find(|i| i.id == id))
            {
                row.read = read;
                row.starred = starred;
            }
            return Some(&mut article.item);
        }
        self.items.as_mut()?.entries.iter_mut().find(|i| i.id == id)
    }

    pub(super) fn toggle_read(&mut self) -> Vec<Effect> {
        let Some(item) = self.current_item_mut() else {
            return vec![];
        };
        item.read = !item.read;
        let (item_id, read, feed_id) = (item.id, item.read, item.feed_id);
        self.sync_list_row(item_id, |row| row.read = read);
        self.adjust_unread(feed_id, if read { -1 } else { 1 });
        vec![Effect::SetRead { item_id, read }]
    }

    pub(super) fn toggle_star(&mut self) -> Vec<Effect> {
        let Some(item) = self.current_item_mut() else {
            return vec![];
        };
        item.starred = !item.starred;
        let (item_id, starred) = (item.id, item.starred);
        self.sync_list_row(item_id, |row| row.starred = starred);
        vec![Effect::SetStarred { item_id, starred }]
    }

    pub(super) fn sync_list_row(&mut self, item_id: i64, change: impl FnOnce(&mut ItemEntry)) {
        if let Some(row) = self
            .items
            .as_mut()
            .and_then(|p| p.entries.iter_mut().find(|i| i.id == item_id))
        {
            change(row);
        }
    }
}

/// How the title bar and status line name an order.
pub fn order_name(order: ItemOrder) -> &'static str {
    match order {
        ItemOrder::NewestFirst => "newest first",
        ItemOrder::UnreadFirst => "unread first",
    }
}
