//! Every bad input of the issue, one test each: a one-line error naming the feed, the other feeds
//! still refreshed, nothing already stored lost, exit status 2 (some failed) or 1 (fatal).

use std::io::Write as _;
use std::time::{Duration, Instant};

use folio::serve::{Route, StaticServer};

use super::{Env, rss, rss_route};

/// A server with a good feed and `bad` at `/bad`, both subscribed (without fetching).
fn good_and_bad(bad: Route) -> (Env, StaticServer) {
    let server = StaticServer::start(
        [
            ("/good.xml".to_string(), rss_route("Good", &[("g1", "good one")])),
            ("/bad".to_string(), bad),
        ],
        false,
    )
    .unwrap();
    let env = Env::new();
    let urls = env.dir().join("urls");
    std::fs::write(
        &urls,
        format!("{}\n{}\n", server.url("/good.xml"), server.url("/bad")),
    )
    .unwrap();
    assert_eq!(env.run(&["import", urls.to_str().unwrap()]).0, 0);
    (env, server)
}

/// Refreshes and checks the contract: exit 2, the good feed stored, one error line naming `/bad`.
fn assert_bad_feed_reported(env: &Env, server: &StaticServer, cause: &str) {
    let (code, stdout, stderr) = env.run(&["refresh"]);
    assert_eq!(code, 2, "stdout: {stdout} stderr: {stderr}");
    assert_eq!(
        stdout.trim(),
        "2 feeds: 1 updated (1 new items), 0 unchanged, 0 deferred, 1 failed"
    );
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{stderr}");
    let prefix = format!("error: {}: ", server.url("/bad"));
    assert!(
        lines[0].starts_with(&prefix) && lines[0].contains(cause),
        "expected `{prefix}...{cause}...`, got {stderr}"
    );
    let items = env.list_json(&[]);
    assert!(
        items.iter().any(|i| i["title"] == "good one"),
        "the good feed was refreshed"
    );
    let (_, feeds, _) = env.run(&["feeds", "--json"]);
    assert!(
        feeds.contains(cause),
        "the error is recorded for the feeds list: {feeds}"
    );
}

#[test]
fn malformed_xml() {
    let bad = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>x</title><item><title>a</wrong></item></channel></rss>";
    let (env, server) = good_and_bad(Route::content(bad, "application/rss+xml"));
    assert_bad_feed_reported(&env, &server, "malformed feed");
    assert_eq!(
        env.list_json(&[]).len(),
        1,
        "nothing of the malformed feed is stored"
    );
}

#[test]
fn truncated_xml_is_no_silent_half_import_and_keeps_what_was_stored() {
    let full = rss("Bad", &[("b1", "first"), ("b2", "second"), ("b3", "third")]);
    let (env, server) = good_and_bad(Route::content(full.clone(), "application/rss+xml"));
    assert_eq!(env.run(&["refresh"]).0, 0);
    let longer = rss(
        "Bad",
        &[
            ("b1", "first"),
            ("b2", "second"),
            ("b3", "third"),
            ("b4", "fourth"),
            ("b5", "fifth"),
        ],
    );
    let cut = &longer[..longer.find("fourth").unwrap() + 20];
    server.set_route("/bad", Route::content(cut, "application/rss+xml"));
    server.set_route(
        "/good.xml",
        rss_route("Good", &[("g1", "good one"), ("g2", "good two")]),
    );
    let (code, stdout, stderr) = env.run(&["refresh"]);
    assert_eq!(code, 2, "{stdout} {stderr}");
    assert!(
        stderr.starts_with(&format!(
            "error: {}: malformed feed: truncated",
            server.url("/bad")
        )),
        "{stderr}"
    );
    let titles = env.titles();
    assert!(
        !titles.contains(&"fourth".to_string()),
        "no half import: {titles:?}"
    );
    for kept in ["first", "second", "third", "good two"] {
        assert!(
            titles.contains(&kept.to_string()),
            "{kept} is missing: {titles:?}"
        );
    }
}

#[test]
fn http_404() {
    let (env, server) = good_and_bad(Route::status(404));
    assert_bad_feed_reported(&env, &server, "HTTP 404");
}

