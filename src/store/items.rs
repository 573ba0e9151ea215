//! Reading items: lists, one item with its body, flags, and full-text search.

use std::ops::RangeInclusive;

use rustc_hash::FxHashMap;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::bodies::{self, Block};
use super::sorted_scan::{SCAN_CACHE_KIB, SORT_HERE_FROM, SortedItems, SortedScan, scan_range};
use super::{FeedId, ItemId, Store, StoreError, from_timestamp};
use crate::feed::ParsedFeed;

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
    pub fields: RowFields,
}

/// Which of a row's fields a query fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RowFields {
    #[default]
    All,
    /// What a one-line listing prints: `author`, `comments_feed_url` and `comment_count` are left
    /// empty. Each column read costs SQLite a decode and us a call per row; a 100k-row listing
    /// is little else.
    ListLine,
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

/// [`ITEM_COLUMNS`] for [`RowFields::ListLine`]: the same positions, NULL where nothing is read.
const LIST_LINE_COLUMNS: &str =
    "i.id, i.feed_id, i.title, i.link, NULL, i.published, i.read, i.starred, i.comments_url, NULL, NULL";

/// Every feed's URL and title by id.
pub(super) type FeedNames = FxHashMap<FeedId, (String, Option<String>)>;

/// A feed's URL and title. Rows and feeds are read in one statement's snapshot; a feed missing
/// from the map (removed since) still gives a row.
pub(super) fn feed_of(feeds: &FeedNames, feed_id: FeedId) -> (&str, Option<&str>) {
    feeds
        .get(&feed_id)
        .map_or(("", None), |(url, title)| (url.as_str(), title.as_deref()))
}

/// The SQL conditions on `items i` that pick a query's items (`?3` is its feed).
fn conditions(query: &ItemQuery) -> Vec<&'static str> {
    let mut conditions = Vec::new();
    match query.filter {
        ItemFilter::All => {}
        ItemFilter::Unread => conditions.push("i.read = 0"),
        ItemFilter::Starred => conditions.push("i.starred = 1"),
    }
    if query.feed.is_some() {
        conditions.push("i.feed_id = ?3");
    }
    conditions
}

/// A text column borrowed from the row (no copy), or `None` for NULL.
fn borrowed_text<'a>(row: &'a Row<'_>, column: usize) -> rusqlite::Result<Option<&'a str>> {
    row.get_ref(column)?
        .as_str_or_null()
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(column, rusqlite::types::Type::Text, e.into()))
}

fn read_row_ref<'a>(row: &'a Row<'_>, feeds: &'a FeedNames) -> rusqlite::Result<ItemRowRef<'a>> {
    let text = |column: usize| borrowed_text(row, column);
    let feed_id: FeedId = row.get(1)?;
    let (feed_url, feed_title) = feed_of(feeds, feed_id);
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

/// A parsed feed with its bodies already compressed as one block, for the usual case where all its
/// items are new (a first refresh, a new subscription). Compression is the CPU-heavy part of
/// storing a feed; doing it here, on the caller's thread (a refresh runs it next to the parsing,
/// on the blocking pool), keeps the one database thread free for writing. When only some items
/// are new, the store compresses just those.
#[derive(Debug)]
pub struct PreparedFeed {
    pub feed: ParsedFeed,
    /// Every item's body, or the error compressing them (the store retries and reports it).
    pub(super) block: std::io::Result<Option<Block>>,
}

impl PreparedFeed {
    /// Once compressed, the bodies live only in the block: a refresh holds up to 16 feeds
    /// between parsing and storing, and their bodies in plain text were the larger part of its
    /// memory. (When compressing fails they stay, for the store to try again.)
    pub fn new(mut feed: ParsedFeed) -> PreparedFeed {
        let block = bodies::block_of(&feed.items);
        if block.is_ok() {
            for item in &mut feed.items {
                item.content = None;
            }
        }
        PreparedFeed { feed, block }
    }
}

/// Where an item's body is: in a block, or (first schema) in its own row.
struct StoredBody {
    legacy: Option<Vec<u8>>,
    block: Option<(i64, i64, i64)>,
}

