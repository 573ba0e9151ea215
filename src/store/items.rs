//! Reading items: lists, one item with its body, flags, and full-text search.

use std::collections::HashMap;
use std::io::Read;

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Row, params};

use super::{FeedId, ItemId, Store, StoreError, from_timestamp};
use crate::feed::{ParsedFeed, ParsedItem};

/// Which items a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ItemFilter {
    #[default]
    All,
    Unread,
    Starred,
}

/// The order of a list (`newest-first` or `unread-first` in the config file).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ItemOrder {
    #[default]
    NewestFirst,
    /// Unread items first, each group newest first.
    UnreadFirst,
}

/// A page of a list: which items, in which order, from where.
#[derive(Debug, Clone, Default)]
pub struct ItemQuery {
    pub filter: ItemFilter,
    pub feed: Option<FeedId>,
    pub order: ItemOrder,
    /// At most this many (all when `None`).
    pub limit: Option<usize>,
    pub offset: usize,
}

/// An item as lists show it (no body).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemRow {
    pub id: ItemId,
    pub feed_id: FeedId,
    pub feed_url: String,
    pub feed_title: Option<String>,
    pub title: Option<String>,
    pub link: Option<String>,
    pub author: Option<String>,
    pub published: Option<DateTime<Utc>>,
    pub read: bool,
    pub starred: bool,
    pub comments_url: Option<String>,
    pub comments_feed_url: Option<String>,
    pub comment_count: Option<u32>,
}

/// An item row as a long listing reads it: borrowed from the database row and the feed table,
/// so streaming 100k rows allocates nothing per row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ItemRowRef<'a> {
    pub id: ItemId,
    pub feed_id: FeedId,
    pub feed_url: &'a str,
    pub feed_title: Option<&'a str>,
    pub title: Option<&'a str>,
    pub link: Option<&'a str>,
    pub author: Option<&'a str>,
    pub published: Option<DateTime<Utc>>,
    pub read: bool,
    pub starred: bool,
    pub comments_url: Option<&'a str>,
    pub comments_feed_url: Option<&'a str>,
    pub comment_count: Option<u32>,
}

impl ItemRow {
    pub fn as_row_ref(&self) -> ItemRowRef<'_> {
        ItemRowRef {
            id: self.id,
            feed_id: self.feed_id,
            feed_url: &self.feed_url,
            feed_title: self.feed_title.as_deref(),
            title: self.title.as_deref(),
            link: self.link.as_deref(),
            author: self.author.as_deref(),
            published: self.published,
            read: self.read,
            starred: self.starred,
            comments_url: self.comments_url.as_deref(),
            comments_feed_url: self.comments_feed_url.as_deref(),
            comment_count: self.comment_count,
        }
    }
}

impl ItemRowRef<'_> {
    pub fn to_row(&self) -> ItemRow {
        let owned = |text: Option<&str>| text.map(str::to_string);
        ItemRow {
            id: self.id,
            feed_id: self.feed_id,
            feed_url: self.feed_url.to_string(),
            feed_title: owned(self.feed_title),
            title: owned(self.title),
            link: owned(self.link),
            author: owned(self.author),
            published: self.published,
            read: self.read,
            starred: self.starred,
            comments_url: owned(self.comments_url),
            comments_feed_url: owned(self.comments_feed_url),
            comment_count: self.comment_count,
        }
    }
}

/// One item with its body, for the reader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemDetail {
    pub row: ItemRow,
    pub excerpt: Option<String>,
    /// The HTML body the feed gave.
    pub content: Option<String>,
    /// The enclosures as the JSON array [`crate::feed::Enclosure`] serializes to.
    pub enclosures_json: Option<String>,
}

const ROW_COLUMNS: &str =
    "i.id, i.feed_id, f.url, f.title, i.title, i.link, i.author, i.published, i.read, i.starred,
     i.comments_url, i.comments_feed_url, i.comment_count";

