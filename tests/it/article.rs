//! The reader end to end: the real `folio read` binary on the seed page and on bad input, and the
//! library API on hide rules and rendering.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use folio::article::{self, ExtractOptions, Style};
use predicates::prelude::*;
use serde_json::Value;

/// The seed page and its answer, shared with the comments tests.
fn seed(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/seed-southfront")
        .join(name)
}

fn folio() -> Command {
    Command::cargo_bin("folio").unwrap()
}

/// `folio read --json FILE` as parsed JSON.
fn read_json(path: &Path, url: Option<&str>) -> Value {
    let mut cmd = folio();
    cmd.arg("read").arg("--json").arg("--comments").arg(path);
    if let Some(url) = url {
        cmd.args(["--url", url]);
    }
    let output = cmd.assert().success().get_output().stdout.clone();
    serde_json::from_slice(&output).unwrap()
}

fn norm(text: &str) -> String {
    text.replace('\u{a0}', " ")
        .replace(['\u{2018}', '\u{2019}'], "'")
        .replace(['\u{201c}', '\u{201d}'], "\"")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn seed_page_has_every_paragraph_in_order_the_title_once_and_no_chrome() {
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(seed("expected.json")).unwrap()).unwrap();
    let out = read_json(&seed("page.html"), expected["url"].as_str());
    let text = norm(out["article"]["text"].as_str().unwrap());

    let mut last = 0;
    for paragraph in expected["body_paragraphs"].as_array().unwrap() {
        let paragraph = norm(paragraph.as_str().unwrap());
        let at = text
            .find(&paragraph)
            .unwrap_or_else(|| panic!("missing paragraph: {paragraph}"));
        assert!(at >= last, "paragraph out of order: {paragraph}");
        last = at;
    }
    let title = norm(expected["title"].as_str().unwrap());
    assert_eq!(norm(out["article"]["title"].as_str().unwrap()), title);
    assert_eq!(
        text.matches(&title).count(),
        0,
        "the title is repeated in the body"
    );

    let everything = norm(&out.to_string());
    for chrome in expected["must_not_contain"].as_array().unwrap() {
        let chrome = norm(chrome.as_str().unwrap());
        assert!(!everything.contains(&chrome), "chrome leaked: {chrome}");
    }
    // --comments: the page's wpDiscuz thread, 8 top-level comments (the tree itself is checked in
    // the comments tests).
    assert_eq!(out["comments"].as_array().map(Vec::len), Some(8));
    assert_eq!(out["article"]["byline"], "South Front");
}

#[test]
fn plain_output_wraps_and_the_reader_view_numbers_links() {
    let page = seed("page.html");
    let plain = folio()
        .args(["read", "--width", "60"])
        .arg(&page)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let plain = String::from_utf8(plain).unwrap();
    assert!(plain.lines().all(|line| line.chars().count() <= 60), "{plain}");
    assert!(!plain.contains("[1]"));

    let view = folio()
        .args(["read", "--view", "--width", "72"])
        .arg(&page)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let view = String::from_utf8(view).unwrap();
    assert!(view.starts_with("New Round Of Inter-Afghan Talks"), "{view}");
    assert!(view.contains("\n[image]\n"), "{view}");
    assert_eq!(
        view.matches("Inter-Afghan Talks Began In Doha").count(),
        1,
        "{view}"
    );
}

#[test]
fn non_html_input_gets_a_clear_message_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, &[u8], &str); 5] = [
        (
            "doc.pdf",
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n",
            "PDF document",
        ),
        (
            "pic.png",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10",
            "PNG image",
        ),
        (
            "data.json",
            br#"{"items": [1, 2, 3], "ok": true}"#,
            "JSON document",
        ),
        (
            "noise.bin",
            &[
                0u8, 159, 146, 150, 1, 2, 3, 200, 201, 0, 7, 8, 14, 15, 16, 17, 18, 19,
            ],
            "binary data",
        ),
        ("empty.html", b"", "empty"),
    ];
    for (name, bytes, reason) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        folio()
            .arg("read")
            .arg(&path)
            .assert()
            .failure()
            .stderr(predicate::str::contains(name).and(predicate::str::contains(reason)));
        let json = read_json(&path, None);
        assert!(
            json["article"]["note"].as_str().unwrap().contains(reason),
            "{json}"
        );
        assert_eq!(json["article"]["text"], "");
    }
}

#[test]
fn a_missing_file_is_an_error_naming_it() {
    folio()
        .args(["read", "/nonexistent/page.html"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("/nonexistent/page.html"));
}

#[test]
fn a_50_mib_page_is_cut_and_read_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.html");
    let paragraph = "<p>Words of a long report that goes on and on, paragraph after paragraph.</p>\n";
    let html = format!(
        "<html><body><article>{}</article></body></html>",
        paragraph.repeat(50 * 1024 * 1024 / paragraph.len())
    );
    std::fs::write(&path, html).unwrap();
    let json = read_json(&path, None);
    assert!(
        json["article"]["note"].as_str().unwrap().contains("MiB"),
        "{}",
        json["article"]["note"]
    );
    assert!(
        json["article"]["text"]
            .as_str()
            .unwrap()
            .starts_with("Words of a long report")
    );
}

