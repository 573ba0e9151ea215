//! Long lists read in the table's own order and sorted here.
//!
//! Items are stored feed by feed, and lists show them by time. Through a time index each row is a
//! lookup somewhere else in the table, and for a long list those scattered B-tree searches are
//! most of its cost; reading the table front to back and sorting the rows here avoids them. (An
//! index holding every listed column would too, but every refresh commit would rewrite the pages
//! of that wide, time-ordered index its items land on.) Short lists, and one feed's items, which
//! lie together, still come through their indexes.

use rusqlite::types::ValueRef;
use rusqlite::{Connection, Row};
use std::cmp::Reverse;
use std::ops::{Range, RangeInclusive};

use super::rows::{FeedNames, ItemOrder, ItemRowRef, RowFields, feed_of, media_of};
use super::{FeedId, ItemId, StoreError, from_timestamp};

/// From this many rows on (or with no limit), a list is sorted here rather than read in order
/// through an index: below it, the lookups cost less than reading the whole table.
pub(super) const SORT_HERE_FROM: usize = 2_000;

/// What a scan selects, by [`RowFields`]: the columns every listing prints first, then the ones
/// only full rows carry (a list line reads 8 columns instead of 11: each column read is three
/// calls into SQLite, for every row).
pub(super) fn scan_columns(fields: RowFields) -> &'static str {
    // One literal for the shared columns, so both selections keep the same positions.
    macro_rules! list_line_columns {
        () => {
            "i.id, i.feed_id, i.sorted_at, i.published, i.read | (i.starred << 1) | (COALESCE(i.media, 0) << 2), i.title, i.link, \
             i.comments_url"
        };
    }
    match fields {
        RowFields::ListLine => list_line_columns!(),
        RowFields::All => concat!(
            list_line_columns!(),
            ", i.author, i.comments_feed_url, i.comment_count"
        ),
    }
}

/// The text fields of a row, where [`scan_columns`] puts them: title, link, comments link, then
/// (full rows only) author and comments feed.
const TEXT_COLUMNS: [usize; 5] = [5, 6, 7, 8, 9];
/// The comment count's column, on full rows.
const COMMENT_COUNT_COLUMN: usize = 10;

/// The page cache of a connection while it scans: a scan reads each page once, so a larger cache
/// would only be memory to fault in (see `Store::scan_items`).
pub(super) const SCAN_CACHE_KIB: i64 = 256;

/// Rows visited together: see `visit_sorted`.
const BATCH: usize = 32;

/// A field's length that stands for NULL.
const NULL_FIELD: u32 = u32::MAX;

/// Text is kept in chunks of this size: a buffer that doubles as it grows would copy everything
/// read so far at each step and touch twice the memory.
const TEXT_CHUNK: usize = 1 << 20;

/// Rows as they are read, in storage order; their text kept end to end in a few large chunks
/// (one allocation per megabyte instead of five per row).
struct ScannedRows {
    /// Which columns the rows carry: see [`scan_columns`].
    fields: RowFields,
    chunks: Vec<Vec<u8>>,
    rows: Vec<ScannedRow>,
}

/// Scanned rows with their order: the rows stay where they were read, their sort keys are sorted.
pub(super) struct SortedScan {
    /// The text chunks, checked to be UTF-8.
    text: Vec<String>,
    rows: Vec<ScannedRow>,
    /// One key per row, in list order; the last field is the row's place in `rows`.
    keys: Vec<SortKey>,
}

/// Unread-first rows put `read` first (false otherwise), then newest first, ties by id. A few
/// words each: sorting them moves much less than sorting the rows.
type SortKey = (bool, Reverse<i64>, Reverse<ItemId>, u32);

/// One row, small (80 bytes) because the rows are visited in sorted order, that is at random:
/// the fewer cache lines a row spans, the fewer misses.
struct ScannedRow {
    sorted_at: i64,
    id: ItemId,
    feed_id: FeedId,
    published: Option<i64>,
    comment_count: Option<u32>,
    read: bool,
    starred: bool,
    /// The `media` column (0 for NULL), carried in the flags column's upper bits.
    media: u8,
    /// The chunk holding this row's text, and where in it the text starts.
    chunk: u32,
    start: u32,
    /// Title, link, comments link, author, comments feed: their lengths, one after another from
    /// `start`; [`NULL_FIELD`] for NULL.
    lengths: [u32; 5],
}

