//! Full-text search: items are added to the index lazily, in batches, their bodies made plain
//! text by the caller's function; a search asks for every word of the user's text.

use rusqlite::params;

use super::bodies::StoredBody;
use super::rows::{ItemRow, ROW_COLUMNS, read_row};
use super::{Store, StoreError};

/// Turns a stored body into the plain text the index keeps (the caller knows its markup).
pub type PlainText = fn(&str) -> String;

impl Store {
    /// Brings full-text search up to date: every item stored since the last call, in batches.
    /// Returns how many were added.
    pub fn update_search_index(&mut self, plain_text: PlainText) -> Result<usize, StoreError> {
        let mut added = 0;
        loop {
            let batch = self.index_search_batch(SEARCH_INDEX_BATCH, plain_text)?;
            added += batch;
            if batch < SEARCH_INDEX_BATCH {
                return Ok(added);
            }
        }
    }

    /// Adds up to `limit` items not yet in full-text search (title and whole text), in one
    /// transaction; returns how many. Small batches let a caller that shares the database with a
    /// screen index in the background without holding the screen's queries for long.
    pub fn index_search_batch(&mut self, limit: usize, plain_text: PlainText) -> Result<usize, StoreError> {
        let tx = self.conn.transaction()?;
        let done: i64 = tx.query_row("SELECT indexed_up_to FROM search_progress", [], |row| row.get(0))?;
        let mut last = None;
        let mut added = 0;
        {
            let mut pending = tx.prepare_cached(
                "SELECT i.id, i.title, b.content, b.block_id, b.block_start, b.block_len
                 FROM items i LEFT JOIN item_bodies b ON b.item_id = i.id
                 WHERE i.id > ?1 ORDER BY i.id LIMIT ?2",
            )?;
            let mut opened = None;
            let mut insert =
                tx.prepare_cached("INSERT INTO items_search (rowid, title, text) VALUES (?1, ?2, ?3)")?;
            let limit = i64::try_from(limit).unwrap_or(i64::MAX);
            let mut rows = pending.query(params![done, limit])?;
            while let Some(row) = rows.next()? {
                let id: i64 = row.get(0)?;
                let title: Option<String> = row.get(1)?;
                // A summary-only item's summary is its body.
                let text = StoredBody::read(row, 2)?
                    .text(&tx, &mut opened)?
                    .map(|body| plain_text(&body));
                insert.execute(params![id, title, text])?;
                last = Some(id);
                added += 1;
            }
        }
        if let Some(last) = last {
            tx.execute("UPDATE search_progress SET indexed_up_to = ?1", [last])?;
        }
        tx.commit()?;
        Ok(added)
    }

    /// Items whose title or text hold every word of `query`, best first. The index is brought up
    /// to date first.
    pub fn search(
        &mut self,
        query: &str,
        limit: usize,
        plain_text: PlainText,
    ) -> Result<Vec<ItemRow>, StoreError> {
        self.update_search_index(plain_text)?;
        let words = fts_words_query(query);
        if words.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT {ROW_COLUMNS} FROM items_search s JOIN items i ON i.id = s.rowid JOIN feeds f ON f.id = i.feed_id
             WHERE items_search MATCH ?1 ORDER BY s.rank LIMIT ?2"
        );
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut statement = self.conn.prepare_cached(&sql)?;
        let rows = statement.query_map(params![words, limit], read_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// Items added to search per transaction by [`Store::update_search_index`].
const SEARCH_INDEX_BATCH: usize = 500;

/// Each word of the user's text as a quoted FTS5 string, all required. Words are cut where the
/// tokenizer cuts them (at anything not a letter or digit), so "e-mail" asks for "e" and "mail":
/// the index keeps no positions to match a phrase, and punctuation never becomes FTS syntax.
fn fts_words_query(text: &str) -> String {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(|word| format!("\"{word}\""))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::store::IncomingItem;
    use crate::store::test_support::{plain, store_with_items, subscribe_with};

    #[test]
    fn search_finds_words_anywhere_in_the_title_or_the_whole_text() {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, _) = store_with_items(&dir, 3);
        assert_eq!(store.search("rust", 10, plain).unwrap().len(), 3);
        assert_eq!(
            store.update_search_index(plain).unwrap(),
            0,
            "search brought the index up to date"
        );
        // Item 2's last words come after 5,000 characters of body.
        let hit = store.search("Thought number 2", 10, plain).unwrap();
        assert_eq!(hit.len(), 1);
        assert_eq!(hit[0].title.as_deref(), Some("Title 2 about rust"));
        assert!(store.search("\"unbalanced AND (", 10, plain).unwrap().is_empty());
        assert!(store.search("  ...  ", 10, plain).unwrap().is_empty());
        assert_eq!(store.search("rust: (title)", 10, plain).unwrap().len(), 3);
    }

    #[test]
    fn search_cuts_words_where_the_index_does() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("s.db")).unwrap();
        let item = IncomingItem {
            identity: "only-summary".into(),
            title: Some("Plain".into()),
            body: Some("<p>An e-mail about gardening</p>".into()),
            ..IncomingItem::default()
        };
        subscribe_with(&mut store, "https://s.example/f", vec![item]);
        assert_eq!(store.search("gardening e-mail", 10, plain).unwrap().len(), 1);
    }

    #[test]
    fn removed_items_leave_search_and_items_reusing_their_ids_join_it() {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, _) = store_with_items(&dir, 3);
        assert_eq!(store.search("rust", 10, plain).unwrap().len(), 3);
        store.unsubscribe("https://e.example/f").unwrap();
        assert!(
            store.search("rust", 10, plain).unwrap().is_empty(),
            "deleted items leave the index"
        );
        // SQLite hands the freed ids out again: the new items must still be indexed.
        let items = vec![IncomingItem {
            identity: "again".into(),
            title: Some("Rust returns".into()),
            ..IncomingItem::default()
        }];
        subscribe_with(&mut store, "https://other.example/f", items);
        let hits = store.search("rust", 10, plain).unwrap();
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].title.as_deref(), Some("Rust returns"));
    }
}
