//! Long listings: read whole and sorted rather than through an index; they must come out as one
//! list, in order, in both formats.

use chrono::{TimeZone, Utc};
use folio::serve::{Route, StaticServer};

use super::Env;

const FEEDS: usize = 3;
/// Items per feed: the whole list is long enough to be sorted in memory (2000 rows and more).
const ITEMS: usize = 2_000;

/// Feed `feed`'s items interleave in time with the other feeds': item `n` is published at minute
/// `n * FEEDS + feed`, so the newest-first order is known.
fn interleaved_feed(feed: usize) -> String {
    let mut xml = format!("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>F{feed}</title>\n");
    for n in 0..ITEMS {
        let minute = i64::try_from(n * FEEDS + feed).unwrap();
        let date = Utc.timestamp_opt(1_700_000_000 + minute * 60, 0).unwrap();
        xml.push_str(&format!(
            "<item><guid>f{feed}-{n}</guid><title>F{feed} item {n}</title>\
             <link>http://example.org/{feed}/{n}</link><pubDate>{}</pubDate></item>\n",
            date.to_rfc2822()
        ));
    }
    xml.push_str("</channel></rss>\n");
    xml
}

#[test]
fn a_long_listing_comes_out_whole_and_in_order_as_text_and_json() {
    let routes = (0..FEEDS).map(|feed| {
        let body = interleaved_feed(feed);
        (
            format!("/{feed}.xml"),
            Route::content(body, "application/rss+xml"),
        )
    });
    let server = StaticServer::start(routes, false).unwrap();
    let env = Env::new();
    env.add_all(
        &(0..FEEDS)
            .map(|f| server.url(&format!("/{f}.xml")))
            .collect::<Vec<_>>(),
    );

    // Newest first: minute FEEDS * ITEMS - 1 down to 0.
    let expected: Vec<String> = (0..FEEDS * ITEMS)
        .rev()
        .map(|minute| format!("F{} item {}", minute % FEEDS, minute / FEEDS))
        .collect();
    let json = env.list_json(&["--unread"]);
    let titles: Vec<&str> = json.iter().filter_map(|i| i["title"].as_str()).collect();
    assert_eq!(titles.len(), FEEDS * ITEMS);
    assert!(titles == expected, "the JSON list is out of order");

    let (code, text, stderr) = env.run(&["list", "--unread"]);
    assert_eq!(code, 0, "{stderr}");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), FEEDS * ITEMS);
    for (line, title) in lines.iter().zip(&expected) {
        // `N 2023-11-14 22:13  F0: F0 item 0  http://example.org/0/0`
        let feed = &title[..2];
        assert!(
            line.starts_with("N ") && line.contains(&format!("  {feed}: {title}  http://example.org/")),
            "{line} is not {title}"
        );
    }

    // A limit past one part: the newest ones, in the same order.
    let limited = env.list_json(&["--limit", "2500"]);
    let limited: Vec<&str> = limited.iter().filter_map(|i| i["title"].as_str()).collect();
    assert!(limited == expected[..2500], "--limit 2500 is not the first 2500");
}
