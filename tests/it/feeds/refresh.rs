//! Refresh against a real ETag server: counts, 304s, no duplicates, flags kept, crash safety.

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use folio::fetch::{FetchLimits, Fetcher};
use folio::refresh::{FeedOutcome, Progress, RefreshOptions, refresh};
use folio::serve::{Route, StaticServer};
use folio::store::Store;

use super::{Env, fixture, rss_route};

#[test]
fn seed_feed_is_subscribed_and_listed_with_its_comment_links() {
    let server = StaticServer::start(
        [(
            "/feed.xml".to_string(),
            Route::content(
                fixture("seed-southfront.xml"),
                "application/rss+xml; charset=UTF-8",
            ),
        )],
        true,
    )
    .unwrap();
    let env = Env::new();
    let (code, stdout, stderr) = env.run(&["add", &server.url("/feed.xml"), "--tag", "news"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("added") && stdout.contains("SouthFront"),
        "{stdout}"
    );

    let items = env.list_json(&[]);
    assert_eq!(items.len(), 1);
    let item = &items[0];
    assert_eq!(
        item["title"],
        "New Round Of Inter-Afghan Talks Began In Doha As Taliban Captures More Strategic Areas (Video 18+)"
    );
    assert_eq!(item["link"], "http://127.0.0.1:8080/page.html");
    assert_eq!(item["comments"], "http://127.0.0.1:8080/page.html#comments");
    assert_eq!(item["published"], "2021-07-17T15:35:00+00:00");
    assert_eq!(item["read"], false);
    assert_eq!(item["feed"], server.url("/feed.xml"));

    let (code, feeds, _) = env.run(&["feeds", "--json"]);
    assert_eq!(code, 0);
    let feeds: serde_json::Value = serde_json::from_str(&feeds).unwrap();
    assert_eq!(feeds[0]["title"], "SouthFront");
    assert_eq!(feeds[0]["tags"], serde_json::json!(["news"]));
    assert_eq!(
        (feeds[0]["unread"].as_u64(), feeds[0]["total"].as_u64()),
        (Some(1), Some(1))
    );

    // The count feed-rs drops is kept in the store.
    let count: i64 = env
        .sqlite()
        .query_row("SELECT comment_count FROM items", [], |r| r.get(0))
        .unwrap();
    assert_eq!(count, 14);

    // Search reads the whole text: these words sit 4,000 characters into the article.
    let (code, found, stderr) = env.run(&["list", "--search", "Sheberghan ceasefire"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(found.contains("Inter-Afghan Talks"), "{found}");
    let none = env.list_json(&["--search", "Sheberghan unicorn"]);
    assert!(none.is_empty(), "every word is required: {none:?}");
    let (code, _, stderr) = env.run(&["list", "--search", "x", "--unread"]);
    assert_ne!(code, 0, "--search takes no filter");
    assert!(stderr.contains("--unread"), "{stderr}");

    // `folio list | head`: a reader that has gone away is no error worth a message.
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let closed = std::process::Command::new(env!("CARGO_BIN_EXE_folio"))
        .arg("--db")
        .arg(&env.db)
        .arg("list")
        .stdout(writer)
        .output()
        .unwrap();
    assert_eq!(closed.status.code(), Some(141));
    assert!(
        closed.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&closed.stderr)
    );
}

#[test]
fn second_refresh_is_all_304_and_adds_no_duplicates() {
    let server = StaticServer::start(
        [
            (
                "/a.xml".to_string(),
                rss_route("A", &[("a1", "A one"), ("a2", "A two")]),
            ),
            ("/b.xml".to_string(), rss_route("B", &[("b1", "B one")])),
            (
                "/seed.xml".to_string(),
                Route::content(fixture("seed-southfront.xml"), "application/rss+xml"),
            ),
        ],
        false,
    )
    .unwrap();
    let env = Env::new();
    for path in ["/a.xml", "/b.xml", "/seed.xml"] {
        let (code, _, stderr) = env.run(&["add", &server.url(path)]);
        assert_eq!(code, 0, "{stderr}");
    }
    let (code, stdout, stderr) = env.run(&["refresh"]);
    assert_eq!(code, 0, "{stderr}");
    // `add` stored the validators: the first refresh is already conditional.
    assert_eq!(
        stdout.trim(),
        "3 feeds: 0 updated (0 new items), 3 unchanged, 0 deferred, 0 failed"
    );
    let before = server.stats().not_modified.load(Ordering::Relaxed);

    // A feed changes: one new item; the others stay 304.
    server.set_route("/b.xml", rss_route("B", &[("b1", "B one"), ("b2", "B two")]));
    let (code, stdout, _) = env.run(&["refresh", "--jobs", "2"]);
    assert_eq!(code, 0);
    assert_eq!(
        stdout.trim(),
        "3 feeds: 1 updated (1 new items), 2 unchanged, 0 deferred, 0 failed"
    );
    assert_eq!(server.stats().not_modified.load(Ordering::Relaxed), before + 2);
    assert_eq!(env.list_json(&[]).len(), 5);
    // Search is indexed lazily: a search catches up with every stored item before it runs.
    let search_progress = || -> (i64, i64) {
        env.sqlite()
            .query_row(
                "SELECT indexed_up_to, (SELECT MAX(id) FROM items) FROM search_progress",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap()
    };
    let (indexed, newest) = search_progress();
    assert!(
        indexed < newest,
        "a refresh leaves indexing to later: {indexed} {newest}"
    );
    let found = env.list_json(&["--search", "B two"]);
    assert_eq!(found.len(), 1, "{found:?}");
    let (indexed, newest) = search_progress();
    assert_eq!(indexed, newest);

    let (_, stdout, _) = env.run(&["refresh"]);
    assert_eq!(
        stdout.trim(),
        "3 feeds: 0 updated (0 new items), 3 unchanged, 0 deferred, 0 failed"
    );
    assert_eq!(env.list_json(&[]).len(), 5, "no duplicates");
}

#[test]
fn read_flags_survive_a_refresh_that_changes_the_feed() {
    let server = StaticServer::start(
        [(
            "/a.xml".to_string(),
            rss_route("A", &[("a1", "one"), ("a2", "two")]),
        )],
        false,
    )
    .unwrap();
    let env = Env::new();
    env.add_all(&[server.url("/a.xml")]);
    env.sqlite()
        .execute("UPDATE items SET read = 1 WHERE identity = 'a1'", [])
        .unwrap();
    server.set_route(
        "/a.xml",
        rss_route("A", &[("a1", "one (edited)"), ("a2", "two"), ("a3", "three")]),
    );
    let (code, stdout, _) = env.run(&["refresh"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("1 updated (1 new items)"), "{stdout}");
    let unread = env.list_json(&["--unread"]);
    assert_eq!(unread.len(), 2);
    assert!(unread.iter().all(|i| i["title"] != "one"));
    assert_eq!(env.list_json(&["--limit", "1"]).len(), 1);
    assert_eq!(env.list_json(&["--feed", &server.url("/a.xml")]).len(), 3);
}

#[test]
fn refresh_of_named_feeds_and_unknown_ones() {
    let server = StaticServer::start(
        [
            ("/a.xml".to_string(), rss_route("A", &[("a1", "one")])),
            ("/b.xml".to_string(), rss_route("B", &[("b1", "one")])),
        ],
        false,
    )
    .unwrap();
    let env = Env::new();
    env.add_all(&[server.url("/a.xml"), server.url("/b.xml")]);
    let (code, stdout, _) = env.run(&["refresh", &server.url("/a.xml")]);
    assert_eq!(code, 0);
    assert!(stdout.starts_with("1 feeds:"), "{stdout}");
    let (code, _, stderr) = env.run(&["refresh", "http://127.0.0.1:1/unknown.xml"]);
    assert_eq!(code, 1, "an unknown feed is a fatal error");
    assert!(
        stderr.contains("not subscribed to http://127.0.0.1:1/unknown.xml"),
        "{stderr}"
    );
}

#[test]
fn sigkill_mid_refresh_leaves_a_sound_database() {
    // Many feeds with big bodies, so the kill lands while feeds are being written.
    let big_item = "<p>lorem ipsum dolor sit amet</p>".repeat(300);
    let feed = |n: usize| {
        let mut xml = format!("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>F{n}</title>");
        for i in 0..40 {
            xml.push_str(&format!("<item><guid>f{n}-{i}</guid><title>Item {i}</title><description><![CDATA[{big_item}]]></description></item>"));
        }
        xml.push_str("</channel></rss>");
        xml
    };
    let paths: Vec<String> = (0..150).map(|n| format!("/f{n}.xml")).collect();
    let server = StaticServer::start(
        paths
            .iter()
            .enumerate()
            .map(|(n, p)| (p.clone(), Route::content(rss_seed(n), "application/rss+xml"))),
        false,
    )
    .unwrap();
    let env = Env::new();
    let mut urls_file = String::new();
    for path in &paths {
        urls_file.push_str(&server.url(path));
        urls_file.push('\n');
    }
    let list = env.dir().join("urls");
    std::fs::write(&list, urls_file).unwrap();
    assert_eq!(env.run(&["import", list.to_str().unwrap()]).0, 0);
    assert_eq!(env.run(&["refresh"]).0, 0);
    // Earlier state: every seed item stored, half of them read.
    let db = env.sqlite();
    db.execute("UPDATE items SET read = 1 WHERE id % 2 = 0", [])
        .unwrap();
    let earlier: Vec<(i64, bool)> = {
        let mut statement = db.prepare("SELECT id, read FROM items ORDER BY id").unwrap();
        statement
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    assert_eq!(earlier.len(), 150);

    for (n, path) in paths.iter().enumerate() {
        server.set_route(path, Route::content(feed(n), "application/rss+xml"));
    }
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("folio"))
        .arg("--db")
        .arg(&env.db)
        .arg("--config")
        .arg(&env.config)
        .args(["refresh", "--jobs", "4"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Kill as soon as some, but not all, of the new items are in.
    let started = Instant::now();
    loop {
        let count: i64 = db
            .query_row("SELECT COUNT(*) FROM items", [], |r| r.get(0))
            .unwrap_or(0);
        if count > 150 || started.elapsed() > Duration::from_secs(20) {
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();
    drop(db);

    let db = env.sqlite();
    let check: String = db.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(check, "ok");
    let total: i64 = db
        .query_row("SELECT COUNT(*) FROM items", [], |r| r.get(0))
        .unwrap();
    assert!(total > 150, "the kill came before any write: {total}");
    for (id, read) in earlier {
        let now: bool = db
            .query_row("SELECT read FROM items WHERE id = ?1", [id], |r| r.get(0))
            .unwrap();
        assert_eq!(now, read, "item {id} lost its read flag");
    }
    // Each feed is all or nothing: 1 seed item, or the seed plus all 40 new ones.
    let mut statement = db.prepare("SELECT COUNT(*) FROM items GROUP BY feed_id").unwrap();
    for count in statement.query_map([], |r| r.get::<_, i64>(0)).unwrap() {
        let count = count.unwrap();
        assert!(
            count == 1 || count == 41,
            "a feed was half-written: {count} items"
        );
    }
    // And folio still works on it.
    assert_eq!(env.run(&["refresh"]).0, 0);
}

fn rss_seed(n: usize) -> String {
    super::rss(&format!("F{n}"), &[(&format!("seed-{n}"), "seed item")])
}

#[test]
fn finished_feeds_are_reported_while_a_slow_one_still_drips() {
    // Writes are committed many feeds at a time; a feed that is done must still be reported
    // (stored) at once, not when the slowest feed of the refresh ends.
    let fast = ["/f0.xml", "/f1.xml", "/f2.xml"];
    let mut routes: Vec<(String, Route)> = (fast.iter().enumerate())
        .map(|(n, path)| {
            (
                path.to_string(),
                rss_route(&format!("F{n}"), &[(&format!("i{n}"), "item")]),
            )
        })
        .collect();
    let slow = Route::drip(super::rss("Slow", &[("s1", "slow")]), Duration::from_secs(1));
    routes.push(("/slow.xml".to_string(), slow));
    let server = StaticServer::start(routes, false).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("r.db")).unwrap();
    for path in fast.iter().chain(&["/slow.xml"]) {
        store.subscribe(&server.url(path), None, &[]).unwrap();
    }
    let targets = store.refresh_targets(&[]).unwrap();
    let fetcher = Fetcher::new(FetchLimits {
        timeout: Duration::from_secs(4),
        per_host: 4,
        ..FetchLimits::default()
    })
    .unwrap();
    let (progress, mut events) = tokio::sync::mpsc::unbounded_channel::<Progress>();
    let started = Instant::now();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let options = RefreshOptions::default();
    let (refreshed, fast_reported) = runtime.block_on(async {
        let watch = async {
            let mut reported = Vec::new();
            while let Some(event) = events.recv().await {
                if !event.url.ends_with("/slow.xml") {
                    reported.push((event.outcome, started.elapsed()));
                }
            }
            reported
        };
        tokio::join!(refresh(store, &fetcher, targets, &options, Some(progress)), watch)
    });
    let (_, summary) = refreshed.unwrap();
    assert_eq!(summary.feeds.len(), 4);
    assert_eq!(summary.failures().count(), 1, "only the slow feed times out");
    assert_eq!(fast_reported.len(), 3);
    for (outcome, after) in fast_reported {
        assert_eq!(outcome, FeedOutcome::Updated { new_items: 1 });
        // The slow feed is cut off at 4 s; the others are long stored by then.
        assert!(
            after < Duration::from_secs(2),
            "a fast feed was reported after {after:?}"
        );
    }
}

#[test]
fn a_refresh_removes_old_read_items_keeps_starred_ones_and_does_not_bring_them_back() {
    let items = [
        ("a", "Old and read"),
        ("b", "Old and starred"),
        ("c", "Old and unread"),
    ];
    let server = StaticServer::start([("/feed.xml".to_string(), rss_route("Kept", &items))], false).unwrap();
    let env = Env::with_config("[store]\nkeep_days = 30\n");
    let (code, _, stderr) = env.run(&["add", &server.url("/feed.xml")]);
    assert_eq!(code, 0, "{stderr}");
    {
        // A month and more later, the user has read two and starred one.
        let db = env.sqlite();
        db.execute_batch(
            "UPDATE items SET first_seen = strftime('%s', 'now') - 40 * 86400;
             UPDATE items SET read = 1 WHERE identity IN ('a', 'b');
             UPDATE items SET starred = 1 WHERE identity = 'b';
             INSERT INTO article_cache (url, json, fetched) VALUES ('http://example.org/a', '{}', 0);",
        )
        .unwrap();
    }
    let mut titles = env.titles();
    titles.sort();
    assert_eq!(titles, ["Old and read", "Old and starred", "Old and unread"]);
    let (code, stdout, stderr) = env.run(&["refresh"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("1 feeds: "), "{stdout}");
    let mut titles = env.titles();
    titles.sort();
    assert_eq!(titles, ["Old and starred", "Old and unread"]);
    let cached: i64 = env
        .sqlite()
        .query_row("SELECT COUNT(*) FROM article_cache", [], |r| r.get(0))
        .unwrap();
    assert_eq!(cached, 0, "the removed item's article went with it");
    // The feed still carries the removed item, changed: it does not come back as new.
    server.set_route(
        "/feed.xml",
        rss_route(
            "Kept",
            &[
                ("a", "Old and read"),
                ("b", "Old and starred"),
                ("c", "Old and unread"),
                ("d", "New"),
            ],
        ),
    );
    let (code, stdout, stderr) = env.run(&["refresh"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("(1 new items)"), "{stdout}");
    assert_eq!(env.titles().len(), 3);
}