#[test]
fn http_500() {
    let (env, server) = good_and_bad(Route::status(500));
    assert_bad_feed_reported(&env, &server, "HTTP 500");
}

#[test]
fn redirect_loop() {
    let (env, server) = good_and_bad(Route::redirect("/bad"));
    assert_bad_feed_reported(&env, &server, "too many redirects");
}

#[test]
fn slow_drip_times_out_without_holding_the_others() {
    let (env, server) = good_and_bad(Route::drip(
        rss("Slow", &[("s1", "slow")]),
        Duration::from_secs(2),
    ));
    let started = Instant::now();
    assert_bad_feed_reported(&env, &server, "timed out after 3 s");
    // The config's whole-request timeout is 3 s: the refresh ends soon after, not when the drip does.
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn fifty_mib_feed_stops_at_the_cap() {
    let mut huge = rss("Huge", &[("h1", "huge")]).into_bytes();
    huge.resize(50 * 1024 * 1024, b' ');
    let (env, server) = good_and_bad(Route::content(huge, "application/rss+xml"));
    assert_bad_feed_reported(&env, &server, "response larger than 16777216 bytes");
}

#[test]
fn gzip_bomb_stops_at_the_cap() {
    // About 1 MB on the wire, 1 GiB unpacked.
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder
        .write_all(b"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>")
        .unwrap();
    let zeros = vec![b'0'; 1024 * 1024];
    for _ in 0..1024 {
        encoder.write_all(&zeros).unwrap();
    }
    let bomb = encoder.finish().unwrap();
    assert!(bomb.len() < 2 * 1024 * 1024, "{} bytes on the wire", bomb.len());
    let (env, server) = good_and_bad(Route::gzipped(bomb, "application/rss+xml"));
    assert_bad_feed_reported(&env, &server, "response larger than 16777216 bytes");
}

#[test]
fn latin1_bytes_declared_utf8_and_the_reverse() {
    let latin1 = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>L</title>\
        <item><guid>l1</guid><title>Se\xf1or Mu\xf1oz</title></item></channel></rss>"
        .to_vec();
    let utf8 = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss version=\"2.0\"><channel><title>U</title>\
        <item><guid>u1</guid><title>Señora Núñez</title></item></channel></rss>";
    let server = StaticServer::start(
        [
            (
                "/latin1.xml".to_string(),
                Route::content(latin1, "application/rss+xml; charset=utf-8"),
            ),
            ("/utf8.xml".to_string(), Route::content(utf8, "text/xml")),
        ],
        false,
    )
    .unwrap();
    let env = Env::new();
    env.add_all(&[server.url("/latin1.xml"), server.url("/utf8.xml")]);
    let titles = env.titles();
    assert!(titles.contains(&"Señor Muñoz".to_string()), "{titles:?}");
    assert!(titles.contains(&"Señora Núñez".to_string()), "{titles:?}");
}

#[test]
fn html_page_without_feeds() {
    let server = StaticServer::start(
        [(
            "/".to_string(),
            Route::content("<!doctype html><p>just a page</p>", "text/html"),
        )],
        false,
    )
    .unwrap();
    let env = Env::new();
    let (code, stdout, stderr) = env.run(&["add", &server.url("/")]);
    assert_eq!(code, 1, "{stdout}");
    assert_eq!(
        stderr.trim(),
        format!("error: no feed found at {}", server.url("/"))
    );
    let (_, feeds, _) = env.run(&["feeds", "--json"]);
    assert_eq!(feeds.trim(), "[]", "nothing subscribed");
}

#[test]
fn adding_a_malformed_feed_says_why_once_on_one_line() {
    // A curly quote next to an e-mail address makes feed-rs panic: the panic must become this
    // feed's error, with no panic report on stderr.
    let author = "<rss version=\"2.0\"><channel><title>t</title><item><title>one</title>\
        <author>\u{201c}a@example.org\u{201d} Ann</author></item></channel></rss>";
    let server = StaticServer::start(
        [
            (
                "/cut.xml".to_string(),
                Route::content("<rss version=\"2.0\"><channel><item>", "application/rss+xml"),
            ),
            (
                "/author.xml".to_string(),
                Route::content(author, "application/rss+xml"),
            ),
        ],
        false,
    )
    .unwrap();
    let env = Env::new();
    for (path, cause) in [
        ("/cut.xml", "malformed feed: truncated"),
        ("/author.xml", "malformed feed: the feed parser failed on it"),
    ] {
        let (code, stdout, stderr) = env.run(&["add", &server.url(path)]);
        assert_eq!(code, 1, "{stdout}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(
            stderr.starts_with(&format!("error: {}: {cause}", server.url(path))),
            "{stderr}"
        );
        assert_eq!(stderr.matches("malformed feed").count(), 1, "{stderr}");
    }
    let (_, feeds, _) = env.run(&["feeds", "--json"]);
    assert_eq!(feeds.trim(), "[]", "nothing subscribed");
}

#[test]
fn a_feed_that_disappears_keeps_its_items() {
    let (env, server) = good_and_bad(rss_route("Bad", &[("b1", "was here")]));
    assert_eq!(env.run(&["refresh"]).0, 0);
    server.remove_route("/bad");
    server.set_route(
        "/good.xml",
        rss_route("Good", &[("g1", "good one"), ("g2", "good two")]),
    );
    let (code, _, stderr) = env.run(&["refresh"]);
    assert_eq!(code, 2);
    assert_eq!(stderr.trim(), format!("error: {}: HTTP 404", server.url("/bad")));
    let titles = env.titles();
    assert!(
        titles.contains(&"was here".to_string()) && titles.contains(&"good two".to_string()),
        "{titles:?}"
    );
}

#[test]
fn an_unusable_database_is_a_fatal_error() {
    let env = Env::new();
    // A folder where the database file should be.
    let output = assert_cmd::Command::cargo_bin("folio")
        .unwrap()
        .arg("--db")
        .arg(env.dir())
        .arg("--config")
        .arg(&env.config)
        .arg("list")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with("error: cannot open the database") && stderr.lines().count() == 1,
        "{stderr}"
    );
}

