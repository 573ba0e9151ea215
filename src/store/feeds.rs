//! Subscriptions: subscribing and unsubscribing, the feeds list with its counts, and what a
//! refresh needs to fetch each feed.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};

use super::{FeedId, Store, StoreError, from_timestamp, to_timestamp};

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
    /// Not fetched by a refresh of all feeds before then (`None`: the next one fetches it).
    pub next_fetch: Option<DateTime<Utc>>,
    pub unread: u64,
    pub total: u64,
}

/// What a refresh needs to fetch one feed conditionally, and to decide whether to fetch it now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefreshTarget {
    pub id: FeedId,
    pub url: String,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub schedule: Schedule,
}

/// When a feed is fetched again, and what that was decided from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Schedule {
    /// Not before then; `None` is now.
    pub next_fetch: Option<DateTime<Utc>>,
    /// Failed refreshes in a row.
    pub failures: u32,
    /// How often the feed asks to be fetched (RSS ttl, sy:updatePeriod), in seconds.
    pub interval_secs: Option<u32>,
}

impl Store {
    /// Subscribes to `url` (or, when already subscribed, adds the new tags and a missing title).
    /// Returns the feed's id and whether it is a new subscription.
    pub fn subscribe(
        &mut self,
        url: &str,
        title: Option<&str>,
        tags: &[String],
    ) -> Result<(FeedId, bool), StoreError> {
        let tx = self.conn.transaction()?;
        let existing: Option<FeedId> = tx
            .query_row("SELECT id FROM feeds WHERE url = ?1", [url], |row| row.get(0))
            .optional()?;
        let (id, created) = match existing {
            Some(id) => {
                tx.execute(
                    "UPDATE feeds SET title = COALESCE(title, ?2) WHERE id = ?1",
                    params![id, title],
                )?;
                (id, false)
            }
            None => {
                tx.execute(
                    "INSERT INTO feeds (url, title, added) VALUES (?1, ?2, ?3)",
                    params![url, title, to_timestamp(Utc::now())],
                )?;
                (tx.last_insert_rowid(), true)
            }
        };
        for tag in tags {
            tx.execute(
                "INSERT OR IGNORE INTO feed_tags (feed_id, tag) VALUES (?1, ?2)",
                params![id, tag],
            )?;
        }
        tx.commit()?;
        Ok((id, created))
    }

    /// Unsubscribes from `url`, dropping its items and their cached articles and threads, and
    /// gives the space back. Returns false when it was not subscribed.
    pub fn unsubscribe(&mut self, url: &str) -> Result<bool, StoreError> {
        let tx = self.conn.transaction()?;
        let removed = tx.execute("DELETE FROM feeds WHERE url = ?1", [url])? > 0;
        if removed {
            super::retention::drop_orphan_caches(&tx)?;
        }
        tx.commit()?;
        if removed && let Err(error) = self.give_back_space() {
            tracing::warn!("the space an unsubscribed feed freed is kept for now: {error}");
        }
        Ok(removed)
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
                    COALESCE(c.unread, 0), COALESCE(c.total, 0), f.next_fetch
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
                next_fetch: from_timestamp(row.get(9)?),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The feeds to refresh: all of them when `urls` is empty, else those (each must be subscribed).
    pub fn refresh_targets(&self, urls: &[String]) -> Result<Vec<RefreshTarget>, StoreError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT id, url, etag, last_modified, next_fetch, failures, interval_secs
             FROM feeds WHERE ?1 IS NULL OR url = ?1 ORDER BY id",
        )?;
        let mut read = |url: Option<&str>| -> Result<Vec<RefreshTarget>, StoreError> {
            let rows = statement.query_map([url], |row| {
                Ok(RefreshTarget {
                    id: row.get(0)?,
                    url: row.get(1)?,
                    etag: row.get(2)?,
                    last_modified: row.get(3)?,
                    schedule: Schedule {
                        next_fetch: from_timestamp(row.get(4)?),
                        failures: row.get(5)?,
                        interval_secs: row.get(6)?,
                    },
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
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::store::test_support::incoming_item;
    use crate::store::{FeedUpdate, IncomingFeed, PreparedFeed};

    fn tags(names: &[&str]) -> Vec<String> {
        names.iter().map(|t| t.to_string()).collect()
    }

    #[test]
    fn subscribe_merges_tags_and_unsubscribe_drops_items() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("f.db")).unwrap();
        let (id, created) = store
            .subscribe("https://e.example/feed", None, &tags(&["news"]))
            .unwrap();
        assert!(created);
        let (again, created) = store
            .subscribe("https://e.example/feed", None, &tags(&["news", "daily"]))
            .unwrap();
        assert_eq!((again, created), (id, false));
        let feed = IncomingFeed {
            title: Some("E".into()),
            site_url: None,
            items: vec![incoming_item("1", "one"), incoming_item("2", "two")],
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
}