impl StoredBody {
    /// Reads columns `at`, `at + 1` ... as `content, block_id, block_start, block_len`.
    fn read(row: &Row<'_>, at: usize) -> rusqlite::Result<StoredBody> {
        let block_id: Option<i64> = row.get(at + 1)?;
        let block = match block_id {
            Some(id) => Some((id, row.get(at + 2)?, row.get(at + 3)?)),
            None => None,
        };
        Ok(StoredBody {
            legacy: row.get(at)?,
            block,
        })
    }

    /// The body's text. `opened` keeps the last block decompressed: consecutive items usually
    /// share one.
    fn text(
        &self,
        conn: &Connection,
        opened: &mut Option<(i64, Vec<u8>)>,
    ) -> Result<Option<String>, StoreError> {
        let Some((id, start, len)) = self.block else {
            return Ok(self.legacy.as_deref().and_then(bodies::unpack_legacy));
        };
        if opened.as_ref().is_none_or(|(open_id, _)| *open_id != id) {
            let data: Option<Vec<u8>> = conn
                .prepare_cached("SELECT data FROM body_blocks WHERE id = ?1")?
                .query_row([id], |row| row.get(0))
                .optional()?;
            *opened = data
                .and_then(|data| bodies::open_block(&data))
                .map(|bytes| (id, bytes));
        }
        Ok(opened
            .as_ref()
            .and_then(|(_, bytes)| bodies::body_in(bytes, start, len)))
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

    /// Like [`Store::items`], handing each row to `visit` instead of gathering them: a page read
    /// through an index goes out as it is read, and a long list (see `sorted_scan`) is read and
    /// sorted once, then handed out without copying a row.
    pub fn for_each_item<E: From<StoreError>>(
        &self,
        query: &ItemQuery,
        mut visit: impl FnMut(&ItemRowRef<'_>) -> Result<(), E>,
    ) -> Result<(), E> {
        if let Some(list) = self.sorted_items(query)? {
            return list.visit(visit);
        }
        let conditions = conditions(query);
        let order = match query.order {
            ItemOrder::NewestFirst => "i.sorted_at DESC, i.id DESC",
            ItemOrder::UnreadFirst => "i.read, i.sorted_at DESC, i.id DESC",
        };
        let columns = match query.fields {
            RowFields::All => ITEM_COLUMNS,
            RowFields::ListLine => LIST_LINE_COLUMNS,
        };
        // The feeds are few: one read of them here beats a join lookup for every row.
        let feeds = self.feed_names().map_err(StoreError::from)?;
        let where_clause = if conditions.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", conditions.join(" AND "))
        };
        let sql = format!("SELECT {columns} FROM items i {where_clause} ORDER BY {order} LIMIT ?1 OFFSET ?2");
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

    /// A long list (every feed's items, with no limit or a large one) read whole and sorted;
    /// `None` for the lists an index reads in order, a row at a time (see `sorted_scan`).
    fn sorted_items(&self, query: &ItemQuery) -> Result<Option<SortedItems>, StoreError> {
        if query.feed.is_some() || query.limit.is_some_and(|limit| limit < SORT_HERE_FROM) {
            return Ok(None);
        }
        let feeds = self.feed_names()?;
        let scan = self.scan_items(query.fields, query.order, &conditions(query))?;
        Ok(Some(scan.into_list(query.offset, query.limit, feeds)))
    }

    /// Every item that all `conditions` keep, in `order`, read front to back with a small page
    /// cache: a scan reads each page once, so the 2 MiB default cache would only be memory to
    /// fault in. The cache size is put back after, whatever happened.
    fn scan_items(
        &self,
        fields: RowFields,
        order: ItemOrder,
        conditions: &[&str],
    ) -> Result<SortedScan, StoreError> {
        let Some(ids) = self.item_ids()? else {
            return Ok(SortedScan::empty());
        };
        let cache_size: i64 = self.conn.query_row("PRAGMA cache_size", [], |row| row.get(0))?;
        self.conn.pragma_update(None, "cache_size", -SCAN_CACHE_KIB)?;
        let scanned = scan_range(&self.conn, fields, order, conditions, ids);
        self.conn.pragma_update(None, "cache_size", cache_size)?;
        scanned
    }

    /// The first and the last item id, read from the two ends of the table (two subqueries:
    /// `MIN` and `MAX` in one would scan it); `None` when there are no items.
    fn item_ids(&self) -> Result<Option<RangeInclusive<ItemId>>, StoreError> {
        let (first, last): (Option<ItemId>, Option<ItemId>) = self
            .conn
            .prepare_cached("SELECT (SELECT MIN(id) FROM items), (SELECT MAX(id) FROM items)")?
            .query_row([], |row| Ok((row.get(0)?, row.get(1)?)))?;
        Ok(first.zip(last).map(|(first, last)| first..=last))
    }

    fn feed_names(&self) -> rusqlite::Result<FeedNames> {
        let mut statement = self.conn.prepare_cached("SELECT id, url, title FROM feeds")?;
        let rows = statement.query_map([], |row| Ok((row.get(0)?, (row.get(1)?, row.get(2)?))))?;
        rows.collect()
    }

    /// One item with its body.
    pub fn item(&self, id: ItemId) -> Result<Option<ItemDetail>, StoreError> {
        let sql = format!(
            "SELECT {ROW_COLUMNS}, b.enclosures, b.content, b.block_id, b.block_start, b.block_len
             FROM items i JOIN feeds f ON f.id = i.feed_id LEFT JOIN item_bodies b ON b.item_id = i.id
             WHERE i.id = ?1"
        );
        let found = self
            .conn
            .prepare_cached(&sql)?
            .query_row([id], |row| {
                let detail = ItemDetail {
                    row: read_row(row)?,
                    content: None,
                    enclosures_json: row.get(13)?,
                };
                Ok((detail, StoredBody::read(row, 14)?))
            })
            .optional()?;
        let Some((mut detail, body)) = found else {
            return Ok(None);
        };
        detail.content = body.text(&self.conn, &mut None)?;
        Ok(Some(detail))
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
                    .map(|html| crate::feed::html_to_plain(&html));
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
    use crate::feed::ParsedItem;
    use crate::feed::Subscription;
    use crate::store::FeedUpdate;
    use crate::store::sorted_scan::SORT_HERE_FROM;

    fn store_with_items(dir: &tempfile::TempDir, count: i64) -> (Store, FeedId) {
        let mut store = Store::open(&dir.path().join("i.db")).unwrap();
        let items = (0..count)
            .map(|n| ParsedItem {
                identity: format!("id-{n}"),
                title: Some(format!("Title {n} about rust")),
                published: Utc.timestamp_opt(1_700_000_000 + n * 60, 0).single(),
                content: Some(body(n)),
                ..ParsedItem::default()
            })
            .collect();
        let feed = subscribe_with(&mut store, "https://e.example/f", items);
        (store, feed)
    }

    /// A body whose last words sit thousands of characters in for n >= 1.
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
    fn list_lines_carry_every_field_a_listing_prints_and_only_those() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("i.db")).unwrap();
        let items = vec![ParsedItem {
            identity: "one".into(),
            title: Some("Listed".into()),
            link: Some("https://e.example/1".into()),
            author: Some("Ann".into()),
            published: Utc.timestamp_opt(1_700_000_000, 0).single(),
            comments_url: Some("https://e.example/1#c".into()),
            comments_feed_url: Some("https://e.example/1/feed".into()),
            comment_count: Some(3),
            ..ParsedItem::default()
        }];
        subscribe_with(&mut store, "https://e.example/f", items);
        let full = store.items(&ItemQuery::default()).unwrap().remove(0);
        assert_eq!(full.author.as_deref(), Some("Ann"));
        assert_eq!(full.comment_count, Some(3));
        for filter in [ItemFilter::All, ItemFilter::Unread] {
            let query = ItemQuery {
                filter,
                fields: RowFields::ListLine,
                ..ItemQuery::default()
            };
            let line = store.items(&query).unwrap().remove(0);
            assert_eq!(
                line,
                ItemRow {
                    author: None,
                    comments_feed_url: None,
                    comment_count: None,
                    ..full.clone()
                }
            );
        }
    }

    #[test]
    fn a_long_list_leaves_the_page_cache_size_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let (store, _) = store_with_items(&dir, 3);
        store.conn.pragma_update(None, "cache_size", -3000).unwrap();
        assert_eq!(store.items(&ItemQuery::default()).unwrap().len(), 3);
        let cache_size: i64 = store
            .conn
            .query_row("PRAGMA cache_size", [], |r| r.get(0))
            .unwrap();
        assert_eq!(cache_size, -3000);
    }