/// The columns [`read_row_ref`] reads: the item's own, without its feed's.
const ITEM_COLUMNS: &str = "i.id, i.feed_id, i.title, i.link, i.author, i.published, i.read, i.starred,
     i.comments_url, i.comments_feed_url, i.comment_count";

fn read_row_ref<'a>(
    row: &'a Row<'_>,
    feeds: &'a HashMap<FeedId, (String, Option<String>)>,
) -> rusqlite::Result<ItemRowRef<'a>> {
    let text = |column: usize| -> rusqlite::Result<Option<&'a str>> {
        row.get_ref(column)?.as_str_or_null().map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(column, rusqlite::types::Type::Text, e.into())
        })
    };
    let feed_id: FeedId = row.get(1)?;
    // Rows and feeds are read in one statement's snapshot; a feed missing from the map (removed
    // since) still gives a row.
    let (feed_url, feed_title) = feeds
        .get(&feed_id)
        .map_or(("", None), |(url, title)| (url.as_str(), title.as_deref()));
    Ok(ItemRowRef {
        id: row.get(0)?,
        feed_id,
        feed_url,
        feed_title,
        title: text(2)?,
        link: text(3)?,
        author: text(4)?,
        published: from_timestamp(row.get(5)?),
        read: row.get(6)?,
        starred: row.get(7)?,
        comments_url: text(8)?,
        comments_feed_url: text(9)?,
        comment_count: row.get(10)?,
    })
}

fn read_row(row: &Row<'_>) -> rusqlite::Result<ItemRow> {
    Ok(ItemRow {
        id: row.get(0)?,
        feed_id: row.get(1)?,
        feed_url: row.get(2)?,
        feed_title: row.get(3)?,
        title: row.get(4)?,
        link: row.get(5)?,
        author: row.get(6)?,
        published: from_timestamp(row.get(7)?),
        read: row.get(8)?,
        starred: row.get(9)?,
        comments_url: row.get(10)?,
        comments_feed_url: row.get(11)?,
        comment_count: row.get(12)?,
    })
}

/// Bodies larger than this are stored compressed: feeds repeat a lot of markup, and the body is
/// most of the database's size. Small ones stay plain, where compression would gain little.
const COMPRESS_ABOVE: usize = 1024;
/// zstd level 1. Measured on the 25k bodies of benches/refresh.rs (171.6 MB of HTML), one frame
/// per body: level 1 gives 70.2 MB in 0.98 s, level 3 69.1 MB in 1.34 s (the table: 84.6 MB at
/// level 3 against 100.5 MB with the first schema's deflate level 1). Compression is the largest
/// CPU cost of a cold refresh (40% of it in a profile), and level 3 buys 1.5% of size for 37% more.
const ZSTD_LEVEL: i32 = 1;
const PLAIN: u8 = 0;
/// Written by the first schema's stores; still read.
const DEFLATED: u8 = 1;
const ZSTD: u8 = 2;

fn unpack_content(packed: &[u8]) -> Option<String> {
    let (&format, body) = packed.split_first()?;
    match format {
        ZSTD => {
            let text = zstd::stream::decode_all(body).ok()?;
            String::from_utf8(text).ok()
        }
        DEFLATED => {
            let mut text = String::new();
            flate2::read::DeflateDecoder::new(body)
                .read_to_string(&mut text)
                .ok()?;
            Some(text)
        }
        _ => Some(String::from_utf8_lossy(body).into_owned()),
    }
}

/// Packs bodies as stored: one format byte, then UTF-8 or zstd-compressed UTF-8. It keeps one
/// compression context for all bodies: setting a new one up costs more than a small body.
struct ContentPacker {
    compressor: Option<zstd::bulk::Compressor<'static>>,
}

impl ContentPacker {
    fn new() -> Self {
        Self {
            compressor: zstd::bulk::Compressor::new(ZSTD_LEVEL).ok(),
        }
    }

