//! The feed list screen: its rows (virtual entries, tags, feeds), the selection kept across
//! reloads, and the commands on feeds (open, next unread, mark read, remove).

use super::model::{FeedEntry, FeedRow, ItemSource, feed_rows};
use super::{App, Effect, next_matching};

impl App {
    pub fn selected_feed(&self) -> Option<&FeedEntry> {
        match self.feed_rows.get(self.feed_cursor.selected)? {
            FeedRow::Feed(index) => self.feeds.get(*index),
            _ => None,
        }
    }

    pub(super) fn open_feed_row(&mut self) -> Vec<Effect> {
        let source = match self.feed_rows.get(self.feed_cursor.selected) {
            Some(FeedRow::AllUnread { .. }) => ItemSource::AllUnread,
            Some(FeedRow::Starred) => ItemSource::Starred,
            Some(FeedRow::Feed(index)) => match self.feeds.get(*index) {
                Some(feed) => ItemSource::Feed {
                    id: feed.id,
                    title: feed.title.clone(),
                },
                None => return vec![],
            },
            Some(FeedRow::Tag(_)) | None => return vec![],
        };
        self.show_items(source)
    }

    pub(super) fn jump_feed_unread(&mut self, forward: bool) -> Vec<Effect> {
        let rows = &self.feed_rows;
        let feeds = &self.feeds;
        let is_unread =
            |row: &FeedRow| matches!(row, FeedRow::Feed(i) if feeds.get(*i).is_some_and(|f| f.unread > 0));
        let target = next_matching(rows.len(), self.feed_cursor.selected, forward, |i| {
            is_unread(&rows[i])
        });
        if let Some(row) = target {
            let len = self.feed_rows.len();
            self.feed_cursor.select(row, len, self.body_height());
        }
        vec![]
    }

    pub(super) fn mark_feed_read(&mut self, feed_id: i64) -> Vec<Effect> {
        if let Some(feed) = self.feeds.iter_mut().find(|f| f.id == feed_id) {
            feed.unread = 0;
        }
        if let Some(pane) = self.items.as_mut() {
            pane.entries
                .iter_mut()
                .filter(|i| i.feed_id == feed_id)
                .for_each(|i| i.read = true);
        }
        self.feed_rows = feed_rows(&self.feeds);
        vec![Effect::MarkFeedRead { feed_id }]
    }

    pub(super) fn remove_feed(&mut self, feed_id: i64) -> Vec<Effect> {
        let remaining = self.feeds.iter().filter(|f| f.id != feed_id).cloned().collect();
        self.set_feeds(remaining);
        vec![Effect::RemoveFeed { feed_id }]
    }

    pub(super) fn set_feeds(&mut self, feeds: Vec<FeedEntry>) {
        let keep = self.selected_feed().map(|f| f.id);
        self.feeds = feeds;
        self.feed_rows = feed_rows(&self.feeds);
        let row = keep
            .and_then(|id| {
                self.feed_rows
                    .iter()
                    .position(|r| matches!(r, FeedRow::Feed(i) if self.feeds[*i].id == id))
            })
            .unwrap_or(self.feed_cursor.selected);
        let len = self.feed_rows.len();
        self.feed_cursor.select(row, len, self.body_height());
    }

    pub(super) fn adjust_unread(&mut self, feed_id: i64, delta: i64) {
        if let Some(feed) = self.feeds.iter_mut().find(|f| f.id == feed_id) {
            feed.unread = u32::try_from((i64::from(feed.unread) + delta).max(0)).unwrap_or(0);
        }
        self.feed_rows = feed_rows(&self.feeds);
    }
}
