//! The reader's caches: extracted articles and comment threads (JSON strings written and read by
//! the article and comments rooms; this module never looks inside), and which comments of a thread
//! the user has seen (for "next new comment since the last visit").

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};

use super::{Store, StoreError, from_timestamp, to_timestamp};

impl Store {
    /// The cached article for `url`, as the JSON it was stored as.
    pub fn get_article(&self, url: &str) -> Result<Option<String>, StoreError> {
        self.get_cached("SELECT json FROM article_cache WHERE url = ?1", url)
    }

    /// Caches an article (replacing an older copy).
    pub fn put_article(&self, url: &str, json: &str) -> Result<(), StoreError> {
        self.put_cached(
            "INSERT OR REPLACE INTO article_cache (url, json, fetched) VALUES (?1, ?2, ?3)",
            url,
            json,
        )
    }

    /// The cached comment thread for `url`, as the JSON it was stored as.
    pub fn get_thread(&self, url: &str) -> Result<Option<String>, StoreError> {
        self.get_cached("SELECT json FROM thread_cache WHERE url = ?1", url)
    }

    /// The cached comment thread for `url` with when it was fetched: the reader shows it at once
    /// and fetches it again in the background when it is old.
    pub fn thread_entry(&self, url: &str) -> Result<Option<(String, DateTime<Utc>)>, StoreError> {
        let entry = self
            .conn
            .prepare_cached("SELECT json, fetched FROM thread_cache WHERE url = ?1")?
            .query_row([url], |row| Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?)))
            .optional()?;
        Ok(entry.and_then(|(json, fetched)| Some((json, from_timestamp(Some(fetched))?))))
    }

    /// Where the threads of the items at `url` (their link or their comments page) are cached:
    /// each item's comments page, else its link.
    pub fn thread_keys_for(&self, urls: &[&str]) -> Result<Vec<String>, StoreError> {
        let mut keys = Vec::new();
        let mut statement = self.conn.prepare_cached(
            "SELECT DISTINCT COALESCE(comments_url, link) FROM items WHERE link = ?1 OR comments_url = ?1",
        )?;
        for url in urls {
            for key in statement.query_map([url], |row| row.get::<_, String>(0))? {
                let key = key?;
                if !keys.contains(&key) {
                    keys.push(key);
                }
            }
        }
        Ok(keys)
    }

    /// Caches a comment thread (replacing an older copy).
    pub fn put_thread(&self, url: &str, json: &str) -> Result<(), StoreError> {
        self.put_cached(
            "INSERT OR REPLACE INTO thread_cache (url, json, fetched) VALUES (?1, ?2, ?3)",
            url,
            json,
        )
    }

    /// The ids of the comments of `thread_url` the user has already seen.
    pub fn seen_comment_ids(&self, thread_url: &str) -> Result<HashSet<String>, StoreError> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT comment_id FROM seen_comments WHERE thread_url = ?1")?;
        let ids = statement.query_map([thread_url], |row| row.get(0))?;
        Ok(ids.collect::<Result<_, _>>()?)
    }

    /// Remembers that these comments of `thread_url` have been seen.
    pub fn mark_comments_seen(&mut self, thread_url: &str, comment_ids: &[String]) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        {
            let mut insert = tx.prepare_cached(
                "INSERT OR IGNORE INTO seen_comments (thread_url, comment_id) VALUES (?1, ?2)",
            )?;
            for id in comment_ids {
                insert.execute(params![thread_url, id])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    fn get_cached(&self, sql: &str, url: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .prepare_cached(sql)?
            .query_row([url], |row| row.get(0))
            .optional()?)
    }

    fn put_cached(&self, sql: &str, url: &str, json: &str) -> Result<(), StoreError> {
        self.conn
            .prepare_cached(sql)?
            .execute(params![url, json, to_timestamp(Utc::now())])?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn caches_round_trip_and_replace() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("c.db")).unwrap();
        assert_eq!(store.get_article("https://e.example/a").unwrap(), None);
        store
            .put_article("https://e.example/a", r#"{"title":"v1"}"#)
            .unwrap();
        store
            .put_article("https://e.example/a", r#"{"title":"v2"}"#)
            .unwrap();
        assert_eq!(
            store.get_article("https://e.example/a").unwrap().as_deref(),
            Some(r#"{"title":"v2"}"#)
        );
        store.put_thread("https://e.example/a", "[]").unwrap();
        assert_eq!(
            store.get_thread("https://e.example/a").unwrap().as_deref(),
            Some("[]")
        );
        assert_eq!(store.get_thread("https://e.example/b").unwrap(), None);
        let (json, fetched) = store.thread_entry("https://e.example/a").unwrap().unwrap();
        assert_eq!(json, "[]");
        assert!((Utc::now() - fetched).num_seconds().abs() < 5);
        assert_eq!(store.thread_entry("https://e.example/b").unwrap(), None);

        store
            .mark_comments_seen("https://e.example/a", &["c1".into(), "c2".into()])
            .unwrap();
        store
            .mark_comments_seen("https://e.example/a", &["c2".into(), "c3".into()])
            .unwrap();
        let seen = store.seen_comment_ids("https://e.example/a").unwrap();
        assert_eq!(seen.len(), 3);
        assert!(seen.contains("c3"));
        assert!(
            store
                .seen_comment_ids("https://e.example/other")
                .unwrap()
                .is_empty()
        );
    }
}
