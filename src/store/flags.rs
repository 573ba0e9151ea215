//! What the reader changes on items: read and starred flags, one item or a whole feed at a time.

use rusqlite::params;

use super::{FeedId, ItemId, Store, StoreError};

impl Store {
    pub fn set_read(&self, id: ItemId, read: bool) -> Result<(), StoreError> {
        self.conn
            .prepare_cached("UPDATE items SET read = ?2 WHERE id = ?1")?
            .execute(params![id, read])?;
        Ok(())
    }

    pub fn set_starred(&self, id: ItemId, starred: bool) -> Result<(), StoreError> {
        self.conn
            .prepare_cached("UPDATE items SET starred = ?2 WHERE id = ?1")?
            .execute(params![id, starred])?;
        Ok(())
    }

    /// Marks every item of a feed read; returns how many changed.
    pub fn mark_feed_read(&self, feed: FeedId) -> Result<usize, StoreError> {
        Ok(self
            .conn
            .prepare_cached("UPDATE items SET read = 1 WHERE feed_id = ?1 AND read = 0")?
            .execute([feed])?)
    }
}
