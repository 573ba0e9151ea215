//! What discussion sites said about an article (JSON written and read by the discussions room;
//! this module never looks inside), and the items whose link is an article, for the discussion
//! their feed attached to them.

use chrono::{DateTime, Duration, Utc};
use rusqlite::{OptionalExtension, params};

use super::{Store, StoreError, from_timestamp, to_timestamp};

/// Answers older than this are dropped when a new one is written: nobody asks for them again.
const KEPT: Duration = Duration::days(7);

/// An item's own discussion, as its feed gave it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedDiscussion {
    pub item_title: Option<String>,
    pub comments_url: String,
    pub comment_count: Option<u32>,
    pub published: Option<DateTime<Utc>>,
}

impl Store {
    /// What `site` said about `article` (a normalised address), with when.
    pub fn discussion_answer(
        &self,
        article: &str,
        site: &str,
    ) -> Result<Option<(String, DateTime<Utc>)>, StoreError> {
        let entry = self
            .conn
            .prepare_cached("SELECT json, fetched FROM discussion_cache WHERE article = ?1 AND site = ?2")?
            .query_row(params![article, site], |row| {
                Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?))
            })
            .optional()?;
        Ok(entry.and_then(|(json, fetched)| Some((json, from_timestamp(Some(fetched))?))))
    }

    /// Remembers what `site` said about `article`, and forgets answers nobody will reuse.
    pub fn put_discussion_answer(&self, article: &str, site: &str, json: &str) -> Result<(), StoreError> {
        let now = Utc::now();
        self.conn
            .prepare_cached(
                "INSERT OR REPLACE INTO discussion_cache (article, site, json, fetched) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![article, site, json, to_timestamp(now)])?;
        self.conn
            .prepare_cached("DELETE FROM discussion_cache WHERE fetched < ?1")?
            .execute([to_timestamp(now - KEPT)])?;
        Ok(())
    }

    /// The comments links of the items whose link is one of `links`.
    pub fn feed_discussions(&self, links: &[&str]) -> Result<Vec<FeedDiscussion>, StoreError> {
        let mut found: Vec<FeedDiscussion> = Vec::new();
        let mut statement = self.conn.prepare_cached(
            "SELECT title, comments_url, comment_count, published FROM items
             WHERE link = ?1 AND comments_url IS NOT NULL AND comments_url <> link",
        )?;
        for link in links {
            let rows = statement.query_map([link], |row| {
                Ok(FeedDiscussion {
                    item_title: row.get(0)?,
                    comments_url: row.get(1)?,
                    comment_count: row.get(2)?,
                    published: from_timestamp(row.get(3)?),
                })
            })?;
            for row in rows {
                let row = row?;
                if !found.iter().any(|f| f.comments_url == row.comments_url) {
                    found.push(row);
                }
            }
        }
        Ok(found)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn answers_round_trip_replace_and_old_ones_go() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("d.db")).unwrap();
        assert_eq!(store.discussion_answer("e.example/a", "hn").unwrap(), None);
        store.put_discussion_answer("e.example/a", "hn", "[1]").unwrap();
        store.put_discussion_answer("e.example/a", "hn", "[2]").unwrap();
        store
            .put_discussion_answer("e.example/a", "reddit", "[3]")
            .unwrap();
        let (json, fetched) = store.discussion_answer("e.example/a", "hn").unwrap().unwrap();
        assert_eq!(json, "[2]");
        assert!((Utc::now() - fetched).num_seconds().abs() < 5);
        let old = to_timestamp(Utc::now() - Duration::days(8));
        store
            .conn
            .execute(
                "UPDATE discussion_cache SET fetched = ?1 WHERE site = 'reddit'",
                [old],
            )
            .unwrap();
        store.put_discussion_answer("e.example/b", "hn", "[]").unwrap();
        assert_eq!(store.discussion_answer("e.example/a", "reddit").unwrap(), None);
        assert!(store.discussion_answer("e.example/a", "hn").unwrap().is_some());
    }
}