#[test]
fn a_number_out_of_range_in_the_config_is_one_error_naming_the_key_not_a_panic() {
    let server = StaticServer::start(
        [("/good.xml".to_string(), rss_route("Good", &[("g1", "one")]))],
        false,
    )
    .unwrap();
    for (config, key) in [
        ("[fetch]\nper_host = 4611686018427387904\n", "fetch.per_host"),
        ("[fetch]\ntimeout_secs = 0\n", "fetch.timeout_secs"),
        ("[fetch]\nmax_body_mib = -1\n", "fetch.max_body_mib"),
    ] {
        let env = Env::with_config(config);
        let (code, stdout, stderr) = env.run(&["add", &server.url("/good.xml")]);
        assert_eq!(code, 1, "{config}: {stdout} {stderr}");
        let lines: Vec<&str> = stderr.lines().collect();
        assert_eq!(lines.len(), 1, "{config}: {stderr}");
        assert!(
            lines[0].starts_with("error: config file ")
                && lines[0].contains(&format!("{key} = "))
                && lines[0].contains("out of range: use a number from"),
            "{config}: {stderr}"
        );
    }
}

/// A page announcing thousands of feeds (none of them real) costs a handful of requests: the page,
/// then at most 7 candidates, the site's own first.
#[test]
fn a_page_announcing_thousands_of_feeds_costs_a_handful_of_requests() {
    let links: String = (0..3000)
        .map(|i| format!(r#"<link rel="alternate" type="application/rss+xml" href="/missing/{i}.xml">"#))
        .collect();
    let server = StaticServer::start(
        [(
            "/".to_string(),
            Route::content(format!("<html><head>{links}</head></html>"), "text/html"),
        )],
        false,
    )
    .unwrap();
    let env = Env::new();
    let (code, stdout, stderr) = env.run(&["add", &server.url("/")]);
    assert_eq!(code, 1, "{stdout}");
    assert!(stderr.contains("no feed found"), "{stderr}");
    let stats = server.stats();
    let requests: u64 = [&stats.full, &stats.not_modified, &stats.other]
        .iter()
        .map(|count| count.load(std::sync::atomic::Ordering::Relaxed))
        .sum();
    assert!(requests <= 8, "{requests} requests");
}
