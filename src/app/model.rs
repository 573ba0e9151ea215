//! The rows the list screens show, as loaded from the store. Strings here are already
//! terminal-safe (the effect runner sanitizes what it loads).

use chrono::{DateTime, Utc};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedEntry {
    pub id: i64,
    pub url: String,
    pub title: String,
    pub tags: Vec<String>,
    pub unread: u32,
    pub total: u32,
    /// The last refresh's error, if it failed.
    pub last_error: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemEntry {
    pub id: i64,
    pub feed_id: i64,
    pub feed_title: String,
    pub title: String,
    pub link: Option<String>,
    pub published: Option<DateTime<Utc>>,
    pub read: bool,
    pub starred: bool,
    /// The comment count the feed announced (`slash:comments`, `thr:total`), when known.
    pub comments: Option<u32>,
    /// The kind of its enclosure (audio, video, another file), when it has one.
    pub media: Option<crate::store::MediaKind>,
}

/// Which items the item list shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ItemSource {
    Feed { id: i64, title: String },
    AllUnread,
    Starred,
    Search { query: String },
}

impl ItemSource {
    pub fn title(&self) -> String {
        match self {
            ItemSource::Feed { title, .. } => title.clone(),
            ItemSource::AllUnread => "All unread".into(),
            ItemSource::Starred => "Starred".into(),
            ItemSource::Search { query } => format!("Search: {query}"),
        }
    }
}

/// One row of the feed list: the virtual entries, tag headings, and feeds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeedRow {
    AllUnread {
        unread: u32,
    },
    Starred,
    Tag(String),
    /// An index into the feed entries.
    Feed(usize),
}

/// Groups feeds under their first tag (untagged feeds first), after the virtual entries.
pub fn feed_rows(feeds: &[FeedEntry]) -> Vec<FeedRow> {
    let unread = feeds.iter().map(|f| f.unread).sum();
    let mut rows = vec![FeedRow::AllUnread { unread }, FeedRow::Starred];
    let mut order: Vec<usize> = (0..feeds.len()).collect();
    order.sort_by(|&a, &b| {
        let key = |f: &FeedEntry| (f.tags.first().cloned(), f.title.to_lowercase());
        key(&feeds[a]).cmp(&key(&feeds[b]))
    });
    let mut current_tag: Option<&str> = None;
    for index in order {
        let tag = feeds[index].tags.first().map(String::as_str);
        if tag.is_some() && tag != current_tag {
            rows.push(FeedRow::Tag(tag.unwrap_or_default().to_string()));
        }
        current_tag = tag;
        rows.push(FeedRow::Feed(index));
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feed(title: &str, tags: &[&str], unread: u32) -> FeedEntry {
        FeedEntry {
            id: 0,
            url: String::new(),
            title: title.into(),
            tags: tags.iter().map(|t| t.to_string()).collect(),
            unread,
            total: unread,
            last_error: None,
        }
    }

    #[test]
    fn feeds_are_grouped_by_tag_after_virtual_rows() {
        let feeds = [
            feed("b", &["tech"], 1),
            feed("a", &[], 2),
            feed("c", &["news"], 3),
            feed("d", &["tech"], 0),
        ];
        assert_eq!(
            feed_rows(&feeds),
            vec![
                FeedRow::AllUnread { unread: 6 },
                FeedRow::Starred,
                FeedRow::Feed(1),
                FeedRow::Tag("news".into()),
                FeedRow::Feed(2),
                FeedRow::Tag("tech".into()),
                FeedRow::Feed(0),
                FeedRow::Feed(3),
            ]
        );
    }
}