    fn pack(&mut self, content: &str) -> Vec<u8> {
        let input = content.as_bytes();
        if input.len() > COMPRESS_ABOVE
            && let Some(packed) = self.compress(input)
            && packed.len() < input.len()
        {
            return packed;
        }
        let mut packed = Vec::with_capacity(input.len() + 1);
        packed.push(PLAIN);
        packed.extend_from_slice(input);
        packed
    }

    fn compress(&mut self, input: &[u8]) -> Option<Vec<u8>> {
        let mut packed = self.compressor.as_mut()?.compress(input).ok()?;
        // A memmove of a few KB: cheaper than a second buffer.
        packed.insert(0, ZSTD);
        Some(packed)
    }
}

thread_local! {
    static PACKER: std::cell::RefCell<ContentPacker> = std::cell::RefCell::new(ContentPacker::new());
}

/// A parsed feed with its item bodies already packed for storage. Packing (compression) is the
/// CPU-heavy part of storing a feed; doing it here, on the caller's thread (a refresh runs it next
/// to the parsing, on the blocking pool), keeps the one database thread free for writing.
#[derive(Debug)]
pub struct PreparedFeed {
    pub feed: ParsedFeed,
    bodies: Vec<Option<Vec<u8>>>,
}

impl PreparedFeed {
    pub fn new(feed: ParsedFeed) -> PreparedFeed {
        let bodies = PACKER.with(|packer| {
            let mut packer = packer.borrow_mut();
            feed.items
                .iter()
                .map(|item| item.content.as_deref().map(|c| packer.pack(c)))
                .collect()
        });
        PreparedFeed { feed, bodies }
    }

    /// Each item with its packed body.
    pub(super) fn items(&self) -> impl Iterator<Item = (&ParsedItem, Option<&[u8]>)> {
        self.feed
            .items
            .iter()
            .zip(self.bodies.iter().map(Option::as_deref))
    }
}

impl Store {
    /// One page of items. Each filter and order has an index that gives rows already sorted, so a
    /// page costs its own size, not the table's.
    pub fn items(&self, query: &ItemQuery) -> Result<Vec<ItemRow>, StoreError> {
        let mut rows = Vec::new();
        self.for_each_item(query, |row| {
            rows.push(row.to_row());
            Ok::<(), StoreError>(())
        })?;
        Ok(rows)
    }

    /// Like [`Store::items`], handing each row to `visit` as it is read: a long listing streams
    /// out in constant memory.
    pub fn for_each_item<E: From<StoreError>>(
        &self,
        query: &ItemQuery,
        mut visit: impl FnMut(&ItemRowRef<'_>) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut conditions = Vec::new();
        match query.filter {
            ItemFilter::All => {}
            ItemFilter::Unread => conditions.push("i.read = 0"),
            ItemFilter::Starred => conditions.push("i.starred = 1"),
        }
        if query.feed.is_some() {
            conditions.push("i.feed_id = ?3");
        }
        let where_clause = if conditions.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", conditions.join(" AND "))
        };
        let order = match query.order {
            ItemOrder::NewestFirst => "i.sorted_at DESC, i.id DESC",
            ItemOrder::UnreadFirst => "i.read, i.sorted_at DESC, i.id DESC",
        };
        let sql =
            format!("SELECT {ITEM_COLUMNS} FROM items i {where_clause} ORDER BY {order} LIMIT ?1 OFFSET ?2");
        // The feeds are few: one read of them here beats a join lookup for every row.
        let feeds = self.feed_names().map_err(StoreError::from)?;
        let limit = query.limit.map_or(-1, |l| i64::try_from(l).unwrap_or(i64::MAX));
        let offset = i64::try_from(query.offset).unwrap_or(i64::MAX);
        let mut statement = self.conn.prepare_cached(&sql).map_err(StoreError::from)?;
        let mut rows = match query.feed {
            Some(feed) => statement.query(params![limit, offset, feed]),
            None => statement.query(params![limit, offset]),
        }
        .map_err(StoreError::from)?;
        while let Some(row) = rows.next().map_err(StoreError::from)? {
            let item = read_row_ref(row, &feeds).map_err(StoreError::from)?;
            visit(&item)?;
        }
        Ok(())
    }

