//! What a refresh writes: a feed's content as plain rows (made from a parsed feed by the caller),
//! prepared with its bodies compressed, stored all or nothing; or a feed unchanged or failed.

use chrono::{DateTime, Utc};
use rusqlite::params;

use super::bodies::{self, Block};
use super::feeds::Schedule;
use super::rows::MediaKind;
use super::{FeedId, Store, StoreError, to_timestamp};

/// A feed's content as a refresh stores it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IncomingFeed {
    pub title: Option<String>,
    /// The site the feed belongs to.
    pub site_url: Option<String>,
    pub items: Vec<IncomingItem>,
}

/// One item of an [`IncomingFeed`]: what lists show, its body, and its enclosures.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IncomingItem {
    /// Stable identity within the feed: an item stored before is not stored again.
    pub identity: String,
    pub title: Option<String>,
    pub link: Option<String>,
    pub author: Option<String>,
    pub published: Option<DateTime<Utc>>,
    pub comments_url: Option<String>,
    pub comments_feed_url: Option<String>,
    pub comment_count: Option<u32>,
    /// The item's body as the feed gave it, kept as it is.
    pub body: Option<String>,
    /// The enclosures as JSON, kept as it is (`None` when there are none).
    pub enclosures_json: Option<String>,
    /// What lists mark the item with: the kind of its first playable enclosure.
    pub media: Option<MediaKind>,
}

/// A feed with its bodies already compressed as one block, for the usual case where all its
/// items are new (a first refresh, a new subscription). Compression is the CPU-heavy part of
/// storing a feed; doing it here, on the caller's thread (a refresh runs it next to the parsing,
/// on the blocking pool), keeps the one database thread free for writing. When only some items
/// are new, the store compresses just those.
#[derive(Debug)]
pub struct PreparedFeed {
    pub feed: IncomingFeed,
    /// Every item's body, or the error compressing them (the store retries and reports it).
    pub(super) block: std::io::Result<Option<Block>>,
}

impl PreparedFeed {
    /// Once compressed, the bodies live only in the block: a refresh holds up to 16 feeds
    /// between parsing and storing, and their bodies in plain text were the larger part of its
    /// memory. (When compressing fails they stay, for the store to try again.)
    pub fn new(mut feed: IncomingFeed) -> PreparedFeed {
        let block = bodies::block_of(feed.items.iter().map(|item| item.body.as_deref()));
        if block.is_ok() {
            for item in &mut feed.items {
                item.body = None;
            }
        }
        PreparedFeed { feed, block }
    }
}

/// A successful fetch of a changed feed.
#[derive(Debug)]
pub struct FeedUpdate<'a> {
    pub feed: &'a PreparedFeed,
    pub etag: Option<&'a str>,
    pub last_modified: Option<&'a str>,
    pub fetched_at: DateTime<Utc>,
}

