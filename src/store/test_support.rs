//! Databases with items in them, for the store's own tests.
#![allow(clippy::unwrap_used)]

use chrono::{TimeZone, Utc};

use super::{FeedId, FeedUpdate, IncomingFeed, IncomingItem, PreparedFeed, Store};

/// A store whose one feed has `count` items, each with a body (see [`body`]).
pub fn store_with_items(dir: &tempfile::TempDir, count: i64) -> (Store, FeedId) {
    let mut store = Store::open(&dir.path().join("i.db")).unwrap();
    let items = (0..count)
        .map(|n| IncomingItem {
            identity: format!("id-{n}"),
            title: Some(format!("Title {n} about rust")),
            published: Utc.timestamp_opt(1_700_000_000 + n * 60, 0).single(),
            body: Some(body(n)),
            ..IncomingItem::default()
        })
        .collect();
    let feed = subscribe_with(&mut store, "https://e.example/f", items);
    (store, feed)
}

/// A body whose last words sit thousands of characters in for n >= 1.
pub fn body(n: i64) -> String {
    format!(
        "{}<p>closing thought&nbsp;number {n}</p>",
        "<p>word </p>".repeat(n as usize * 50 + 1)
    )
}

/// Subscribes to `url` and stores `items` as its feed's content.
pub fn subscribe_with(store: &mut Store, url: &str, items: Vec<IncomingItem>) -> FeedId {
    let (feed, _) = store.subscribe(url, None, &[]).unwrap();
    let incoming = IncomingFeed {
        title: Some("E".into()),
        site_url: None,
        items,
    };
    store
        .store_feed_update(
            feed,
            &FeedUpdate {
                feed: &PreparedFeed::new(incoming),
                etag: None,
                last_modified: None,
                fetched_at: Utc::now(),
            },
        )
        .unwrap();
    feed
}

/// An item with a link and a short body.
pub fn incoming_item(identity: &str, title: &str) -> IncomingItem {
    IncomingItem {
        identity: identity.into(),
        title: Some(title.into()),
        link: Some(format!("https://e.example/{identity}")),
        body: Some(format!("<p>{title} body</p>")),
        ..IncomingItem::default()
    }
}

/// Search's plain text in tests: the feed reader's own.
pub fn plain(html: &str) -> String {
    crate::markup::html_to_plain(html)
}

/// Items whose bodies do not compress, so that removing them frees many pages.
pub fn bulky_items(count: usize) -> Vec<IncomingItem> {
    use sha2::{Digest, Sha256};
    (0..count)
        .map(|n| {
            let body: String = (0..100)
                .flat_map(|i| Sha256::digest(format!("{n}/{i}")))
                .map(|byte| format!("{byte:02x}"))
                .collect();
            IncomingItem {
                identity: format!("bulky-{n}"),
                title: Some(format!("Bulky {n}")),
                body: Some(body),
                ..IncomingItem::default()
            }
        })
        .collect()
}