    /// Every feed's URL and title by id.
    fn feed_names(&self) -> rusqlite::Result<HashMap<FeedId, (String, Option<String>)>> {
        let mut statement = self.conn.prepare_cached("SELECT id, url, title FROM feeds")?;
        let rows = statement.query_map([], |row| Ok((row.get(0)?, (row.get(1)?, row.get(2)?))))?;
        rows.collect()
    }

    /// One item with its body.
    pub fn item(&self, id: ItemId) -> Result<Option<ItemDetail>, StoreError> {
        let sql = format!(
            "SELECT {ROW_COLUMNS}, b.excerpt, b.content, b.enclosures
             FROM items i JOIN feeds f ON f.id = i.feed_id LEFT JOIN item_bodies b ON b.item_id = i.id
             WHERE i.id = ?1"
        );
        let detail = self
            .conn
            .prepare_cached(&sql)?
            .query_row([id], |row| {
                let packed: Option<Vec<u8>> = row.get(14)?;
                Ok(ItemDetail {
                    row: read_row(row)?,
                    excerpt: row.get(13)?,
                    content: packed.as_deref().and_then(unpack_content),
                    enclosures_json: row.get(15)?,
                })
            })
            .optional()?;
        Ok(detail)
    }

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

    /// Brings full-text search up to date: every item stored since the last call, in batches.
    /// Returns how many were added.
    pub fn update_search_index(&mut self) -> Result<usize, StoreError> {
        let mut added = 0;
        loop {
            let batch = self.index_search_batch(SEARCH_INDEX_BATCH)?;
            added += batch;
            if batch < SEARCH_INDEX_BATCH {
                return Ok(added);
            }
        }
    }

