//! Subscriptions and what a refresh writes.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};

use super::bodies;
use super::{FeedId, PreparedFeed, Store, StoreError, from_timestamp, to_timestamp};
use crate::feed::Subscription;

/// A subscribed feed as the feeds list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedRow {
    pub id: FeedId,
    pub url: String,
    pub title: Option<String>,
    pub site_url: Option<String>,
    pub tags: Vec<String>,
    pub last_fetch: Option<DateTime<Utc>>,
    /// Why the last refresh of this feed failed; `None` after a success.
    pub last_error: Option<String>,
    pub unread: u64,
    pub total: u64,
}

/// What a refresh needs to fetch one feed conditionally.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefreshTarget {
    pub id: FeedId,
    pub url: String,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
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
    /// Subscribes to `url` (or, when already subscribed, adds the new tags and a missing title).
    /// Returns the feed's id and whether it is a new subscription.
    pub fn subscribe(&mut self, sub: &Subscription) -> Result<(FeedId, bool), StoreError> {
        let tx = self.conn.transaction()?;
        let existing: Option<FeedId> = tx
            .query_row("SELECT id FROM feeds WHERE url = ?1", [&sub.url], |row| {
                row.get(0)
            })
            .optional()?;
        let (id, created) = match existing {
            Some(id) => {
                tx.execute(
                    "UPDATE feeds SET title = COALESCE(title, ?2) WHERE id = ?1",
                    params![id, sub.title],
                )?;
                (id, false)
            }
            None => {
                tx.execute(
                    "INSERT INTO feeds (url, title, added) VALUES (?1, ?2, ?3)",
                    params![sub.url, sub.title, to_timestamp(Utc::now())],
                )?;
                (tx.last_insert_rowid(), true)
            }
        };
        for tag in &sub.tags {
            tx.execute(
                "INSERT OR IGNORE INTO feed_tags (feed_id, tag) VALUES (?1, ?2)",
                params![id, tag],
            )?;
        }
        tx.commit()?;
        Ok((id, created))
    }

    /// Unsubscribes from `url`, dropping its items. Returns false when it was not subscribed.
    pub fn unsubscribe(&mut self, url: &str) -> Result<bool, StoreError> {
        Ok(self.conn.execute("DELETE FROM feeds WHERE url = ?1", [url])? > 0)
    }

    /// The feed subscribed at `url`, if any.
    pub fn feed_id(&self, url: &str) -> Result<Option<FeedId>, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT id FROM feeds WHERE url = ?1", [url], |row| row.get(0))
            .optional()?)
    }

    /// Every feed with its unread and total counts, by title (then URL).
    pub fn feeds(&self) -> Result<Vec<FeedRow>, StoreError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT f.id, f.url, f.title, f.site_url, f.last_fetch, f.last_error,
                    (SELECT group_concat(tag, char(10)) FROM feed_tags WHERE feed_id = f.id),
                    COALESCE(c.unread, 0), COALESCE(c.total, 0)
             FROM feeds f
             LEFT JOIN (SELECT feed_id, SUM(read = 0) AS unread, COUNT(*) AS total
                        FROM items GROUP BY feed_id) c ON c.feed_id = f.id
             ORDER BY lower(COALESCE(f.title, f.url)), f.url",
        )?;
        let rows = statement.query_map([], |row| {
            let tags: Option<String> = row.get(6)?;
            Ok(FeedRow {
                id: row.get(0)?,
                url: row.get(1)?,
                title: row.get(2)?,
                site_url: row.get(3)?,
                last_fetch: from_timestamp(row.get(4)?),
                last_error: row.get(5)?,
                tags: tags
                    .map(|t| t.split('\n').map(str::to_string).collect())
                    .unwrap_or_default(),
                unread: row.get::<_, i64>(7)?.unsigned_abs(),
                total: row.get::<_, i64>(8)?.unsigned_abs(),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every subscription with its title and tags, for export.
    pub fn subscriptions(&self) -> Result<Vec<Subscription>, StoreError> {
        Ok(self
            .feeds()?
            .into_iter()
            .map(|feed| Subscription {
                url: feed.url,
                title: feed.title,
                tags: feed.tags,
            })
            .collect())
    }

    /// The feeds to refresh: all of them when `urls` is empty, else those (each must be subscribed).
    pub fn refresh_targets(&self, urls: &[String]) -> Result<Vec<RefreshTarget>, StoreError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT id, url, etag, last_modified FROM feeds WHERE ?1 IS NULL OR url = ?1 ORDER BY id",
        )?;
        let mut read = |url: Option<&str>| -> Result<Vec<RefreshTarget>, StoreError> {
            let rows = statement.query_map([url], |row| {
                Ok(RefreshTarget {
                    id: row.get(0)?,
                    url: row.get(1)?,
                    etag: row.get(2)?,
                    last_modified: row.get(3)?,
                })
            })?;
            Ok(rows.collect::<Result<_, _>>()?)
        };
        if urls.is_empty() {
            return read(None);
        }
        let mut targets = Vec::with_capacity(urls.len());
        for url in urls {
            let found = read(Some(url))?;
            if found.is_empty() {
                return Err(StoreError::UnknownFeed(url.clone()));
            }
            targets.extend(found);
        }
        Ok(targets)
    }

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
            let mut insert_item = tx.prepare_cached(
                "INSERT INTO items (feed_id, identity, sorted_at, published, first_seen, title, link, author,
                                    comments_url, comments_feed_url, comment_count)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
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
                just_fresh = bodies::block_of(fresh_indices.map(|index| &items[index]))
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
                let enclosures = if item.enclosures.is_empty() {
                    None
                } else {
                    serde_json::to_string(&item.enclosures).ok()
                };
                let (start, len) = match range {
                    Some((start, len)) => (i64::try_from(start).ok(), i64::try_from(len).ok()),
                    None => (None, None),
                };
                insert_body.execute(params![item_id, enclosures, range.and(block_id), start, len])?;
            }
        }
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
    use crate::feed::{ParsedFeed, ParsedItem};

    pub(crate) fn item(identity: &str, title: &str) -> ParsedItem {
        ParsedItem {
            identity: identity.into(),
            title: Some(title.into()),
            link: Some(format!("https://e.example/{identity}")),
            content: Some(format!("<p>{title} body</p>")),
            ..ParsedItem::default()
        }
    }

    fn sub(url: &str, tags: &[&str]) -> Subscription {
        Subscription {
            url: url.into(),
            title: None,
            tags: tags.iter().map(|t| t.to_string()).collect(),
        }
    }

    #[test]
    fn subscribe_merges_tags_and_unsubscribe_drops_items() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("f.db")).unwrap();
        let (id, created) = store
            .subscribe(&sub("https://e.example/feed", &["news"]))
            .unwrap();
        assert!(created);
        let (again, created) = store
            .subscribe(&sub("https://e.example/feed", &["news", "daily"]))
            .unwrap();
        assert_eq!((again, created), (id, false));
        let feed = ParsedFeed {
            title: Some("E".into()),
            site_url: None,
            items: vec![item("1", "one"), item("2", "two")],
        };
        let update = FeedUpdate {
            feed: &PreparedFeed::new(feed),
            etag: Some("\"v1\""),
            last_modified: None,
            fetched_at: Utc::now(),
        };
        assert_eq!(store.store_feed_update(id, &update).unwrap(), 2);
        assert_eq!(
            store.store_feed_update(id, &update).unwrap(),
            0,
            "a second store adds no duplicates"
        );
        let feeds = store.feeds().unwrap();
        assert_eq!(feeds[0].tags, ["daily", "news"]);
        assert_eq!((feeds[0].unread, feeds[0].total), (2, 2));
        assert_eq!(feeds[0].title.as_deref(), Some("E"));
        assert_eq!(
            store.refresh_targets(&[]).unwrap()[0].etag.as_deref(),
            Some("\"v1\"")
        );
        assert!(store.unsubscribe("https://e.example/feed").unwrap());
        let left: i64 = store
            .conn
            .query_row("SELECT COUNT(*) FROM items", [], |r| r.get(0))
            .unwrap();
        assert_eq!(left, 0);
        assert!(!store.unsubscribe("https://e.example/feed").unwrap());
    }

    #[test]
    fn a_failed_update_in_a_group_undoes_only_itself() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("f.db")).unwrap();
        let (id, _) = store.subscribe(&sub("https://e.example/feed", &[])).unwrap();
        let prepared = |items| {
            PreparedFeed::new(ParsedFeed {
                title: Some("E".into()),
                site_url: None,
                items,
            })
        };
        let good = prepared(vec![item("1", "one"), item("2", "two")]);
        let doomed = prepared(vec![item("3", "three")]);
        let update = |feed| FeedUpdate {
            feed,
            etag: None,
            last_modified: None,
            fetched_at: Utc::now(),
        };
        let (other, _) = store.subscribe(&sub("https://e.example/other", &[])).unwrap();
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
        let (id, _) = store.subscribe(&sub("https://e.example/feed", &[])).unwrap();
        store.record_error(id, "HTTP 500", Utc::now()).unwrap();
        assert_eq!(store.feeds().unwrap()[0].last_error.as_deref(), Some("HTTP 500"));
        store.record_unchanged(id, Utc::now()).unwrap();
        assert_eq!(store.feeds().unwrap()[0].last_error, None);
        assert!(matches!(
            store.refresh_targets(&["https://nope.example/".into()]),
            Err(StoreError::UnknownFeed(_))
        ));
    }
}
