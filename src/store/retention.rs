//! Retention: what the database lets go of, so that it does not only grow. At each refresh, read
//! and unstarred items older than the kept days, or beyond their feed's kept number, are removed
//! with their bodies, their place in search and their cached article and thread; starred and
//! unread items never are. A removed item leaves its identity behind (`removed_items`), so that
//! a feed still carrying it does not bring it back as new. Unsubscribing removes a feed's caches
//! too.
//!
//! The space comes back by SQLite's incremental vacuum: a new database is made with it on, and an
//! older one is converted (one VACUUM) the first time retention frees a good part of it. No
//! command to remember, and the cost is only the pages actually freed.

use chrono::{DateTime, Duration, Utc};
use rusqlite::params;

use super::{Store, StoreError, to_timestamp};

/// What is kept of read, unstarred items; `None` keeps them all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Retention {
    /// Days an item is kept after both its date and its arrival.
    pub keep_days: Option<u32>,
    /// The newest items of each feed kept, read or not.
    pub max_items_per_feed: Option<u32>,
}

/// What a pass of retention removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Removed {
    pub items: usize,
}

/// Free pages below which an old database is not converted to incremental vacuum: converting
/// rewrites the whole file once.
const CONVERT_AT_FREE_PAGES: i64 = 256;

impl Store {
    /// Removes the read, unstarred items `retention` lets go of (as of `now`), with their caches.
    pub fn apply_retention(
        &mut self,
        retention: &Retention,
        now: DateTime<Utc>,
    ) -> Result<Removed, StoreError> {
        if retention.keep_days.is_none() && retention.max_items_per_feed.is_none() {
            return Ok(Removed::default());
        }
        let tx = self.conn.transaction()?;
        tx.execute_batch(
            "CREATE TEMP TABLE IF NOT EXISTS doomed (id INTEGER PRIMARY KEY); DELETE FROM temp.doomed;",
        )?;
        if let Some(days) = retention.keep_days {
            let cutoff = now - Duration::days(i64::from(days));
            tx.execute(
                "INSERT OR IGNORE INTO temp.doomed (id)
                 SELECT id FROM items
                 WHERE read = 1 AND starred = 0 AND MAX(sorted_at, first_seen) < ?1",
                [to_timestamp(cutoff)],
            )?;
        }
        if let Some(kept) = retention.max_items_per_feed {
            tx.execute(
                "INSERT OR IGNORE INTO temp.doomed (id)
                 SELECT id FROM (
                     SELECT id, read, starred,
                            ROW_NUMBER() OVER (PARTITION BY feed_id ORDER BY sorted_at DESC, id DESC) AS place
                     FROM items)
                 WHERE place > ?1 AND read = 1 AND starred = 0",
                [kept],
            )?;
        }
        tx.execute_batch(
            "INSERT OR IGNORE INTO removed_items (feed_id, identity)
                 SELECT feed_id, identity FROM items WHERE id IN (SELECT id FROM temp.doomed);",
        )?;
        let items = tx.execute("DELETE FROM items WHERE id IN (SELECT id FROM temp.doomed)", [])?;
        tx.execute_batch("DELETE FROM temp.doomed;")?;
        if items > 0 {
            drop_orphan_caches(&tx)?;
        }
        tx.commit()?;
        Ok(Removed { items })
    }

    /// Gives the database's free pages back to the file system. Best done after removing much;
    /// cheap when there is nothing to give.
    pub fn give_back_space(&mut self) -> Result<(), StoreError> {
        let pragma = |name: &str| -> Result<i64, StoreError> {
            Ok(self
                .conn
                .query_row(&format!("PRAGMA {name}"), [], |row| row.get(0))?)
        };
        let (mode, free) = (pragma("auto_vacuum")?, pragma("freelist_count")?);
        match mode {
            // A database made before retention: converted once, when it is worth a rewrite.
            0 if free >= CONVERT_AT_FREE_PAGES => {
                self.conn
                    .execute_batch("PRAGMA auto_vacuum = INCREMENTAL; VACUUM;")?;
            }
            // Each step of the pragma frees one page: stepped to the end.
            2 if free > 0 => {
                let mut vacuum = self.conn.prepare("PRAGMA incremental_vacuum")?;
                let mut steps = vacuum.query([])?;
                while steps.next()?.is_some() {}
            }
            _ => {}
        }
        Ok(())
    }

