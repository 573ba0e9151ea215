//! add (with discovery), remove, import (OPML, newsboat urls), export.

use folio::serve::{Route, StaticServer};

use super::{Env, rss_route};

#[test]
fn add_finds_the_feed_a_page_announces() {
    let page = r#"<!DOCTYPE html><html><head><title>Blog</title>
        <link rel="alternate" type="application/atom+xml" href="/atom.xml"></head><body>hi</body></html>"#;
    let atom = r#"<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Blog feed</title><id>urn:b</id>
        <updated>2024-01-01T00:00:00Z</updated><entry><id>urn:b:1</id><title>Post</title><updated>2024-01-01T00:00:00Z</updated>
        <link href="http://example.org/post"/></entry></feed>"#;
    let server = StaticServer::start(
        [
            ("/".to_string(), Route::content(page, "text/html; charset=utf-8")),
            (
                "/atom.xml".to_string(),
                Route::content(atom, "application/atom+xml"),
            ),
        ],
        false,
    )
    .unwrap();
    let env = Env::new();
    let (code, stdout, stderr) = env.run(&["add", &server.url("/")]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains(&server.url("/atom.xml")), "{stdout}");
    let items = env.list_json(&[]);
    assert_eq!(items[0]["title"], "Post");
    assert_eq!(items[0]["feed"], server.url("/atom.xml"));
}

#[test]
fn add_probes_the_usual_feed_paths_when_the_page_announces_none() {
    let server = StaticServer::start(
        [
            (
                "/blog".to_string(),
                Route::content("<html><body>no links</body></html>", "text/html"),
            ),
            (
                "/index.xml".to_string(),
                rss_route("Guessed", &[("g1", "found me")]),
            ),
        ],
        false,
    )
    .unwrap();
    let env = Env::new();
    let (code, stdout, stderr) = env.run(&["add", &server.url("/blog")]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains(&server.url("/index.xml")), "{stdout}");
}

#[test]
fn add_and_remove_report_their_errors_in_one_line() {
    let server =
        StaticServer::start([("/a.xml".to_string(), rss_route("A", &[("a1", "one")]))], false).unwrap();
    let env = Env::new();
    env.add_all(&[server.url("/a.xml")]);
    let (code, stdout, _) = env.run(&["add", &server.url("/a.xml"), "--tag", "later"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("already subscribed"), "{stdout}");
    let (code, stdout, _) = env.run(&["remove", &server.url("/a.xml")]);
    assert_eq!(code, 0, "{stdout}");
    assert!(env.list_json(&[]).is_empty(), "remove drops the feed's items");
    let (code, _, stderr) = env.run(&["remove", &server.url("/a.xml")]);
    assert_eq!(code, 1);
    assert_eq!(
        stderr.trim(),
        format!("error: not subscribed to {}", server.url("/a.xml"))
    );
    let (code, _, stderr) = env.run(&["add", "not a url"]);
    assert_eq!(code, 1);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

#[test]
fn opml_import_then_export_round_trips_titles_and_tags() {
    let opml = r#"<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>mine</title></head><body>
  <outline text="Tech">
    <outline text="Rust">
      <outline type="rss" text="This Week in Rust" xmlUrl="https://twir.example/rss"/>
    </outline>
    <outline type="rss" text="Lobsters &amp; co" xmlUrl="https://lobste.example/rss" category="daily"/>
  </outline>
  <outline type="rss" text="Loose" xmlUrl="https://loose.example/atom"/>
</body></opml>"#;
    let env = Env::new();
    let file = env.dir().join("subs.opml");
    std::fs::write(&file, opml).unwrap();
    let (code, stdout, stderr) = env.run(&["import", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("imported 3 feeds (3 new)"), "{stdout}");

    let (code, exported, _) = env.run(&["export"]);
    assert_eq!(code, 0);
    let again = Env::new();
    let file = again.dir().join("exported.opml");
    std::fs::write(&file, &exported).unwrap();
    assert_eq!(again.run(&["import", file.to_str().unwrap()]).0, 0);
    let feeds = |env: &Env| -> Vec<serde_json::Value> {
        let (_, json, _) = env.run(&["feeds", "--json"]);
        let mut feeds: Vec<serde_json::Value> = serde_json::from_str(&json).unwrap();
        for feed in &mut feeds {
            let mut tags: Vec<String> = feed["tags"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| t.as_str().unwrap().to_string())
                .collect();
            tags.sort();
            feed["tags"] = serde_json::json!(tags);
        }
        feeds
            .iter()
            .map(|f| serde_json::json!({"url": f["url"], "title": f["title"], "tags": f["tags"]}))
            .collect()
    };
    let original = feeds(&env);
    assert_eq!(original, feeds(&again));
    assert!(original.contains(&serde_json::json!({
        "url": "https://twir.example/rss", "title": "This Week in Rust", "tags": ["Rust", "Tech"]
    })));
    assert!(original.contains(&serde_json::json!({
        "url": "https://lobste.example/rss", "title": "Lobsters & co", "tags": ["Tech", "daily"]
    })));
}

#[test]
fn newsboat_urls_import_skips_queries_with_a_warning() {
    let urls = "# feeds\nhttps://a.example/rss tech \"~Alpha\"\n\"query:Unread:unread = \\\"yes\\\"\"\nexec:~/bin/x\nhttps://b.example/atom\n";
    let env = Env::new();
    let file = env.dir().join("urls");
    std::fs::write(&file, urls).unwrap();
    let (code, stdout, stderr) = env.run(&["import", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("imported 2 feeds"), "{stdout}");
    assert_eq!(
        stderr
            .lines()
            .filter(|l| l.starts_with("warning:") && l.contains("urls"))
            .count(),
        2,
        "{stderr}"
    );
    let (_, json, _) = env.run(&["feeds", "--json"]);
    let feeds: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(feeds[0]["title"], "Alpha");
    assert_eq!(feeds[0]["tags"], serde_json::json!(["tech"]));
}

#[test]
fn a_broken_import_file_is_one_error_naming_it() {
    let env = Env::new();
    let file = env.dir().join("broken.opml");
    std::fs::write(&file, "<opml><body><outline text=\"x\"></body></opml>").unwrap();
    let (code, _, stderr) = env.run(&["import", file.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        stderr.starts_with("error: ") && stderr.contains("broken.opml"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1);
    let (code, _, stderr) = env.run(&["import", env.dir().join("missing").to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(stderr.contains("missing"), "{stderr}");
}