impl ScannedRows {
    /// Room for about `rows` rows of `scan_columns(fields)` (a guess: only reserved, not touched).
    fn with_capacity(fields: RowFields, rows: usize) -> ScannedRows {
        ScannedRows {
            fields,
            chunks: Vec::new(),
            rows: Vec::with_capacity(rows),
        }
    }

    /// Keeps one row of [`scan_columns`].
    fn push(&mut self, row: &Row<'_>) -> rusqlite::Result<()> {
        let full_row = self.fields == RowFields::All;
        let mut fields: [Option<&[u8]>; 5] = [None; 5];
        let present = if full_row { 5 } else { 3 };
        for (field, column) in fields.iter_mut().zip(TEXT_COLUMNS).take(present) {
            // Bytes as stored: validated as UTF-8 once per chunk, in `sorted`.
            *field = match row.get_ref(column)? {
                ValueRef::Null => None,
                ValueRef::Text(bytes) => Some(bytes),
                other => {
                    return Err(rusqlite::Error::InvalidColumnType(
                        column,
                        String::new(),
                        other.data_type(),
                    ));
                }
            };
        }
        let (chunk, start) = self.room_for(fields.iter().flatten().map(|f| f.len()).sum())?;
        let mut lengths = [NULL_FIELD; 5];
        for (length, field) in lengths.iter_mut().zip(fields) {
            if let Some(bytes) = field {
                *length = u32::try_from(bytes.len()).map_err(|_| too_long())?;
                chunk.extend_from_slice(bytes);
            }
        }
        let flags: i64 = row.get(4)?;
        self.rows.push(ScannedRow {
            id: row.get(0)?,
            feed_id: row.get(1)?,
            sorted_at: row.get(2)?,
            published: row.get(3)?,
            read: flags & 1 != 0,
            starred: flags & 2 != 0,
            media: u8::try_from((flags >> 2) & 0xff).unwrap_or(0),
            comment_count: if full_row {
                row.get(COMMENT_COUNT_COLUMN)?
            } else {
                None
            },
            chunk: u32::try_from(self.chunks.len() - 1).map_err(|_| too_long())?,
            start,
            lengths,
        });
        Ok(())
    }

    /// The chunk `len` more bytes go into (a new one when the last is full), and where they start.
    fn room_for(&mut self, len: usize) -> rusqlite::Result<(&mut Vec<u8>, u32)> {
        let full = self.chunks.last().is_none_or(|c| c.capacity() - c.len() < len);
        if full {
            self.chunks.push(Vec::with_capacity(TEXT_CHUNK.max(len)));
        }
        let chunk = self.chunks.last_mut().ok_or_else(too_long)?;
        let start = u32::try_from(chunk.len()).map_err(|_| too_long())?;
        Ok((chunk, start))
    }

    /// The rows in `order`: the text checked once per chunk, the keys sorted.
    fn sorted(self, order: ItemOrder) -> Result<SortedScan, StoreError> {
        let text = (self.chunks.into_iter())
            .map(String::from_utf8)
            .collect::<Result<Vec<_>, _>>()
            .map_err(not_utf8)?;
        let unread_first = order == ItemOrder::UnreadFirst;
        let mut keys = (self.rows.iter().enumerate())
            .map(|(at, row)| {
                let at = u32::try_from(at).map_err(|_| too_long())?;
                Ok((
                    unread_first && row.read,
                    Reverse(row.sorted_at),
                    Reverse(row.id),
                    at,
                ))
            })
            .collect::<Result<Vec<SortKey>, rusqlite::Error>>()?;
        // Ids are unique, so the unstable sort gives the one order the indexes give.
        keys.sort_unstable();
        Ok(SortedScan {
            text,
            rows: self.rows,
            keys,
        })
    }
}

impl SortedScan {
    /// A scan that found nothing.
    pub(super) fn empty() -> SortedScan {
        SortedScan {
            text: Vec::new(),
            rows: Vec::new(),
            keys: Vec::new(),
        }
    }

    /// The rows in order, with the feeds they name, from `offset` on and at most `limit` of them.
    pub(super) fn into_list(self, offset: usize, limit: Option<usize>, feeds: FeedNames) -> SortedItems {
        let end = limit.map_or(self.keys.len(), |limit| {
            offset.saturating_add(limit).min(self.keys.len())
        });
        SortedItems {
            picked: offset.min(end)..end,
            scan: self,
            feeds,
        }
    }
}

