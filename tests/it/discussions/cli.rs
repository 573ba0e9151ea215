//! `folio discussions` and `folio read --discussion`, the real binary against the loopback sites.

use super::{World, shape};

#[test]
fn the_three_sites_and_the_page_appear_together_most_commented_first() {
    let world = World::new();
    let (code, found, stderr) = world.discussions_json();
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        shape(&found),
        [
            ("hn".to_string(), Some(312)),
            ("reddit".to_string(), Some(40)),
            ("page".to_string(), Some(10)),
            ("lobsters".to_string(), Some(7)),
            ("reddit".to_string(), Some(3)),
        ],
        "the neighbours (part two, another page, an Ask HN) are left out"
    );
    let hn = &found[0];
    let mut keys: Vec<&str> = hn.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["comments", "created", "points", "site", "title", "url"]);
    assert_eq!(hn["url"], "https://news.ycombinator.com/item?id=8863");
    assert_eq!(hn["title"], "Incremental rollouts considered harmful");
    assert_eq!(hn["points"], 420);
    assert_eq!(hn["created"], "2024-03-10T08:00:00Z");
    assert_eq!(
        found[1]["title"],
        "We did an incremental rollout of 40 services & survived"
    );
    assert_eq!(
        found[1]["url"],
        "https://www.reddit.com/r/programming/comments/1b2c3d/incremental_rollouts/"
    );
    let page = &found[2];
    assert_eq!(page["url"], world.article());
    assert_eq!(page["title"], "Incremental rollouts – Example Blog");
    assert!(page["points"].is_null() && page["created"].is_null());
    assert_eq!(found[3]["url"], "https://lobste.rs/s/abc123");
}

#[test]
fn text_is_one_line_per_discussion() {
    let world = World::new();
    let (code, stdout, stderr) = world.run(&["discussions", &world.article()]);
    assert_eq!(code, 0, "{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 5, "{stdout}");
    assert!(lines[0].starts_with("hn "), "{stdout}");
    for words in [
        "312 comments",
        "420 points",
        "Incremental rollouts considered harmful",
        "item?id=8863",
    ] {
        assert!(lines[0].contains(words), "{words} in {}", lines[0]);
    }
    assert!(lines[2].starts_with("page ") && lines[2].contains("10 comments") && lines[2].contains(" - "));
    assert!(lines[4].contains("3 comments") && lines[4].contains("15 points"));
}

#[test]
fn each_site_is_asked_once_within_the_cache_age() {
    let world = World::new();
    let (_, first, _) = world.discussions_json();
    assert_eq!(world.site_requests(), 3, "one question to each site");
    let (code, again, stderr) = world.discussions_json();
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(again, first);
    assert_eq!(world.site_requests(), 3, "answers reused from the database");
    // Past the cache age, the sites are asked again.
    rusqlite::Connection::open(&world.db)
        .unwrap()
        .execute_batch("UPDATE discussion_cache SET fetched = fetched - 31 * 60")
        .unwrap();
    world.discussions_json();
    assert_eq!(world.site_requests(), 6);
}

#[test]
fn the_feeds_comments_link_merges_with_the_thread_the_search_found() {
    let world = World::new();
    world.feed_item(Some("https://news.ycombinator.com/item?id=8863"), Some(300));
    let (code, found, stderr) = world.discussions_json();
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(found.len(), 5, "one HN discussion, not two: {found:?}");
    assert_eq!(shape(&found)[0], ("hn".to_string(), Some(312)));

    // A comments link no site was asked about is a discussion too.
    let world = World::new();
    world.feed_item(Some("https://forum.example/t/rollouts/77"), Some(55));
    let (_, found, _) = world.discussions_json();
    assert_eq!(shape(&found)[1], ("feed".to_string(), Some(55)));
    assert_eq!(found[1]["url"], "https://forum.example/t/rollouts/77");
    assert_eq!(found[1]["title"], "Incremental rollouts");
}

#[test]
fn read_discussion_reads_a_sites_thread_or_all_of_them_each_under_a_heading() {
    let world = World::new();
    let (code, stdout, stderr) = world.run(&["read", &world.article(), "--discussion", "hn"]);
    assert_eq!(code, 0, "{stderr}");
    let heading = stdout
        .lines()
        .find(|l| l.starts_with("══ HN"))
        .unwrap_or_else(|| panic!("a heading for HN in {stdout}"));
    assert!(
        heading.contains("312 comments") && heading.contains("item?id=8863"),
        "{heading}"
    );
    assert!(
        stdout.contains("The undefeated build system strikes again"),
        "{stdout}"
    );
    assert!(!stdout.contains("══ Lobsters"), "{stdout}");

    let (code, stdout, stderr) = world.run(&["read", &world.article(), "--discussion", "all", "--json"]);
    assert_eq!(code, 0, "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["article"]["title"], "Incremental rollouts – Example Blog");
    let read = json["discussions"].as_array().unwrap();
    let sites: Vec<&str> = read.iter().map(|d| d["site"].as_str().unwrap()).collect();
    assert_eq!(sites, ["hn", "reddit", "page", "lobsters", "reddit"]);
    let authors = |d: &serde_json::Value| -> Vec<String> {
        d["thread"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["author"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(authors(&read[0])[0], "mtr");
    assert_eq!(authors(&read[3])[0], "kjell_o");
    assert_eq!(authors(&read[2])[0], "Ines Moreau");

    let (code, _, stderr) = world.run(&["read", &world.article(), "--discussion", "mastodon"]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("hn, lobsters, reddit, page, feed or all"),
        "{stderr}"
    );
}

#[test]
fn the_thread_readers_use_the_configured_endpoints() {
    let world = World::new();
    let (code, stdout, stderr) = world.run(&[
        "read",
        "https://news.ycombinator.com/item?id=8863",
        "--comments",
        "--json",
    ]);
    assert_eq!(code, 0, "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["comments"][0]["author"], "mtr");
    assert_eq!(world.hn.stats().requests(), 1, "asked the mirror, not the site");
}
