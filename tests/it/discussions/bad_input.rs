//! What the sites send when things go wrong: broken JSON, error pages, 429s, silence, floods of
//! discussions, hostile titles, locked threads. Each site's failure is named on its own line and
//! the other sites' discussions are shown all the same.

use std::sync::Arc;
use std::time::{Duration, Instant};

use folio::comments::Endpoints;
use folio::discussions::{ArticleUrl, Finder, Site};
use folio::fetch::{FetchLimits, Fetcher};
use folio::serve::Route;
use folio::store::{Store, StoreHandle};

use super::{World, fixture, json, shape};

fn sites(found: &[serde_json::Value]) -> Vec<String> {
    shape(found).into_iter().map(|(site, _)| site).collect()
}

#[test]
fn malformed_truncated_and_html_answers_are_named_and_the_others_shown() {
    let world = World::new();
    world.hn.set_route(
        "/api/v1/search",
        json(r#"{"hits": [{"objectID": "8863", "title": }"#),
    );
    let lobsters = fixture("discussions/lobsters-url.json").replace("{{ARTICLE}}", &world.article());
    world.lobsters.set_route(
        "/stories/url/all.json",
        json(&lobsters.as_bytes()[..lobsters.len() / 2]),
    );
    world.reddit.set_route(
        "/api/info.json",
        Route::content(
            "<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>",
            "text/html",
        ),
    );
    let (code, found, stderr) = world.discussions_json();
    assert_eq!(code, 2, "a partial answer: {stderr}");
    assert_eq!(sites(&found), ["page"]);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 3, "{stderr}");
    assert!(lines[0..3].iter().all(|l| l.starts_with("warning: ")), "{stderr}");
    assert!(
        stderr.contains("warning: Hacker News: not valid JSON"),
        "{stderr}"
    );
    assert!(stderr.contains("warning: Lobsters: not valid JSON"), "{stderr}");
    assert!(
        stderr.contains("warning: Reddit: an HTML page where JSON was expected"),
        "{stderr}"
    );
}

#[test]
fn a_429_with_retry_after_is_said_and_the_site_left_alone_until_then() {
    let world = World::new();
    world.reddit.set_route(
        "/api/info.json",
        Route::status(429).with_header("Retry-After", "120"),
    );
    let (code, found, stderr) = world.discussions_json();
    assert_eq!(code, 2);
    assert_eq!(sites(&found), ["hn", "page", "lobsters"]);
    assert!(
        stderr.contains("warning: Reddit: HTTP 429, asked to wait 120 s"),
        "{stderr}"
    );
    let (code, _, stderr) = world.discussions_json();
    assert_eq!(code, 2);
    assert!(stderr.contains("asked to wait 120 s"), "said again: {stderr}");
    assert_eq!(
        world.reddit.stats().requests(),
        1,
        "not asked again before its time"
    );
}

#[test]
fn a_429_without_retry_after_is_said_and_left_alone_a_while() {
    let world = World::new();
    world
        .lobsters
        .set_route("/stories/url/all.json", Route::status(429));
    let (code, found, stderr) = world.discussions_json();
    assert_eq!(code, 2);
    assert_eq!(sites(&found), ["hn", "reddit", "page", "reddit"]);
    assert!(
        stderr.contains("warning: Lobsters: HTTP 429, too many requests"),
        "{stderr}"
    );
    world.discussions_json();
    assert_eq!(world.lobsters.stats().requests(), 1);
}

#[test]
fn a_site_that_never_answers_times_out_and_the_others_are_shown() {
    let world = World::with_fetch("timeout_secs = 2\nconnect_timeout_secs = 2\n");
    let search = fixture("discussions/hn-search.json").replace("{{ARTICLE}}", &world.article());
    world
        .hn
        .set_route("/api/v1/search", json(search).delayed(Duration::from_secs(3600)));
    let started = Instant::now();
    let (code, found, stderr) = world.discussions_json();
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(code, 2);
    assert_eq!(sites(&found), ["reddit", "page", "lobsters", "reddit"]);
    assert!(
        stderr.contains("warning: Hacker News: timed out after 2 s"),
        "{stderr}"
    );
}

