//! Reading items: lists, one item with its body, flags, and full-text search.

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

/// Bodies larger than this are stored deflated: feeds repeat a lot of markup, and the body is most
/// of the database's size. Small ones stay plain, where compression would gain little.
/// Deflate level 1 (miniz_oxide) is the measured balance (benches/refresh.rs, 25k items): database
/// 0.61 x the feeds' bytes for 5.6 s of CPU; zlib-rs level 1 gave 0.73 x for 4.9 s, level 3
/// 0.56 x for 7.5 s.
const COMPRESS_ABOVE: usize = 1024;
const PLAIN: u8 = 0;
const DEFLATED: u8 = 1;

fn unpack_content(packed: &[u8]) -> Option<String> {
    let (&format, body) = packed.split_first()?;
    match format {
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

/// Packs bodies as stored: one format byte, then UTF-8 or deflated UTF-8. It keeps one deflate
/// state for all bodies: setting a new one up costs more than compressing a small body.
struct ContentPacker {
    compressor: flate2::Compress,
}

impl ContentPacker {
    fn new() -> Self {
        Self {
            compressor: flate2::Compress::new(flate2::Compression::fast(), false),
        }
    }

    fn pack(&mut self, content: &str) -> Vec<u8> {
        let input = content.as_bytes();
        if input.len() > COMPRESS_ABOVE
            && let Some(packed) = self.deflate(input)
            && packed.len() < input.len()
        {
            return packed;
        }
        let mut packed = Vec::with_capacity(input.len() + 1);
        packed.push(PLAIN);
        packed.extend_from_slice(input);
        packed
    }

    fn deflate(&mut self, input: &[u8]) -> Option<Vec<u8>> {
        self.compressor.reset();
        let mut packed = Vec::with_capacity(input.len() / 2 + 64);
        packed.push(DEFLATED);
        loop {
            let consumed = usize::try_from(self.compressor.total_in()).ok()?.min(input.len());
            match self
                .compressor
                .compress_vec(&input[consumed..], &mut packed, flate2::FlushCompress::Finish)
                .ok()?
            {
                flate2::Status::StreamEnd => return Some(packed),
                _ => packed.reserve(packed.capacity().max(4096)),
            }
        }
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
            rows.push(row);
            Ok::<(), StoreError>(())
        })?;
        Ok(rows)
    }

    /// Like [`Store::items`], handing each row to `visit` as it is read: a long listing streams
    /// out in constant memory.
    pub fn for_each_item<E: From<StoreError>>(
        &self,
        query: &ItemQuery,
        mut visit: impl FnMut(ItemRow) -> Result<(), E>,
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
        let sql = format!(
            "SELECT {ROW_COLUMNS} FROM items i JOIN feeds f ON f.id = i.feed_id {where_clause}
             ORDER BY {order} LIMIT ?1 OFFSET ?2"
        );
        let limit = query.limit.map_or(-1, |l| i64::try_from(l).unwrap_or(i64::MAX));
        let offset = i64::try_from(query.offset).unwrap_or(i64::MAX);
        let mut statement = self.conn.prepare_cached(&sql).map_err(StoreError::from)?;
        let mut rows = match query.feed {
            Some(feed) => statement.query(params![limit, offset, feed]),
            None => statement.query(params![limit, offset]),
        }
        .map_err(StoreError::from)?;
        while let Some(row) = rows.next().map_err(StoreError::from)? {
            visit(read_row(row).map_err(StoreError::from)?)?;
        }
        Ok(())
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

    /// Adds the items stored since the last call to full-text search, in one transaction.
    /// Returns how many were added.
    pub fn update_search_index(&mut self) -> Result<usize, StoreError> {
        let tx = self.conn.transaction()?;
        let done: i64 = tx.query_row("SELECT indexed_up_to FROM search_progress", [], |row| row.get(0))?;
        let added = tx.execute(
            "INSERT INTO items_search (rowid, title, excerpt)
             SELECT i.id, i.title, b.excerpt FROM items i LEFT JOIN item_bodies b ON b.item_id = i.id
             WHERE i.id > ?1 ORDER BY i.id",
            [done],
        )?;
        if added > 0 {
            tx.execute(
                "UPDATE search_progress SET indexed_up_to = (SELECT MAX(id) FROM items)",
                [],
            )?;
        }
        tx.commit()?;
        Ok(added)
    }

    /// Items whose title or excerpt match `query` (plain words, all required), best first. The index
    /// is brought up to date first.
    pub fn search(&mut self, query: &str, limit: usize) -> Result<Vec<ItemRow>, StoreError> {
        self.update_search_index()?;
        let sql = format!(
            "SELECT {ROW_COLUMNS} FROM items_search s JOIN items i ON i.id = s.rowid JOIN feeds f ON f.id = i.feed_id
             WHERE items_search MATCH ?1 ORDER BY s.rank LIMIT ?2"
        );
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut statement = self.conn.prepare_cached(&sql)?;
        let rows = statement.query_map(params![fts_phrase_query(query), limit], read_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// Each word of the user's text as a quoted FTS5 string, so punctuation never is FTS syntax.
fn fts_phrase_query(text: &str) -> String {
    text.split_whitespace()
        .map(|word| format!("\"{}\"", word.replace('"', "\"\"")))
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
        let (feed, _) = store
            .subscribe(&Subscription {
                url: "https://e.example/f".into(),
                ..Default::default()
            })
            .unwrap();
        let items = (0..count)
            .map(|n| ParsedItem {
                identity: format!("id-{n}"),
                title: Some(format!("Title {n} about rust")),
                published: Utc.timestamp_opt(1_700_000_000 + n * 60, 0).single(),
                content: Some("<p>word </p>".repeat(n as usize * 50 + 1)),
                excerpt: Some(format!("excerpt number {n}")),
                ..ParsedItem::default()
            })
            .collect();
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
        (store, feed)
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
            assert_eq!(detail.content.unwrap(), "<p>word </p>".repeat(n * 50 + 1));
        }
        let stored: Vec<u8> = store
            .conn
            .query_row("SELECT content FROM item_bodies ORDER BY item_id DESC", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(stored[0], DEFLATED);
        assert!(store.item(9999).unwrap().is_none());
    }

    #[test]
    fn search_finds_titles_and_excerpts_and_survives_punctuation() {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, _) = store_with_items(&dir, 3);
        assert_eq!(store.search("rust", 10).unwrap().len(), 3);
        assert_eq!(
            store.update_search_index().unwrap(),
            0,
            "search brought the index up to date"
        );
        let hit = store.search("number 2", 10).unwrap();
        assert_eq!(hit.len(), 1);
        assert_eq!(hit[0].title.as_deref(), Some("Title 2 about rust"));
        assert!(store.search("\"unbalanced AND (", 10).unwrap().is_empty());
        store.unsubscribe("https://e.example/f").unwrap();
        assert!(
            store.search("rust", 10).unwrap().is_empty(),
            "deleted items leave the index"
        );
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
            "SELECT {ROW_COLUMNS} FROM items i JOIN feeds f ON f.id = i.feed_id WHERE i.read = 0 ORDER BY i.sorted_at DESC, i.id DESC LIMIT 50"
        ));
        assert!(
            unread.contains("items_unread") && !unread.contains("TEMP B-TREE"),
            "{unread}"
        );
        let by_feed = plan(&format!(
            "SELECT {ROW_COLUMNS} FROM items i JOIN feeds f ON f.id = i.feed_id WHERE i.feed_id = 1 ORDER BY i.sorted_at DESC, i.id DESC"
        ));
        assert!(
            by_feed.contains("items_by_feed") && !by_feed.contains("TEMP B-TREE"),
            "{by_feed}"
        );
    }
}