    #[test]
    fn long_lists_sorted_here_match_the_index_order_exactly() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("i.db")).unwrap();
        // Two feeds whose items interleave in time, with many items sharing a second (the id
        // breaks those ties) and some without a date.
        for feed in 0..2 {
            let items = (0..SORT_HERE_FROM as i64)
                .map(|n| ParsedItem {
                    identity: format!("{feed}-{n}"),
                    // Text fields of many lengths (past one text chunk in all), some absent,
                    // some not ASCII.
                    title: Some(format!("T{feed}-{n} {}", "é—".repeat((n % 7 * 90) as usize))),
                    link: (n % 2 == 0).then(|| format!("https://e{feed}.example/{n}")),
                    author: (n % 3 == 0).then(|| format!("Ann {n}")),
                    comments_url: (n % 5 == 0).then(|| format!("https://e{feed}.example/{n}#c")),
                    published: (n % 10 != 0)
                        .then(|| {
                            Utc.timestamp_opt(1_700_000_000 + (n * 7_919 % 300) * 60, 0)
                                .single()
                        })
                        .flatten(),
                    ..ParsedItem::default()
                })
                .collect();
            subscribe_with(&mut store, &format!("https://e{feed}.example/f"), items);
        }
        let every = store.items(&ItemQuery::default()).unwrap();
        for row in every.iter().step_by(3) {
            store.set_read(row.id, true).unwrap();
        }
        for (filter, order) in [
            (ItemFilter::All, ItemOrder::NewestFirst),
            (ItemFilter::Unread, ItemOrder::NewestFirst),
            (ItemFilter::All, ItemOrder::UnreadFirst),
        ] {
            let query = |limit, offset| ItemQuery {
                filter,
                order,
                limit,
                offset,
                ..ItemQuery::default()
            };
            let sorted_here = store.items(&query(None, 0)).unwrap();
            // Pages below SORT_HERE_FROM come through the indexes, in SQLite's order.
            let mut by_index = Vec::new();
            for offset in (0..sorted_here.len()).step_by(SORT_HERE_FROM / 2) {
                by_index.extend(store.items(&query(Some(SORT_HERE_FROM / 2), offset)).unwrap());
            }
            assert_eq!(sorted_here.len(), by_index.len(), "{filter:?} {order:?}");
            assert!(sorted_here == by_index, "{filter:?} {order:?}: the orders differ");
            let skipped = store.items(&query(Some(SORT_HERE_FROM), 7)).unwrap();
            assert_eq!(
                skipped[..],
                sorted_here[7..7 + SORT_HERE_FROM],
                "offset and limit"
            );
        }
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
        let blocks: i64 = store
            .conn
            .query_row("SELECT COUNT(*) FROM body_blocks", [], |r| r.get(0))
            .unwrap();
        assert_eq!(blocks, 1, "one refresh of one feed stores one block");
        assert!(store.item(9999).unwrap().is_none());
    }

    #[test]
    fn an_update_with_some_new_items_stores_a_block_of_just_theirs_and_removal_frees_blocks() {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, _) = store_with_items(&dir, 3);
        let again: Vec<ParsedItem> = (2..5)
            .map(|n| ParsedItem {
                identity: format!("id-{n}"),
                title: Some(format!("Title {n} about rust")),
                content: Some(body(n)),
                ..ParsedItem::default()
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
        assert!(store.search("\"unbalanced AND (", 10).unwrap().is_empty());
        assert!(store.search("  ...  ", 10).unwrap().is_empty());
        assert_eq!(store.search("rust: (title)", 10).unwrap().len(), 3);
    }

    #[test]
    fn search_cuts_words_where_the_index_does() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("s.db")).unwrap();
        let item = ParsedItem {
            identity: "only-summary".into(),
            title: Some("Plain".into()),
            content: Some("<p>An e-mail about gardening</p>".into()),
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