    /// Adds up to `limit` items not yet in full-text search (title and whole text), in one
    /// transaction; returns how many. Small batches let a caller that shares the database with a
    /// screen index in the background without holding the screen's queries for long.
    pub fn index_search_batch(&mut self, limit: usize) -> Result<usize, StoreError> {
        let tx = self.conn.transaction()?;
        let done: i64 = tx.query_row("SELECT indexed_up_to FROM search_progress", [], |row| row.get(0))?;
        let mut last = None;
        let mut added = 0;
        {
            let mut pending = tx.prepare_cached(
                "SELECT i.id, i.title, b.content, b.excerpt
                 FROM items i LEFT JOIN item_bodies b ON b.item_id = i.id
                 WHERE i.id > ?1 ORDER BY i.id LIMIT ?2",
            )?;
            let mut insert =
                tx.prepare_cached("INSERT INTO items_search (rowid, title, text) VALUES (?1, ?2, ?3)")?;
            let limit = i64::try_from(limit).unwrap_or(i64::MAX);
            let mut rows = pending.query(params![done, limit])?;
            while let Some(row) = rows.next()? {
                let id: i64 = row.get(0)?;
                let title: Option<String> = row.get(1)?;
                let packed: Option<Vec<u8>> = row.get(2)?;
                // The body's words when the feed carried one, else the summary's.
                let text = match packed.as_deref().and_then(unpack_content) {
                    Some(html) => Some(crate::feed::html_to_plain(&html)),
                    None => row.get(3)?,
                };
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
    pub fn search(&mut self, query: &str, limit: usize) -> Result<Vec<ItemRow>, StoreError> {
        self.update_search_index()?;
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
    use chrono::TimeZone;

    use super::*;
    use crate::feed::Subscription;
    use crate::store::FeedUpdate;

    fn store_with_items(dir: &tempfile::TempDir, count: i64) -> (Store, FeedId) {
        let mut store = Store::open(&dir.path().join("i.db")).unwrap();
        let items = (0..count)
            .map(|n| ParsedItem {
                identity: format!("id-{n}"),
                title: Some(format!("Title {n} about rust")),
                published: Utc.timestamp_opt(1_700_000_000 + n * 60, 0).single(),
                content: Some(body(n)),
                excerpt: Some(format!("excerpt number {n}")),
                ..ParsedItem::default()
            })
            .collect();
        let feed = subscribe_with(&mut store, "https://e.example/f", items);
        (store, feed)
    }

    /// A body whose last words sit thousands of characters in (past any excerpt) for n >= 1.
    fn body(n: i64) -> String {
        format!(
            "{}<p>closing thought&nbsp;number {n}</p>",
            "<p>word </p>".repeat(n as usize * 50 + 1)
        )
    }

    fn subscribe_with(store: &mut Store, url: &str, items: Vec<ParsedItem>) -> FeedId {
        let (feed, _) = store
            .subscribe(&Subscription {
                url: url.into(),
                ..Default::default()
            })
            .unwrap();
        let parsed = ParsedFeed {
            title: Some("E".into()),
            site_url: None,
            items,
        };
        store
            .store_feed_update(
                feed,
                &FeedUpdate {
                    feed: &PreparedFeed::new(parsed),
                    etag: None,
                    last_modified: None,
                    fetched_at: Utc::now(),
                },
            )
            .unwrap();
        feed
    }

    #[test]
    fn lists_are_newest_first_with_paging_and_filters() {
        let dir = tempfile::tempdir().unwrap();
        let (store, feed) = store_with_items(&dir, 5);
        let all = store.items(&ItemQuery::default()).unwrap();
        let titles: Vec<_> = all.iter().map(|i| i.title.clone().unwrap()).collect();
        assert_eq!(titles[0], "Title 4 about rust");
        assert_eq!(titles[4], "Title 0 about rust");
        let page = store
            .items(&ItemQuery {
                limit: Some(2),
                offset: 1,
                feed: Some(feed),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(
            page.iter().map(|i| i.id).collect::<Vec<_>>(),
            [all[1].id, all[2].id]
        );

        store.set_read(all[0].id, true).unwrap();
        store.set_starred(all[3].id, true).unwrap();
        let unread = store
            .items(&ItemQuery {
                filter: ItemFilter::Unread,
                ..Default::default()
            })
            .unwrap();
        assert_eq!(unread.len(), 4);
        assert!(unread.iter().all(|i| !i.read));
        let starred = store
            .items(&ItemQuery {
                filter: ItemFilter::Starred,
                ..Default::default()
            })
            .unwrap();
        assert_eq!(starred.iter().map(|i| i.id).collect::<Vec<_>>(), [all[3].id]);
        let unread_first = store
            .items(&ItemQuery {
                order: ItemOrder::UnreadFirst,
                ..Default::default()
            })
            .unwrap();
        assert_eq!(unread_first.last().unwrap().id, all[0].id);
        assert_eq!(store.mark_feed_read(feed).unwrap(), 4);
        assert!(
            store
                .items(&ItemQuery {
                    filter: ItemFilter::Unread,
                    ..Default::default()
                })
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn bodies_round_trip_plain_and_compressed() {
        let dir = tempfile::tempdir().unwrap();
        let (store, _) = store_with_items(&dir, 3);
        for row in store.items(&ItemQuery::default()).unwrap() {
            let detail = store.item(row.id).unwrap().unwrap();
            let n: usize = row.title.unwrap().split(' ').nth(1).unwrap().parse().unwrap();
            assert_eq!(detail.content.unwrap(), body(n as i64));
        }
        let stored: Vec<u8> = store
            .conn
            .query_row("SELECT content FROM item_bodies ORDER BY item_id DESC", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(stored[0], ZSTD);
        // Bodies packed by earlier versions (deflate) and plain ones still read.
        let mut deflated = vec![DEFLATED];
        let mut encoder = flate2::write::DeflateEncoder::new(&mut deflated, flate2::Compression::fast());
        std::io::Write::write_all(&mut encoder, "<p>old body</p>".as_bytes()).unwrap();
        encoder.finish().unwrap();
        assert_eq!(unpack_content(&deflated).as_deref(), Some("<p>old body</p>"));
        assert_eq!(unpack_content(b"\0<p>plain</p>").as_deref(), Some("<p>plain</p>"));
        assert_eq!(
            unpack_content(&[ZSTD, 1, 2, 3]),
            None,
            "a damaged body reads as none"
        );
        assert!(store.item(9999).unwrap().is_none());
    }

    #[test]
    fn search_finds_words_anywhere_in_the_title_or_the_whole_text() {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, _) = store_with_items(&dir, 3);
        assert_eq!(store.search("rust", 10).unwrap().len(), 3);
        assert_eq!(
            store.update_search_index().unwrap(),
            0,
            "search brought the index up to date"
        );
        // Item 2's last words come after 5,000 characters of body.
        let hit = store.search("Thought number 2", 10).unwrap();
        assert_eq!(hit.len(), 1);
        assert_eq!(hit[0].title.as_deref(), Some("Title 2 about rust"));
        assert!(
            store.search("excerpt", 10).unwrap().is_empty(),
            "a body, when there is one, is what is searched"
        );
        assert!(store.search("\"unbalanced AND (", 10).unwrap().is_empty());
        assert!(store.search("  ...  ", 10).unwrap().is_empty());
        assert_eq!(store.search("rust: (title)", 10).unwrap().len(), 3);
    }

    #[test]
    fn search_uses_the_summary_of_items_without_a_body() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("s.db")).unwrap();
        let item = ParsedItem {
            identity: "only-summary".into(),
            title: Some("Plain".into()),
            excerpt: Some("An e-mail about gardening".into()),
            ..ParsedItem::default()
        };
        subscribe_with(&mut store, "https://s.example/f", vec![item]);
        assert_eq!(store.search("gardening e-mail", 10).unwrap().len(), 1);
    }

    #[test]
    fn removed_items_leave_search_and_items_reusing_their_ids_join_it() {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, _) = store_with_items(&dir, 3);
        assert_eq!(store.search("rust", 10).unwrap().len(), 3);
        store.unsubscribe("https://e.example/f").unwrap();
        assert!(
            store.search("rust", 10).unwrap().is_empty(),
            "deleted items leave the index"
        );
        // SQLite hands the freed ids out again: the new items must still be indexed.
        let items = vec![ParsedItem {
            identity: "again".into(),
            title: Some("Rust returns".into()),
            ..ParsedItem::default()
        }];
        subscribe_with(&mut store, "https://other.example/f", items);
        let hits = store.search("rust", 10).unwrap();
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].title.as_deref(), Some("Rust returns"));
    }

    #[test]
    fn list_queries_use_their_indexes() {
        let dir = tempfile::tempdir().unwrap();
        let (store, _) = store_with_items(&dir, 1);
        let plan = |sql: &str| -> String {
            let mut statement = store.conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
            let rows = statement.query_map([], |r| r.get::<_, String>(3)).unwrap();
            rows.map(|r| r.unwrap()).collect::<Vec<_>>().join("; ")
        };
        let unread = plan(&format!(
            "SELECT {ITEM_COLUMNS} FROM items i WHERE i.read = 0 ORDER BY i.sorted_at DESC, i.id DESC LIMIT 50"
        ));
        assert!(
            unread.contains("items_unread") && !unread.contains("TEMP B-TREE"),
            "{unread}"
        );
        let by_feed = plan(&format!(
            "SELECT {ITEM_COLUMNS} FROM items i WHERE i.feed_id = 1 ORDER BY i.sorted_at DESC, i.id DESC"
        ));
        assert!(
            by_feed.contains("items_by_feed") && !by_feed.contains("TEMP B-TREE"),
            "{by_feed}"
        );
    }
}