/// A long list read and sorted, with the feeds its rows name.
pub(super) struct SortedItems {
    scan: SortedScan,
    feeds: FeedNames,
    /// Which sort keys the list is: the query's offset and limit applied.
    picked: Range<usize>,
}

impl SortedItems {
    /// Hands the rows of the list to `visit`, in order.
    pub(super) fn visit<E>(&self, mut visit: impl FnMut(&ItemRowRef<'_>) -> Result<(), E>) -> Result<(), E> {
        let SortedScan { text, rows, keys } = &self.scan;
        let picked = keys.get(self.picked.clone()).unwrap_or_default();
        let mut batch_rows: Vec<&ScannedRow> = Vec::with_capacity(BATCH);
        for batch in picked.chunks(BATCH) {
            batch_rows.clear();
            batch_rows.extend(batch.iter().filter_map(|&(.., at)| rows.get(at as usize)));
            // Rows come at random places of the row vector and the text: visiting them one by
            // one waits for memory at each row. Reading each row's first text byte for a whole
            // batch first lets those cache misses overlap, as the loads do not depend on each other.
            let touched = batch_rows
                .iter()
                .fold(0u8, |seen, row| seen ^ row.first_byte(text));
            std::hint::black_box(touched);
            for row in &batch_rows {
                let (feed_url, feed_title) = feed_of(&self.feeds, row.feed_id);
                let [title, link, comments_url, author, comments_feed_url] = row.fields(text);
                visit(&ItemRowRef {
                    id: row.id,
                    feed_id: row.feed_id,
                    feed_url,
                    feed_title,
                    title,
                    link,
                    author,
                    published: from_timestamp(row.published),
                    read: row.read,
                    starred: row.starred,
                    comments_url,
                    comments_feed_url,
                    comment_count: row.comment_count,
                    media: media_of(Some(i64::from(row.media))),
                })?;
            }
        }
        Ok(())
    }
}

impl ScannedRow {
    fn first_byte(&self, chunks: &[String]) -> u8 {
        let text = chunks.get(self.chunk as usize).map_or(&[][..], |c| c.as_bytes());
        text.get(self.start as usize).copied().unwrap_or(0)
    }

    /// The row's text fields, cut out of its chunk.
    fn fields<'a>(&self, chunks: &'a [String]) -> [Option<&'a str>; 5] {
        let text = chunks.get(self.chunk as usize).map_or("", String::as_str);
        let mut at = self.start as usize;
        self.lengths.map(|length| {
            (length != NULL_FIELD).then(|| {
                let field = text.get(at..at + length as usize).unwrap_or("");
                at += length as usize;
                field
            })
        })
    }
}

/// The items with an id in `ids` that every one of `conditions` (SQL on `items i`) keeps, read
/// front to back through `conn`, put in `order`.
pub(super) fn scan_range(
    conn: &Connection,
    fields: RowFields,
    order: ItemOrder,
    conditions: &[&str],
    ids: RangeInclusive<i64>,
) -> Result<SortedScan, StoreError> {
    let columns = scan_columns(fields);
    let mut sql = format!("SELECT {columns} FROM items i NOT INDEXED WHERE i.id BETWEEN ?1 AND ?2");
    for condition in conditions {
        sql.push_str(" AND ");
        sql.push_str(condition);
    }
    let mut statement = conn.prepare_cached(&sql)?;
    let mut rows = statement.query([ids.start(), ids.end()])?;
    // Room for every id of the range: more than the rows when some are filtered out, but only
    // reserved, never touched, so the extra costs nothing.
    let span = ids
        .end()
        .saturating_sub(*ids.start())
        .saturating_add(1)
        .clamp(0, MAX_RESERVED);
    let mut scanned = ScannedRows::with_capacity(fields, usize::try_from(span).unwrap_or(0));
    while let Some(row) = rows.next()? {
        scanned.push(row)?;
    }
    scanned.sorted(order)
}

/// At most this many rows are reserved up front (ids may be sparse).
const MAX_RESERVED: i64 = 1 << 22;

/// A list too large to address with 32-bit offsets (SQLite caps a value at 1 GB by default).
fn too_long() -> rusqlite::Error {
    let why = "a list too large for 32-bit text offsets";
    rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, why.into())
}

fn not_utf8(error: std::string::FromUtf8Error) -> rusqlite::Error {
    rusqlite::Error::from(error.utf8_error())
}
