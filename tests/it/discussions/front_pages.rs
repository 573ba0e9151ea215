//! The discussion sites' front pages as feeds: `folio add hn:top` (and the other lists),
//! `lobsters:hottest`, `lobsters:t/TAG`, `reddit:r/NAME`, read through their APIs at the
//! configured endpoints, each item carrying its discussion.

use folio::serve::Route;

use super::{World, fixture, json};

/// The world with the front pages served by the loopback sites.
fn world() -> World {
    let world = World::new();
    let serve = |server: &folio::serve::StaticServer, path: &str, name: &str| {
        server.set_route(path, json(fixture(&format!("discussions/{name}"))));
    };
    serve(&world.hn, "/v0/topstories.json", "hn-topstories.json");
    for id in ["8863", "121003", "9999999"] {
        serve(
            &world.hn,
            &format!("/v0/item/{id}.json"),
            &format!("hn-item-{id}.json"),
        );
    }
    serve(&world.lobsters, "/hottest.json", "lobsters-hottest.json");
    serve(&world.lobsters, "/t/rust.json", "lobsters-t-rust.json");
    serve(&world.reddit, "/r/rust/hot.json", "reddit-r-rust.json");
    world
}

/// (title, link, comments link, comment count) of the stored items, in the front page's order.
fn items(world: &World, feed: &str) -> Vec<(String, String, String, Option<u32>)> {
    let db = rusqlite::Connection::open(&world.db).unwrap();
    let mut statement = db
        .prepare(
            "SELECT i.title, i.link, i.comments_url, i.comment_count FROM items i
             JOIN feeds f ON f.id = i.feed_id WHERE f.url = ?1 ORDER BY i.id",
        )
        .unwrap();
    statement
        .query_map([feed], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn hacker_news_lists_become_feeds_with_their_discussions() {
    let world = world();
    let (code, stdout, stderr) = world.run(&["add", "hn:top"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout.trim(), "added hn:top Hacker News: top (2 new items)");
    let stored = items(&world, "hn:top");
    let item_page = |id: &str| format!("https://news.ycombinator.com/item?id={id}");
    assert_eq!(
        stored,
        [
            (
                "Incremental rollouts considered harmful".to_string(),
                "https://blog.example/rollouts".to_string(),
                item_page("8863"),
                Some(312)
            ),
            (
                "Ask HN: The Arc Effect".to_string(),
                item_page("121003"),
                item_page("121003"),
                Some(7)
            ),
        ],
        "the dead story and the one that would not load are left out"
    );
    let (code, stdout, stderr) = world.run(&["feeds", "--json"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("\"hn:top\"") && stdout.contains("Hacker News: top"),
        "{stdout}"
    );

    // A refresh reads it again through the API.
    let before = world.hn.stats().requests();
    let (code, stdout, stderr) = world.run(&["refresh"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(world.hn.stats().requests() > before);

    let (code, _, stderr) = world.run(&["add", "hn:jobs"]);
    assert_eq!(code, 1);
    assert_eq!(
        stderr.trim(),
        "error: hn:jobs: not a front page: use hn:top, hn:best, hn:new, hn:ask or hn:show"
    );
}

#[test]
fn lobsters_and_reddit_front_pages_become_feeds() {
    let world = world();
    for (address, title) in [
        ("lobsters:hottest", "Lobsters: hottest"),
        ("lobsters:t/rust", "Lobsters: rust"),
        ("reddit:r/rust", "r/rust"),
    ] {
        let (code, stdout, stderr) = world.run(&["add", address]);
        assert_eq!(code, 0, "{address}: {stderr}");
        assert!(
            stdout.starts_with(&format!("added {address} {title} (")),
            "{stdout}"
        );
    }
    let hottest = items(&world, "lobsters:hottest");
    assert_eq!(hottest[0].1, "https://blog.example/rollouts");
    assert_eq!(hottest[0].2, "https://lobste.rs/s/abc123");
    assert_eq!(hottest[0].3, Some(7));
    assert_eq!(
        hottest[1].1, "https://lobste.rs/s/xyz789",
        "a text post links to itself"
    );
    assert_eq!(items(&world, "lobsters:t/rust")[0].0, "Async drop, finally");
    let rust = items(&world, "reddit:r/rust");
    assert_eq!(rust[0].0, "Rollouts & you");
    assert_eq!(rust[0].1, "https://blog.example/rollouts?utm_source=reddit");
    assert_eq!(
        rust[0].2,
        "https://www.reddit.com/r/rust/comments/1x2y3z/rollouts_you/"
    );
    assert_eq!(rust[0].3, Some(88));
    assert_eq!(rust[1].1, rust[1].2, "a self post links to its discussion");

    // A front page that fails is the feed's error, as for any feed.
    world.reddit.set_route("/r/rust/hot.json", Route::status(503));
    let (code, _, stderr) = world.run(&["refresh", "reddit:r/rust"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("reddit:r/rust") && stderr.contains("HTTP 503"),
        "{stderr}"
    );
}
