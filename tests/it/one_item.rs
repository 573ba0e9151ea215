//! A database holding one feed with one item, for the tests that read an item's thread.
#![allow(clippy::unwrap_used)]

use std::path::Path;

use chrono::Utc;
use folio::feed::{ParsedFeed, ParsedItem};
use folio::store::{FeedUpdate, Store};

/// Stores `item` as the only item of a feed in the database at `path`; its id.
pub fn store_one_item(path: &Path, item: ParsedItem) -> i64 {
    let mut store = Store::open(path).unwrap();
    let (feed, _) = store.subscribe("http://127.0.0.1:9/feed", None, &[]).unwrap();
    let parsed = ParsedFeed {
        title: Some("Feed".into()),
        site_url: None,
        items: vec![item],
        publisher_interval: None,
    };
    let update = FeedUpdate {
        feed: &folio::refresh::prepare(parsed),
        etag: None,
        last_modified: None,
        fetched_at: Utc::now(),
    };
    store.store_feed_update(feed, &update).unwrap();
    store.items(&Default::default()).unwrap()[0].id
}
