//! Any bytes as a feed, under any of a few content types: parsing (charset, the comment-count and
//! truncation scan, feed-rs), then packing the bodies for the store, never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;

const CONTENT_TYPES: [Option<&str>; 4] = [
    None,
    Some("application/rss+xml; charset=utf-8"),
    Some("text/xml; charset=iso-8859-1"),
    Some("application/feed+json"),
];

fuzz_target!(|data: &[u8]| {
    // The first byte picks the content type the server claims.
    let Some((&pick, feed)) = data.split_first() else { return };
    let content_type = CONTENT_TYPES[usize::from(pick) % CONTENT_TYPES.len()];
    if let Ok(parsed) = folio::feed::parse(feed, content_type, "https://example.org/feed") {
        let _ = folio::store::PreparedFeed::new(parsed);
    }
});
