//! Long lists read in the table's own order and sorted here.
//!
//! Items are stored feed by feed, and lists show them by time. Through a time index each row is a
//! lookup somewhere else in the table: for a list of 100k items, 100k scattered B-tree searches
//! and the page reads behind them were most of its cost. Reading the table front to back and
//! sorting the rows here is a third cheaper. (An index holding every listed column would avoid
//! the lookups too, but a refresh commits feed after feed, and every commit rewrote the pages of
//! that wide, time-ordered index its items landed on: tens of thousands more page writes in a
//! cold refresh.) Short lists, and one feed's items, which lie together, still come through
//! their indexes.

use std::cmp::Reverse;
use std::ops::Range;

use rusqlite::Row;

use super::items::{FeedNames, ItemOrder, ItemRowRef, borrowed_text, feed_of};
use super::{FeedId, ItemId, StoreError, from_timestamp};

/// From this many rows on (or with no limit), a list is sorted here rather than read in order
/// through an index: below it, the lookups cost less than reading the whole table.
pub(super) const SORT_HERE_FROM: usize = 2_000;

/// The text fields of a row, in the order [`SortedScan::push`] reads them.
const TEXT_COLUMNS: [usize; 5] = [2, 3, 4, 8, 9];

/// Rows read in storage order; their text kept end to end in one buffer (one allocation for
/// the list instead of five per row).
#[derive(Default)]
pub(super) struct SortedScan {
    text: String,
    rows: Vec<ScannedRow>,
}

struct ScannedRow {
    sorted_at: i64,
    id: ItemId,
    feed_id: FeedId,
    published: Option<i64>,
    read: bool,
    starred: bool,
    comment_count: Option<u32>,
    /// Title, link, author, comments link, comments feed: ranges of `SortedScan::text`.
    fields: [Option<Range<usize>>; 5],
}

impl SortedScan {
    /// Keeps one row of `ITEM_COLUMNS` followed by `sorted_at`.
    pub(super) fn push(&mut self, row: &Row<'_>) -> rusqlite::Result<()> {
        let mut fields: [Option<Range<usize>>; 5] = Default::default();
        for (field, column) in fields.iter_mut().zip(TEXT_COLUMNS) {
            if let Some(text) = borrowed_text(row, column)? {
                let start = self.text.len();
                self.text.push_str(text);
                *field = Some(start..self.text.len());
            }
        }
        self.rows.push(ScannedRow {
            sorted_at: row.get(11)?,
            id: row.get(0)?,
            feed_id: row.get(1)?,
            published: row.get(5)?,
            read: row.get(6)?,
            starred: row.get(7)?,
            comment_count: row.get(10)?,
            fields,
        });
        Ok(())
    }

    /// Hands the rows to `visit` in `order`, skipping `offset` and stopping after `limit`.
    pub(super) fn visit_sorted<E: From<StoreError>>(
        self,
        order: ItemOrder,
        offset: usize,
        limit: Option<usize>,
        feeds: &FeedNames,
        mut visit: impl FnMut(&ItemRowRef<'_>) -> Result<(), E>,
    ) -> Result<(), E> {
        // The keys are sorted, not the rows (a few words each against a whole row moved at
        // every swap). Ids are unique, so the unstable sort gives the one order the indexes give.
        let unread_first = order == ItemOrder::UnreadFirst;
        let mut keys: Vec<_> = (self.rows.iter().enumerate())
            .map(|(at, row)| {
                (
                    unread_first && row.read,
                    Reverse(row.sorted_at),
                    Reverse(row.id),
                    at,
                )
            })
            .collect();
        keys.sort_unstable();
        let text = |range: &Option<Range<usize>>| range.clone().and_then(|r| self.text.get(r));
        let picked = keys.iter().skip(offset).take(limit.unwrap_or(usize::MAX));
        for row in picked.filter_map(|&(.., at)| self.rows.get(at)) {
            let (feed_url, feed_title) = feed_of(feeds, row.feed_id);
            let [title, link, author, comments_url, comments_feed_url] = &row.fields;
            visit(&ItemRowRef {
                id: row.id,
                feed_id: row.feed_id,
                feed_url,
                feed_title,
                title: text(title),
                link: text(link),
                author: text(author),
                published: from_timestamp(row.published),
                read: row.read,
                starred: row.starred,
                comments_url: text(comments_url),
                comments_feed_url: text(comments_feed_url),
                comment_count: row.comment_count,
            })?;
        }
        Ok(())
    }
}
