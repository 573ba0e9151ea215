//! The reader's caches: extracted articles and comment threads (JSON strings written and read by
//! the article and comments rooms; this module never looks inside), and which comments of a thread
//! the user has seen (for "next new comment since the last visit").

use std::collections::HashSet;

use chrono::Utc;
use rusqlite::{OptionalExtension, params};

use super::{Store, StoreError, to_timestamp};

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
