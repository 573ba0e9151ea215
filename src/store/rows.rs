//! The row and query types of item lists: which items (filter, feed, order, paging, fields), the
//! rows they give (owned, or borrowed while a long list streams), and how a full row is read.

use chrono::{DateTime, Utc};
use rusqlite::Row;
use rustc_hash::FxHashMap;

use super::{FeedId, ItemId, from_timestamp};

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
    /// empty. Each column read costs SQLite a decode and us a call per row, and a long listing
    /// is little else.
    ListLine,
}

/// What kind of file an item's first playable enclosure is: lists mark the item with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MediaKind {
    Audio,
    Video,
    Other,
}

impl MediaKind {
    /// The number the `media` column holds.
    pub(super) fn code(self) -> i64 {
        match self {
            MediaKind::Audio => 1,
            MediaKind::Video => 2,
            MediaKind::Other => 3,
        }
    }

    pub(super) fn from_code(code: i64) -> Option<MediaKind> {
        match code {
            1 => Some(MediaKind::Audio),
            2 => Some(MediaKind::Video),
            3 => Some(MediaKind::Other),
            _ => None,
        }
    }
}

impl rusqlite::ToSql for MediaKind {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        Ok(self.code().into())
    }
}

/// The `media` column read: unknown numbers (a newer folio's) are no mark.
pub(super) fn media_of(code: Option<i64>) -> Option<MediaKind> {
    code.and_then(MediaKind::from_code)
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
    pub media: Option<MediaKind>,
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
    pub media: Option<MediaKind>,
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
            media: self.media,
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
            media: self.media,
        }
    }
}

/// One item with its body, for the reader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemDetail {
    pub row: ItemRow,
    /// The HTML body the feed gave.
    pub content: Option<String>,
    /// The enclosures as the JSON the refresh stored with the item.
    pub enclosures_json: Option<String>,
}

/// The columns [`read_row`] reads: an item with its feed's URL and title.
pub(super) const ROW_COLUMNS: &str =
    "i.id, i.feed_id, f.url, f.title, i.title, i.link, i.author, i.published, i.read, i.starred,
     i.comments_url, i.comments_feed_url, i.comment_count, i.media";

/// Every feed's URL and title by id.
pub(super) type FeedNames = FxHashMap<FeedId, (String, Option<String>)>;

/// A feed's URL and title. Rows and feeds are read in one statement's snapshot; a feed missing
/// from the map (removed since) still gives a row.
pub(super) fn feed_of(feeds: &FeedNames, feed_id: FeedId) -> (&str, Option<&str>) {
    feeds
        .get(&feed_id)
        .map_or(("", None), |(url, title)| (url.as_str(), title.as_deref()))
}

pub(super) fn read_row(row: &Row<'_>) -> rusqlite::Result<ItemRow> {
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
        media: media_of(row.get(13)?),
    })
}