impl Store {
    /// Stores a changed feed all or nothing: its metadata and validators, and the items not seen
    /// before. Items already stored keep their read and starred flags. Returns how many are new.
    /// New items reach full-text search at the next [`Store::update_search_index`].
    ///
    /// A savepoint makes it its own transaction, or a nested one inside
    /// [`Store::in_one_transaction`]: a failure undoes this feed's changes and nothing else.
    pub fn store_feed_update(&mut self, id: FeedId, update: &FeedUpdate<'_>) -> Result<usize, StoreError> {
        let fetched_at = to_timestamp(update.fetched_at);
        let tx = self.conn.savepoint()?;
        // Cached statements: a refresh runs these once per feed; cached, each is prepared once.
        tx.prepare_cached(
            "UPDATE feeds SET title = COALESCE(title, ?2), site_url = COALESCE(?3, site_url), etag = ?4,
                 last_modified = ?5, last_fetch = ?6, last_error = NULL WHERE id = ?1",
        )?
        .execute(params![
            id,
            update.feed.feed.title,
            update.feed.feed.site_url,
            update.etag,
            update.last_modified,
            fetched_at
        ])?;
        let items = &update.feed.feed.items;
        // (row id, index in the feed) of the items not stored before.
        let mut fresh = Vec::new();
        {
            // An item retention removed stays removed while the feed carries it.
            let mut insert_item = tx.prepare_cached(
                "INSERT INTO items (feed_id, identity, sorted_at, published, first_seen, title, link, author,
                                    comments_url, comments_feed_url, comment_count, media)
                 SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12
                 WHERE NOT EXISTS (SELECT 1 FROM removed_items WHERE feed_id = ?1 AND identity = ?2)
                 ON CONFLICT (feed_id, identity) DO NOTHING",
            )?;
            for (index, item) in items.iter().enumerate() {
                let published = item.published.map(to_timestamp);
                let inserted = insert_item.execute(params![
                    id,
                    item.identity,
                    published.unwrap_or(fetched_at),
                    published,
                    fetched_at,
                    item.title,
                    item.link,
                    item.author,
                    item.comments_url,
                    item.comments_feed_url,
                    item.comment_count,
                    item.media,
                ])?;
                if inserted > 0 {
                    fresh.push((tx.last_insert_rowid(), index));
                }
            }
        }
        // The block prepared with the feed holds every item's body; when only some are new, a
        // block of just theirs (the k-th fresh item is the k-th in either).
        let just_fresh;
        let fresh_indices = fresh.iter().map(|&(_, index)| index);
        let block = match &update.feed.block {
            Ok(block) if fresh.len() == items.len() => block.as_ref(),
            Ok(None) => None,
            Ok(Some(all)) => {
                just_fresh = all.select(fresh_indices).map_err(StoreError::Compress)?;
                just_fresh.as_ref()
            }
            // Compressing failed beside the parsing: the bodies are still in the items.
            Err(_) => {
                just_fresh = bodies::block_of(fresh_indices.map(|index| items[index].body.as_deref()))
                    .map_err(StoreError::Compress)?;
                just_fresh.as_ref()
            }
        };
        let block_id = match block {
            Some(block) => {
                tx.prepare_cached("INSERT INTO body_blocks (data) VALUES (?1)")?
                    .execute([&block.data])?;
                Some(tx.last_insert_rowid())
            }
            None => None,
        };
        {
            let mut insert_body = tx.prepare_cached(
                "INSERT INTO item_bodies (item_id, enclosures, block_id, block_start, block_len)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            for (k, &(item_id, index)) in fresh.iter().enumerate() {
                let item = &items[index];
                let range = block.and_then(|b| b.ranges.get(k).copied().flatten());
                let (start, len) = match range {
                    Some((start, len)) => (i64::try_from(start).ok(), i64::try_from(len).ok()),
                    None => (None, None),
                };
                insert_body.execute(params![
                    item_id,
                    item.enclosures_json,
                    range.and(block_id),
                    start,
                    len
                ])?;
            }
        }
        let identities: Vec<&str> = items.iter().map(|item| item.identity.as_str()).collect();
        Store::forget_removed_items(&tx, id, &identities)?;
        let new_items = fresh.len();
        tx.commit()?;
        Ok(new_items)
    }

    /// A conditional GET answered 304: only the fetch time changes, and any old error is cleared.
    pub fn record_unchanged(&self, id: FeedId, fetched_at: DateTime<Utc>) -> Result<(), StoreError> {
        self.conn
            .prepare_cached("UPDATE feeds SET last_fetch = ?2, last_error = NULL WHERE id = ?1")?
            .execute(params![id, to_timestamp(fetched_at)])?;
        Ok(())
    }

    /// When `id` is fetched again (written after each refresh of it, whatever came of it).
    pub fn set_schedule(&self, id: FeedId, schedule: &Schedule) -> Result<(), StoreError> {
        self.conn
            .prepare_cached(
                "UPDATE feeds SET next_fetch = ?2, failures = ?3, interval_secs = ?4 WHERE id = ?1",
            )?
            .execute(params![
                id,
                schedule.next_fetch.map(to_timestamp),
                schedule.failures,
                schedule.interval_secs
            ])?;
        Ok(())
    }

    /// A failed refresh: the error is kept for the feeds list; the feed's items are untouched.
    pub fn record_error(&self, id: FeedId, error: &str, fetched_at: DateTime<Utc>) -> Result<(), StoreError> {
        self.conn
            .prepare_cached("UPDATE feeds SET last_fetch = ?2, last_error = ?3 WHERE id = ?1")?
            .execute(params![id, to_timestamp(fetched_at), error])?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::store::ItemQuery;
    use crate::store::test_support::{body, incoming_item, store_with_items, subscribe_with};

    #[test]
    fn a_failed_update_in_a_group_undoes_only_itself() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("f.db")).unwrap();
        let (id, _) = store.subscribe("https://e.example/feed", None, &[]).unwrap();
        let prepared = |items| {
            PreparedFeed::new(IncomingFeed {
                title: Some("E".into()),
                site_url: None,
                items,
            })
        };
        let good = prepared(vec![incoming_item("1", "one"), incoming_item("2", "two")]);
        let doomed = prepared(vec![incoming_item("3", "three")]);
        let update = |feed| FeedUpdate {
            feed,
            etag: None,
            last_modified: None,
            fetched_at: Utc::now(),
        };
        let (other, _) = store.subscribe("https://e.example/other", None, &[]).unwrap();
        // A write that fails halfway: after the doomed feed's items, at their bodies.
        store
            .conn
            .execute_batch(
                "CREATE TEMP TRIGGER disk_trouble BEFORE INSERT ON item_bodies
                 WHEN NEW.item_id IN (SELECT id FROM items WHERE identity = '3')
                 BEGIN SELECT RAISE(ABORT, 'disk trouble'); END;",
            )
            .unwrap();
        let results = store
            .in_one_transaction(|store| {
                let failed = store.store_feed_update(other, &update(&doomed));
                let stored = store.store_feed_update(id, &update(&good));
                (failed.is_err(), stored.unwrap())
            })
            .unwrap();
        assert_eq!(results, (true, 2));
        let stored: Vec<String> = store
            .conn
            .prepare("SELECT identity FROM items ORDER BY identity")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        assert_eq!(stored, ["1", "2"], "the failed feed left nothing, the other all");
        let bodies: i64 = store
            .conn
            .query_row("SELECT COUNT(*) FROM item_bodies", [], |r| r.get(0))
            .unwrap();
        assert_eq!(bodies, 2);
    }

    #[test]
    fn errors_are_recorded_and_cleared_and_unknown_targets_refused() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("f.db")).unwrap();
        let (id, _) = store.subscribe("https://e.example/feed", None, &[]).unwrap();
        store.record_error(id, "HTTP 500", Utc::now()).unwrap();
        assert_eq!(store.feeds().unwrap()[0].last_error.as_deref(), Some("HTTP 500"));
        store.record_unchanged(id, Utc::now()).unwrap();
        assert_eq!(store.feeds().unwrap()[0].last_error, None);
        assert!(matches!(
            store.refresh_targets(&["https://nope.example/".into()]),
            Err(StoreError::UnknownFeed(_))
        ));
    }

    #[test]
    fn an_update_with_some_new_items_stores_a_block_of_just_theirs_and_removal_frees_blocks() {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, _) = store_with_items(&dir, 3);
        let again: Vec<IncomingItem> = (2..5)
            .map(|n| IncomingItem {
                identity: format!("id-{n}"),
                title: Some(format!("Title {n} about rust")),
                body: Some(body(n)),
                ..IncomingItem::default()
            })
            .collect();
        // Items 2, 3, 4: only 3 and 4 are new.
        let feed = subscribe_with(&mut store, "https://e.example/f", again);
        let sizes: Vec<i64> = store
            .conn
            .prepare("SELECT length(data) FROM body_blocks ORDER BY id")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(sizes.len(), 2);
        let in_second: i64 = store
            .conn
            .query_row(
                "SELECT COUNT(*) FROM item_bodies WHERE block_id = (SELECT MAX(id) FROM body_blocks)",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(in_second, 2, "the second block holds the two new bodies only");
        for row in store.items(&ItemQuery::default()).unwrap() {
            let n: i64 = row
                .title
                .as_deref()
                .unwrap()
                .split(' ')
                .nth(1)
                .unwrap()
                .parse()
                .unwrap();
            assert_eq!(store.item(row.id).unwrap().unwrap().content.unwrap(), body(n));
        }
        assert!(store.unsubscribe("https://e.example/f").unwrap());
        let left: i64 = store
            .conn
            .query_row("SELECT COUNT(*) FROM body_blocks", [], |r| r.get(0))
            .unwrap();
        assert_eq!(left, 0, "a block goes with its last item (feed {feed})");
    }
}
