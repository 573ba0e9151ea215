//! Any bytes as a feed, under any of a few content types: parsing (charset, the comment-count and
//! truncation scan, feed-rs), then packing the bodies for the store, never panics; and lifting the
//! bodies out before feed-rs (feed/lift.rs) gives what feed-rs gives reading them itself.
#![no_main]

use libfuzzer_sys::fuzz_target;

const CONTENT_TYPES: [Option<&str>; 4] = [
    None,
    Some("application/rss+xml; charset=utf-8"),
    Some("text/xml; charset=iso-8859-1"),
    Some("application/feed+json"),
];

fuzz_target!(
    // libFuzzer's panic hook aborts, even for a panic folio catches (feed-rs's author-field bug,
    // see folio::panics): run it for the others only, so fuzzing goes on past the known bug.
    init: folio::panics::install_hook(),
    |data: &[u8]| {
        // The first byte picks the content type the server claims.
        let Some((&pick, feed)) = data.split_first() else { return };
        let content_type = CONTENT_TYPES[usize::from(pick) % CONTENT_TYPES.len()];
        let url = "https://example.org/feed";
        let parsed = folio::feed::parse(feed, content_type, url);
        match (&parsed, folio::feed::parse_reference(feed, content_type, url)) {
            (Ok(lifted), Ok(reference)) => assert_eq!(lifted, &reference),
            (Err(lifted), Err(reference)) => assert_eq!(lifted.to_string(), reference.to_string()),
            (lifted, reference) => panic!("lifted: {lifted:?}, feed-rs alone: {reference:?}"),
        }
        if let Ok(parsed) = parsed {
            let _ = folio::refresh::prepare(parsed);
        }
    }
);