#[test]
fn a_dom_nested_100000_deep_is_cut_not_a_stack_overflow_or_a_hang() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("deep.html");
    let html = format!(
        "<html><body><p>Before the nesting there is a real paragraph of text to read.</p>{}deep{}</body></html>",
        "<div>".repeat(100_000),
        "</div>".repeat(100_000)
    );
    std::fs::write(&path, html).unwrap();
    let json = read_json(&path, None);
    assert!(json["article"]["note"].as_str().unwrap().contains("deep"));
    folio()
        .arg("read")
        .arg("--view")
        .arg(&path)
        .timeout(std::time::Duration::from_secs(60))
        .assert()
        .success();
}

#[test]
fn invalid_utf8_and_wrong_charset_declarations_still_decode() {
    let dir = tempfile::tempdir().unwrap();
    // Declared UTF-8, written in windows-1252: "café" and "naïve" must survive.
    let path = dir.path().join("latin1.html");
    let mut html = b"<html><head><meta charset=\"utf-8\"></head><body><article><p>Le caf".to_vec();
    html.extend_from_slice(
        b"\xe9 est na\xefve, and this sentence is long enough to be the article text.</p>",
    );
    html.extend_from_slice(b"</article></body></html>");
    std::fs::write(&path, &html).unwrap();
    let json = read_json(&path, None);
    assert!(
        json["article"]["text"]
            .as_str()
            .unwrap()
            .contains("Le café est naïve"),
        "{json}"
    );

    // Broken UTF-8 bytes in a UTF-8 page: replaced, never a crash.
    let path = dir.path().join("broken.html");
    let mut html =
        b"<html><head><meta charset=\"utf-8\"><title>T</title></head><body><p>Good text \xe2\x82 and "
            .to_vec();
    html.extend_from_slice(
        "more good text that is long enough to count as an article paragraph. ✓</p></body></html>".as_bytes(),
    );
    std::fs::write(&path, &html).unwrap();
    let json = read_json(&path, None);
    assert!(
        json["article"]["text"]
            .as_str()
            .unwrap()
            .contains("more good text"),
        "{json}"
    );
}

#[test]
fn a_page_of_chrome_only_says_there_is_no_article() {
    let html = r#"<html><head><title>Sign in</title></head><body>
        <nav><a href="/">Home</a> <a href="/news">News</a></nav>
        <div class="login-wall"><form action="/login"><label>Email <input name="email"></label>
        <button>Sign in</button></form><p><a href="/register">Create an account</a></p></div>
        <footer>© 2024 Example. All rights reserved. <a href="/privacy">Privacy Policy</a></footer></body></html>"#;
    let article = article::extract(html, None, &ExtractOptions::default());
    assert!(article.blocks.is_empty(), "{:?}", article.blocks);
    assert!(article.note.unwrap().contains("no article"));
}

#[test]
fn user_hide_rules_apply_to_their_site_only() {
    let html = r#"<html><body><article><h1>Story</h1>
        <p>The council met on Tuesday to discuss the new bridge over the river, and voted for it.</p>
        <p class="shop-note">Visit our shop for mugs and calendars with the town's old bridges on them.</p>
        <p>Work starts in spring and should take two years, the mayor said after the vote.</p></article></body></html>"#;
    let mut options = ExtractOptions::default();
    options
        .hide_selectors
        .insert("example.com".into(), vec!["p.shop-note".into()]);
    let here = url::Url::parse("https://news.example.com/bridge").unwrap();
    let elsewhere = url::Url::parse("https://other.org/bridge").unwrap();
    assert!(
        !article::extract(html, Some(&here), &options)
            .text()
            .contains("mugs")
    );
    assert!(
        article::extract(html, Some(&elsewhere), &options)
            .text()
            .contains("mugs")
    );
}

#[test]
fn rendering_styles_title_links_and_numbers_and_fits_the_width() {
    let html = r#"<html><head><title>The bridge vote</title><meta name="author" content="Ann Lee"></head><body>
        <article><h1>The bridge vote</h1>
        <p>The council <a href="https://example.com/council">met on Tuesday</a> to discuss the new bridge over
        the river, and <strong>voted for it</strong> after a long debate about its cost.</p>
        <h2>What comes next</h2>
        <p>Work starts in spring, <em>the mayor said</em>, and the <a href="/plans">plans</a> are online.</p>
        <pre>cost  = 12.5m
budget = 14m</pre></article></body></html>"#;
    let url = url::Url::parse("https://example.com/news/bridge").unwrap();
    let article = article::extract(html, Some(&url), &ExtractOptions::default());
    let rendered = article::render(&article, 40);
    assert_eq!(rendered.lines[0].spans[0].style, Style::Title);
    let styles: Vec<Style> = rendered
        .lines
        .iter()
        .flat_map(|l| l.spans.iter().map(|s| s.style))
        .collect();
    for style in [
        Style::Meta,
        Style::Link,
        Style::LinkNumber,
        Style::Bold,
        Style::Italic,
        Style::Heading,
        Style::Preformatted,
    ] {
        assert!(
            styles.contains(&style),
            "no {style:?} span in {:#?}",
            rendered.lines
        );
    }
    assert_eq!(
        rendered.links,
        ["https://example.com/council", "https://example.com/plans"]
    );
    assert_eq!(article.links(), rendered.links);
    let text = rendered.to_text();
    assert!(text.contains("budget = 14m"), "{text}");
    assert!(
        text.ends_with("[1] https://example.com/council\n[2] https://example.com/plans\n"),
        "{text}"
    );
    assert!(
        rendered
            .lines
            .iter()
            .all(|l| folio::sanitize::display_width(&l.text()) <= 40),
        "{text}"
    );
}
