//! Politeness: a server's `Cache-Control: max-age` or `Retry-After`, and a feed's own `<ttl>` or
//! `sy:updatePeriod`, defer it in a refresh of all feeds (a feed named on the command line is
//! fetched anyway); a feed that keeps failing waits longer each time, a day at most; the per-host
//! limit holds for the host a redirect leads to. Requests are counted at the loopback server.

use std::time::Duration;

use chrono::{DateTime, Utc};
use folio::serve::{Route, StaticServer};

use super::{Env, rss, rss_route};

/// Subscribes `env` to `urls` without fetching them.
fn import(env: &Env, urls: &[String]) {
    let file = env.dir().join("urls");
    std::fs::write(&file, urls.join("\n")).unwrap();
    let (code, _, stderr) = env.run(&["import", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
}

/// `folio feeds --json` as (url, next_fetch, last_error).
fn schedule(env: &Env) -> Vec<(String, Option<DateTime<Utc>>, Option<String>)> {
    let (code, stdout, stderr) = env.run(&["feeds", "--json"]);
    assert_eq!(code, 0, "{stderr}");
    let feeds: Vec<serde_json::Value> = serde_json::from_str(&stdout).unwrap();
    feeds
        .iter()
        .map(|f| {
            let next = f["next_fetch"]
                .as_str()
                .map(|t| DateTime::parse_from_rfc3339(t).unwrap().with_timezone(&Utc));
            (
                f["url"].as_str().unwrap().to_string(),
                next,
                f["last_error"].as_str().map(str::to_string),
            )
        })
        .collect()
}

/// The next fetch of the feed at `url`, as seconds from now.
fn waits(env: &Env, url: &str) -> Option<i64> {
    let (_, next, _) = schedule(env).into_iter().find(|(u, _, _)| u == url).unwrap();
    next.map(|at| (at - Utc::now()).num_seconds())
}

fn refresh(env: &Env, args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["refresh"];
    all.extend_from_slice(args);
    env.run(&all)
}

#[test]
fn feeds_that_ask_for_a_pause_are_deferred_unless_named() {
    let item = [("a", "one")];
    let with_ttl = rss("TTL", &item).replace("<channel>", "<channel><ttl>60</ttl>");
    let with_sy = rss("Sy", &item)
        .replace(
            "<rss version=\"2.0\">",
            "<rss version=\"2.0\" xmlns:sy=\"http://purl.org/rss/1.0/modules/syndication/\">",
        )
        .replace("<channel>", "<channel><sy:updatePeriod>hourly</sy:updatePeriod>");
    let server = StaticServer::start(
        [
            (
                "/cached.xml".to_string(),
                rss_route("Cached", &item).with_header("Cache-Control", "public, max-age=3600"),
            ),
            (
                "/ttl.xml".to_string(),
                Route::content(with_ttl, "application/rss+xml"),
            ),
            (
                "/sy.xml".to_string(),
                Route::content(with_sy, "application/rss+xml"),
            ),
            ("/plain.xml".to_string(), rss_route("Plain", &item)),
        ],
        false,
    )
    .unwrap();
    let env = Env::new();
    let urls: Vec<String> = ["/cached.xml", "/ttl.xml", "/sy.xml", "/plain.xml"]
        .iter()
        .map(|p| server.url(p))
        .collect();
    import(&env, &urls);

    let (code, stdout, stderr) = refresh(&env, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stdout.trim(),
        "4 feeds: 4 updated (4 new items), 0 unchanged, 0 deferred, 0 failed"
    );
    assert_eq!(server.stats().requests(), 4);
    for url in &urls[..3] {
        let wait = waits(&env, url).unwrap_or_else(|| panic!("{url} has no next fetch"));
        assert!((3500..=3600).contains(&wait), "{url}: {wait} s");
    }
    assert_eq!(
        waits(&env, &urls[3]),
        None,
        "a feed that asks nothing is fetched every time"
    );

    let (code, stdout, stderr) = refresh(&env, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stdout.trim(),
        "4 feeds: 0 updated (0 new items), 1 unchanged, 3 deferred, 0 failed"
    );
    assert_eq!(server.stats().requests(), 5, "only the plain feed was asked");

    // Named on the command line, a deferred feed is fetched anyway.
    let (code, stdout, stderr) = refresh(&env, &[&urls[0], &urls[1]]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stdout.trim(),
        "2 feeds: 0 updated (0 new items), 2 unchanged, 0 deferred, 0 failed"
    );
    assert_eq!(server.stats().requests(), 7);
    // A 304 keeps the interval the feed stated.
    let wait = waits(&env, &urls[1]).unwrap();
    assert!((3500..=3600).contains(&wait), "{wait} s");
}

#[test]
fn a_busy_server_s_retry_after_defers_its_feed() {
    let in_half_an_hour = (Utc::now() + chrono::Duration::minutes(30))
        .format("%a, %d %b %Y %H:%M:%S GMT")
        .to_string();
    let server = StaticServer::start(
        [
            (
                "/busy".to_string(),
                Route::status(429).with_header("Retry-After", "120"),
            ),
            (
                "/down".to_string(),
                Route::status(503).with_header("Retry-After", &in_half_an_hour),
            ),
            ("/ok.xml".to_string(), rss_route("Ok", &[("a", "one")])),
        ],
        false,
    )
    .unwrap();
    let env = Env::new();
    let urls: Vec<String> = ["/busy", "/down", "/ok.xml"]
        .iter()
        .map(|p| server.url(p))
        .collect();
    import(&env, &urls);

    let (code, stdout, stderr) = refresh(&env, &[]);
    assert_eq!(code, 2, "{stdout} {stderr}");
    assert_eq!(
        stdout.trim(),
        "3 feeds: 1 updated (1 new items), 0 unchanged, 0 deferred, 2 failed"
    );
    assert!(
        stderr.contains(&format!("error: {}: HTTP 429, asked to wait 120 s", urls[0])),
        "{stderr}"
    );
    let busy = waits(&env, &urls[0]).unwrap();
    assert!((100..=120).contains(&busy), "{busy} s");
    let down = waits(&env, &urls[1]).unwrap();
    assert!((1700..=1800).contains(&down), "{down} s");
    let (_, _, error) = schedule(&env)
        .into_iter()
        .find(|(u, _, _)| *u == urls[0])
        .unwrap();
    assert_eq!(error.as_deref(), Some("HTTP 429, asked to wait 120 s"));

    let (code, stdout, stderr) = refresh(&env, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stdout.trim(),
        "3 feeds: 0 updated (0 new items), 1 unchanged, 2 deferred, 0 failed"
    );
    assert_eq!(server.stats().requests(), 4, "the busy servers were left alone");
}

#[test]
fn a_feed_that_keeps_failing_waits_longer_each_time_up_to_a_day() {
    let server = StaticServer::start([("/broken".to_string(), Route::status(500))], false).unwrap();
    let env = Env::new();
    let url = server.url("/broken");
    import(&env, std::slice::from_ref(&url));

    // A first failure is tried again at the next refresh: a network can be down for a moment.
    assert_eq!(refresh(&env, &[]).0, 2);
    assert_eq!(waits(&env, &url), None);
    assert_eq!(refresh(&env, &[]).0, 2);
    let second = waits(&env, &url).unwrap();
    assert!((590..=600).contains(&second), "{second} s");
    let (code, stdout, _) = refresh(&env, &[]);
    assert_eq!(
        (code, stdout.trim()),
        (
            0,
            "1 feeds: 0 updated (0 new items), 0 unchanged, 1 deferred, 0 failed"
        )
    );
    assert_eq!(server.stats().requests(), 2);
    // Named, it is tried; failing again, it waits twice as long.
    assert_eq!(refresh(&env, &[&url]).0, 2);
    let third = waits(&env, &url).unwrap();
    assert!((1190..=1200).contains(&third), "{third} s");
    env.sqlite()
        .execute_batch("UPDATE feeds SET failures = 1000")
        .unwrap();
    assert_eq!(refresh(&env, &[&url]).0, 2);
    let capped = waits(&env, &url).unwrap();
    assert!((86_390..=86_400).contains(&capped), "{capped} s");
    assert_eq!(server.stats().requests(), 4);
}

#[test]
fn the_per_host_limit_holds_for_the_host_a_redirect_leads_to() {
    // Four feeds on four hosts, each moved to the same slow host.
    let slow = StaticServer::start(
        (0..4).map(|n| {
            let feed = rss(&format!("Moved {n}"), &[("a", "one")]);
            (format!("/f{n}.xml"), Route::drip(feed, Duration::from_millis(1)))
        }),
        false,
    )
    .unwrap();
    let origins: Vec<StaticServer> = (0..4)
        .map(|n| {
            StaticServer::start(
                [(
                    "/feed.xml".to_string(),
                    Route::redirect(&slow.url(&format!("/f{n}.xml"))),
                )],
                false,
            )
            .unwrap()
        })
        .collect();
    let env = Env::with_config("[fetch]\nper_host = 1\ntimeout_secs = 20\nconnect_timeout_secs = 3\n");
    let urls: Vec<String> = origins.iter().map(|o| o.url("/feed.xml")).collect();
    import(&env, &urls);
    let (code, stdout, stderr) = refresh(&env, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stdout.trim(),
        "4 feeds: 4 updated (4 new items), 0 unchanged, 0 deferred, 0 failed"
    );
    let peak = slow
        .stats()
        .peak_in_flight
        .load(std::sync::atomic::Ordering::SeqCst);
    assert_eq!(peak, 1, "requests at once to the host the redirects lead to");
}