#[test]
fn the_finder_hands_over_each_answer_as_it_comes() {
    let world = World::with_fetch("timeout_secs = 2\n");
    let search = fixture("discussions/hn-search.json").replace("{{ARTICLE}}", &world.article());
    world
        .hn
        .set_route("/api/v1/search", json(search).delayed(Duration::from_secs(3600)));
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let answered: Vec<(Site, bool, Duration)> = runtime.block_on(async {
        let limits = FetchLimits {
            timeout: Duration::from_secs(2),
            ..FetchLimits::default()
        };
        let finder = Finder {
            fetcher: Fetcher::new(limits).unwrap(),
            endpoints: Arc::new(Endpoints::new(
                &world.hn.url("/api/v1"),
                &world.lobsters.url(""),
                &world.reddit.url(""),
                &world.hn.url("/v0"),
            )),
            store: StoreHandle::spawn(Store::open(&world.db).unwrap()).unwrap(),
            max_age: Duration::from_secs(1800),
        };
        let article = ArticleUrl::parse(&world.article()).unwrap();
        let started = Instant::now();
        let mut answered = Vec::new();
        finder
            .ask_all(&article, |(site, answer)| {
                answered.push((*site, answer.is_ok(), started.elapsed()));
            })
            .await;
        answered
    });
    assert_eq!(answered.len(), 3);
    let (last_site, last_ok, last_at) = answered[2];
    assert_eq!((last_site, last_ok), (Site::Hn, false), "{answered:?}");
    assert!(last_at >= Duration::from_secs(2));
    for (site, ok, at) in &answered[..2] {
        assert!(*ok, "{site:?}");
        assert!(
            *at < Duration::from_secs(1),
            "{site:?} waited for the slow site: {at:?}"
        );
    }
}

#[test]
fn two_hundred_discussions_show_the_top_twenty_and_say_the_count() {
    let world = World::new();
    let posts: Vec<String> = (0..200)
        .map(|i| {
            format!(
                r#"{{"kind": "t3", "data": {{"subreddit": "s{i}", "title": "Post {i}", "url": "{}",
                "permalink": "/r/s{i}/comments/p{i}/post/", "num_comments": {}, "score": 1, "created_utc": 1710060000}}}}"#,
                world.article(),
                i
            )
        })
        .collect();
    let listing = format!(
        r#"{{"kind": "Listing", "data": {{"children": [{}]}}}}"#,
        posts.join(",")
    );
    world.reddit.set_route("/api/info.json", json(listing));
    let (code, found, stderr) = world.discussions_json();
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(found.len(), 20);
    assert_eq!(shape(&found)[0], ("hn".to_string(), Some(312)));
    assert_eq!(shape(&found)[1], ("reddit".to_string(), Some(199)));
    assert_eq!(shape(&found)[19], ("reddit".to_string(), Some(181)));
    assert!(
        stderr.contains("20 of 203 discussions shown, the most commented first"),
        "{stderr}"
    );
    let (_, stdout, stderr) = world.run(&["discussions", &world.article()]);
    assert_eq!(stdout.lines().count(), 20);
    assert!(stderr.contains("20 of 203"), "{stderr}");
}

#[test]
fn titles_with_escape_sequences_reach_no_terminal() {
    let world = World::new();
    let search = fixture("discussions/hn-search.json")
        .replace("{{ARTICLE}}", &world.article())
        .replace(
            "\"Incremental rollouts considered harmful\"",
            r#""Rollouts\u001b[2J\u009b31m \u0007harmful\u001b]0;owned\u0007""#,
        );
    world.hn.set_route("/api/v1/search", json(search));
    for args in [
        vec!["discussions", &world.article()[..]],
        vec!["discussions", &world.article()[..], "--json"],
    ] {
        let (code, stdout, stderr) = world.run(&args);
        assert_eq!(code, 0, "{stderr}");
        assert!(stdout.contains("Rollouts harmful"), "{stdout}");
        for bad in ['\u{1b}', '\u{9b}', '\u{7}'] {
            assert!(!stdout.contains(bad), "{bad:?} in {stdout:?}");
        }
        assert!(
            !stdout.contains("\\u001b") && !stdout.contains("owned"),
            "{stdout}"
        );
    }
}

#[test]
fn a_locked_post_with_deleted_comments_is_listed_and_reads() {
    let world = World::new();
    let (code, stdout, stderr) = world.run(&["read", &world.article(), "--discussion", "reddit"]);
    assert_eq!(code, 0, "{stderr}");
    let locked = stdout
        .split("══ ")
        .find(|part| part.starts_with("r/devops"))
        .unwrap_or_else(|| panic!("the locked post's thread in {stdout}"));
    assert!(locked.contains("3 comments"), "{locked}");
    assert!(
        locked.contains("[deleted]"),
        "the deleted comment holds its reply: {locked}"
    );
    assert!(locked.contains("The reply stays though."), "{locked}");
    assert!(locked.contains("This thread has been locked."), "{locked}");
    assert!(
        !locked.contains("[removed]"),
        "a removed comment without replies goes: {locked}"
    );
}