    /// Forgets the identities of removed items that `feed` no longer carries (its current items
    /// are `identities`): they cannot come back.
    pub(super) fn forget_removed_items(
        tx: &rusqlite::Savepoint<'_>,
        feed: i64,
        identities: &[&str],
    ) -> Result<(), StoreError> {
        let any: bool = tx
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM removed_items WHERE feed_id = ?1)")?
            .query_row([feed], |row| row.get(0))?;
        if any {
            let current = serde_json::to_string(identities).unwrap_or_else(|_| "[]".into());
            tx.prepare_cached(
                "DELETE FROM removed_items
                 WHERE feed_id = ?1 AND identity NOT IN (SELECT value FROM json_each(?2))",
            )?
            .execute(params![feed, current])?;
        }
        Ok(())
    }
}

/// Removes the cached articles and threads, and the seen-comment marks, that no item refers to
/// any more (articles are cached by an item's link, threads by its comments page or its link).
pub(super) fn drop_orphan_caches(conn: &rusqlite::Connection) -> Result<(), StoreError> {
    conn.execute_batch(
        "DELETE FROM article_cache WHERE url NOT IN (SELECT link FROM items WHERE link IS NOT NULL);
         CREATE TEMP TABLE IF NOT EXISTS thread_keys (url TEXT PRIMARY KEY) WITHOUT ROWID;
         DELETE FROM temp.thread_keys;
         INSERT OR IGNORE INTO temp.thread_keys (url)
             SELECT COALESCE(comments_url, link) FROM items WHERE COALESCE(comments_url, link) IS NOT NULL;
         DELETE FROM thread_cache WHERE url NOT IN (SELECT url FROM temp.thread_keys);
         DELETE FROM seen_comments WHERE thread_url NOT IN (SELECT url FROM temp.thread_keys);
         DELETE FROM temp.thread_keys;",
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::store::test_support::{bulky_items, incoming_item, plain, subscribe_with};
    use crate::store::{FeedUpdate, IncomingFeed, IncomingItem, ItemQuery, PreparedFeed};

    const FEED: &str = "https://e.example/f";

    fn count(store: &Store, sql: &str) -> i64 {
        store.conn.query_row(sql, [], |row| row.get(0)).unwrap()
    }

    fn id_of(store: &Store, identity: &str) -> i64 {
        store
            .conn
            .query_row("SELECT id FROM items WHERE identity = ?1", [identity], |r| {
                r.get(0)
            })
            .unwrap()
    }

    /// Items arrived and dated `days` ago.
    fn age(store: &Store, identity: &str, days: i64) {
        let then = to_timestamp(Utc::now() - Duration::days(days));
        store
            .conn
            .execute(
                "UPDATE items SET sorted_at = ?2, first_seen = ?2 WHERE identity = ?1",
                params![identity, then],
            )
            .unwrap();
    }

    fn items_titled(store: &Store) -> Vec<String> {
        let mut titles: Vec<String> = (store.items(&ItemQuery::default()).unwrap().into_iter())
            .filter_map(|row| row.title)
            .collect();
        titles.sort();
        titles
    }

    fn update(store: &mut Store, feed: i64, items: Vec<IncomingItem>) -> usize {
        let incoming = IncomingFeed {
            title: Some("E".into()),
            site_url: None,
            items,
        };
        let update = FeedUpdate {
            feed: &PreparedFeed::new(incoming),
            etag: None,
            last_modified: None,
            fetched_at: Utc::now(),
        };
        store.store_feed_update(feed, &update).unwrap()
    }

    fn items(identities: &[&str]) -> Vec<IncomingItem> {
        identities
            .iter()
            .map(|id| IncomingItem {
                comments_url: Some(format!("https://e.example/{id}#comments")),
                ..incoming_item(id, &format!("{id} title"))
            })
            .collect()
    }

    #[test]
    fn old_read_items_go_with_their_caches_and_search_and_do_not_come_back() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("r.db")).unwrap();
        let feed = subscribe_with(&mut store, FEED, items(&["old", "starred", "unread", "recent"]));
        for id in ["old", "starred", "unread"] {
            age(&store, id, 100);
        }
        for id in ["old", "starred", "recent"] {
            store.set_read(id_of(&store, id), true).unwrap();
        }
        store.set_starred(id_of(&store, "starred"), true).unwrap();
        for id in ["old", "recent"] {
            let link = format!("https://e.example/{id}");
            store.put_article(&link, "{}").unwrap();
            store.put_thread(&format!("{link}#comments"), "[]").unwrap();
            store
                .mark_comments_seen(&format!("{link}#comments"), &["c1".into()])
                .unwrap();
        }
        assert_eq!(store.search("old", 10, plain).unwrap().len(), 1);

        let keep = Retention {
            keep_days: Some(90),
            max_items_per_feed: None,
        };
        assert_eq!(
            store.apply_retention(&keep, Utc::now()).unwrap(),
            Removed { items: 1 }
        );
        assert_eq!(
            items_titled(&store),
            ["recent title", "starred title", "unread title"]
        );
        assert!(
            store.search("old", 10, plain).unwrap().is_empty(),
            "search follows"
        );
        assert_eq!(store.get_article("https://e.example/old").unwrap(), None);
        assert_eq!(store.get_thread("https://e.example/old#comments").unwrap(), None);
        assert!(
            store
                .seen_comment_ids("https://e.example/old#comments")
                .unwrap()
                .is_empty()
        );
        assert!(store.get_article("https://e.example/recent").unwrap().is_some());
        assert!(
            store
                .get_thread("https://e.example/recent#comments")
                .unwrap()
                .is_some()
        );
        assert_eq!(count(&store, "SELECT COUNT(*) FROM item_bodies"), 3);

        // The feed still carries the removed item: it is not new again.
        let all = ["old", "starred", "unread", "recent"];
        assert_eq!(update(&mut store, feed, items(&all)), 0);
        assert_eq!(items_titled(&store).len(), 3);
        assert_eq!(count(&store, "SELECT COUNT(*) FROM removed_items"), 1);
        // Once the feed has dropped it, its identity is forgotten too.
        assert_eq!(update(&mut store, feed, items(&["unread", "newer"])), 1);
        assert_eq!(count(&store, "SELECT COUNT(*) FROM removed_items"), 0);
    }

    #[test]
    fn a_feed_keeps_its_newest_items_and_every_starred_or_unread_one() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("r.db")).unwrap();
        let ids = ["a", "b", "c", "d", "e"];
        subscribe_with(&mut store, FEED, items(&ids));
        subscribe_with(&mut store, "https://e.example/other", items(&["x"]));
        // Oldest first: a is 5 days old, e 1 day.
        for (days, id) in (1..).zip(ids.iter().rev()) {
            age(&store, id, days);
        }
        store.conn.execute_batch("UPDATE items SET read = 1").unwrap();
        store.set_starred(id_of(&store, "a"), true).unwrap();
        store.set_read(id_of(&store, "b"), false).unwrap();
        let newest_two = Retention {
            keep_days: None,
            max_items_per_feed: Some(2),
        };
        assert_eq!(store.apply_retention(&newest_two, Utc::now()).unwrap().items, 1);
        assert_eq!(
            items_titled(&store),
            ["a title", "b title", "d title", "e title", "x title"],
            "c is read, unstarred and third newest; a is starred, b unread"
        );
        assert_eq!(
            store
                .apply_retention(&Retention::default(), Utc::now())
                .unwrap()
                .items,
            0,
            "no retention, nothing removed"
        );
    }

    #[test]
    fn unsubscribing_removes_the_feed_s_caches() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("r.db")).unwrap();
        subscribe_with(&mut store, FEED, items(&["mine"]));
        subscribe_with(&mut store, "https://e.example/other", items(&["theirs"]));
        for id in ["mine", "theirs"] {
            let link = format!("https://e.example/{id}");
            store.put_article(&link, "{}").unwrap();
            store.put_thread(&format!("{link}#comments"), "[]").unwrap();
        }
        assert!(store.unsubscribe(FEED).unwrap());
        assert_eq!(store.get_article("https://e.example/mine").unwrap(), None);
        assert_eq!(store.get_thread("https://e.example/mine#comments").unwrap(), None);
        assert!(store.get_article("https://e.example/theirs").unwrap().is_some());
        assert!(
            store
                .get_thread("https://e.example/theirs#comments")
                .unwrap()
                .is_some()
        );
    }

    #[test]
    fn the_space_of_removed_items_goes_back_to_the_file_system() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.db");
        let mut store = Store::open(&path).unwrap();
        assert_eq!(
            count(&store, "PRAGMA auto_vacuum"),
            2,
            "a new database vacuums incrementally"
        );
        subscribe_with(&mut store, FEED, bulky_items(1000));
        subscribe_with(&mut store, "https://e.example/small", items(&["kept"]));
        let before = count(&store, "PRAGMA page_count");
        assert!(before > 700, "{before} pages");
        store.mark_feed_read(1).unwrap();
        store
            .conn
            .execute_batch("UPDATE items SET first_seen = 0, sorted_at = 0 WHERE feed_id = 1")
            .unwrap();
        let keep = Retention {
            keep_days: Some(1),
            max_items_per_feed: None,
        };
        assert_eq!(store.apply_retention(&keep, Utc::now()).unwrap().items, 1000);
        store.give_back_space().unwrap();
        let after = count(&store, "PRAGMA page_count");
        assert!(after * 4 < before, "{before} pages, then {after}");
        assert_eq!(count(&store, "PRAGMA freelist_count"), 0);
        assert_eq!(items_titled(&store), ["kept title"]);
    }
}
