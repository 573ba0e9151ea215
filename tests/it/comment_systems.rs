//! Comment threads of real systems, one fixture each (`tests/fixtures/comments/systems/`, written
//! from each system's own templates), read by the structural reader: the exact tree (authors,
//! text starts, depths), nothing of the system's UI or the site's navigation in it; and bad input
//! (look-alike blocks that are not comments, a huge deep thread) read in bounded time.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use folio::comments::{self, Comment, PageThread, Thread, model::MAX_DEPTH};
use serde_json::Value;
use url::Url;

fn systems() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/comments/systems")
}

fn norm(text: &str) -> String {
    text.replace(['\u{a0}', '\u{200b}'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn is_anonymous(name: &str) -> bool {
    matches!(
        norm(name).to_lowercase().as_str(),
        "" | "anonymous" | "guest" | "[deleted]" | "unknown"
    )
}

/// Reads the fixture `name` and checks the thread against its truth.json, exactly: every
/// comment in order with its depth, author and text start; optional items (deleted stubs) may be
/// there or not; no UI string of `must_not_contain` in any author or text.
fn assert_fixture(name: &str) -> Thread {
    let dir = systems().join(name);
    let truth: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("truth.json")).unwrap()).unwrap();
    let html = std::fs::read_to_string(dir.join("input.html")).unwrap();
    let url = Url::parse(truth["url"].as_str().unwrap()).unwrap();
    let thread = match comments::from_page(&html, Some(&url)) {
        PageThread::Found(thread) => thread,
        other => panic!("{name}: no thread: {other:?}"),
    };
    let optional: Vec<(String, String)> = truth["optional"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| (norm(o[1].as_str().unwrap()), norm(o[2].as_str().unwrap())))
        .collect();
    let got: Vec<(usize, &Comment)> = thread
        .preorder()
        .map(|(c, d)| (d, c))
        .filter(|(_, c)| {
            !optional
                .iter()
                .any(|(author, text)| *author == norm(&c.author) || norm(&c.text).starts_with(text.as_str()))
        })
        .collect();
    let want = truth["comments"].as_array().unwrap();
    let shape: Vec<(usize, String)> = got.iter().map(|(d, c)| (*d, c.author.clone())).collect();
    assert_eq!(got.len(), want.len(), "{name}: comments {shape:?}");
    for (i, ((depth, comment), w)) in got.iter().zip(want).enumerate() {
        let here = format!("{name} #{i}");
        assert_eq!(
            *depth as u64,
            w[0].as_u64().unwrap(),
            "{here}: depth of {shape:?}"
        );
        let author = w[1].as_str().unwrap();
        assert!(
            norm(&comment.author) == norm(author) || is_anonymous(author) && is_anonymous(&comment.author),
            "{here}: author {:?}, want {author:?}",
            comment.author
        );
        let text = norm(&comment.text).replace("> ", "");
        let prefix = norm(w[2].as_str().unwrap());
        assert!(
            text.starts_with(&prefix),
            "{here}: text {text:?}, want {prefix:?}"
        );
    }
    for chrome in truth["must_not_contain"].as_array().unwrap() {
        let chrome = chrome.as_str().unwrap();
        for (comment, _) in thread.preorder() {
            assert!(
                !comment.text.contains(chrome) && !comment.author.contains(chrome),
                "{name}: {chrome:?} in {:?}: {:?}",
                comment.author,
                comment.text
            );
        }
    }
    thread
}

fn deleted_stubs(thread: &Thread) -> Vec<usize> {
    thread
        .preorder()
        .filter(|(c, _)| c.deleted)
        .map(|(_, d)| d)
        .collect()
}

#[test]
fn hacker_news_item_page_of_2015() {
    assert_fixture("hn-2015");
}

#[test]
fn hacker_news_item_page_of_2018_without_the_indent_attribute() {
    let thread = assert_fixture("hn-2018");
    // The deleted comment holds its reply at depth 3.
    assert_eq!(deleted_stubs(&thread), [2]);
}

#[test]
fn hacker_news_item_page_of_today_says_more_pages_exist() {
    let thread = assert_fixture("hn-current");
    assert_eq!(deleted_stubs(&thread), [2]);
    assert_eq!(
        thread.next_page.as_deref(),
        Some("https://news.ycombinator.com/item?id=17001000&p=2")
    );
    assert!(
        thread.comments[0].date.is_some(),
        "span.age[title] gives the date"
    );
}

#[test]
fn hacker_news_pages_read_as_story_and_thread_without_the_site_navigation() {
    for (name, title) in [
        ("hn-2015", "Ask HN: How do you keep a side project alive?"),
        ("hn-2018", "Rust, a year in"),
    ] {
        let out = Command::cargo_bin("folio")
            .unwrap()
            .args(["read", "--comments", "--json"])
            .arg(systems().join(name).join("input.html"))
            .args(["--url", "https://news.ycombinator.com/item?id=1"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let json: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(json["article"]["title"], title, "{name}");
        let whole = String::from_utf8_lossy(&out.stdout);
        for chrome in ["Guidelines", "Apply to YC", "login", "submit", "add comment"] {
            assert!(!whole.contains(chrome), "{name}: {chrome} in {whole}");
        }
    }
}

#[test]
fn drupal_7_indented_replies_unverified_names_and_the_pager() {
    let thread = assert_fixture("drupal7-bartik");
    assert_eq!(
        thread.next_page.as_deref(),
        Some("http://riverside.example/node/512?page=1")
    );
}

#[test]
fn drupal_10_olivero_replies_in_indented_blocks() {
    assert_fixture("drupal10-olivero");
}

#[test]
fn blogger_threaded_comments() {
    let thread = assert_fixture("blogger-threaded");
    assert!(thread.comments[0].date.is_some());
}

#[test]
fn xenforo_thread_page_with_quotes_and_a_page_navigation() {
    let thread = assert_fixture("xenforo2-thread");
    assert_eq!(
        thread.next_page.as_deref(),
        Some("https://forum.example/threads/yellow-tomato-leaves.777/page-2")
    );
}

#[test]
fn discourse_embedded_comments_and_crawler_view() {
    assert_fixture("discourse-embed");
    let crawler = assert_fixture("discourse-crawler");
    assert_eq!(
        crawler.next_page.as_deref(),
        Some("https://forum.example/t/wal-explained/341?page=2")
    );
}

#[test]
fn old_reddit_comment_page_keeps_a_deleted_comment_s_reply_in_place() {
    let thread = assert_fixture("old-reddit");
    assert_eq!(deleted_stubs(&thread), [2]);
    // The visible score, not the ones shown after the reader's own vote.
    assert_eq!(thread.comments[0].score, Some(412));
}

#[test]
fn lobsters_story_page_nests_by_lists_of_its_own_kind() {
    assert_fixture("lobsters-story");
}

#[test]
fn a_news_site_s_flat_list_with_reply_modifiers_numbers_and_buttons() {
    let thread = assert_fixture("news-flat-replies");
    assert_eq!(
        thread.next_page.as_deref(),
        Some("https://www.zeitung.example/reise/2024-01/nachtzuege-europa?page=2#comments")
    );
}

#[test]
fn a_news_site_s_list_in_schema_org_microdata() {
    let thread = assert_fixture("news-microdata");
    assert!(thread.preorder().all(|(c, _)| c.date.is_some()));
}

#[test]
fn a_theme_that_writes_each_comment_as_dt_and_dd() {
    assert_fixture("dl-dt-dd");
}

#[test]
fn a_script_loaded_system_s_static_fallback_list_is_read() {
    assert_fixture("disqus-static-fallback");
}

#[test]
fn one_comment_with_its_text_in_the_author_block_an_edit_note_and_a_pingback() {
    let thread = assert_fixture("theme-single-comment");
    let comment = &thread.comments[0];
    assert!(comment.edited.is_some(), "the edit note became data");
    assert_eq!(
        comment.date.map(|d| d.to_rfc3339()).as_deref(),
        Some("2016-05-13T08:12:00+00:00")
    );
    assert_eq!(thread.pingbacks.len(), 1);
    assert_eq!(thread.pingbacks[0].title, "Links im Mai – Backstube");
    assert_eq!(
        thread.pingbacks[0].url.as_deref(),
        Some("https://backstube.example/links-im-mai/")
    );
}

/// A page of `n` blocks of `block(i)` inside a listing.
fn page_of(n: usize, block: impl Fn(usize) -> String) -> String {
    let mut html = String::from("<html><body><main><h1>Listing</h1><div class=\"listing\">");
    for i in 0..n {
        html.push_str(&block(i));
    }
    html.push_str("</div></main></body></html>");
    html
}

#[test]
fn thousands_of_look_alike_blocks_that_are_not_comments_give_no_thread() {
    let pages = [
        // A shop's product grid: name, price, rating, a button.
        page_of(3000, |i| {
            format!(
                "<div class=\"product-card\"><a class=\"product-name\" href=\"/p/{i}\">Garden chair {i}</a>\
                 <span class=\"price\">{}.99 €</span><span class=\"rating\">4.{} of 5</span>\
                 <p class=\"description\">Weatherproof teak chair, folds flat for the winter.</p>\
                 <button class=\"add-to-cart\">Add to cart</button></div>",
                20 + i % 50,
                i % 10
            )
        }),
        // A blog's archive: posts with an author, a date and an excerpt, like comments.
        page_of(2000, |i| {
            format!(
                "<article class=\"post-teaser\"><h2><a href=\"/2024/{i}/\">Post number {i}</a></h2>\
                 <span class=\"author-name\">Editor {}</span><time datetime=\"2024-03-{:02}\">March {}, 2024</time>\
                 <div class=\"entry-summary\"><p>A summary of the post that is long enough to read as a text.</p></div>\
                 <a class=\"more-link\" href=\"/2024/{i}/\">Read more</a></article>",
                i % 7,
                1 + i % 28,
                1 + i % 28
            )
        }),
        // A link list and a tag cloud.
        page_of(5000, |i| {
            format!(
                "<li class=\"link-item\"><a href=\"https://e.org/{i}\">Link {i}</a> <small>3 days ago</small></li>"
            )
        }),
        page_of(4000, |i| {
            format!(
                "<a class=\"tag-cloud-link tag-link-{i}\" href=\"/tag/t{i}\" style=\"font-size: {}pt\">tag{i}</a> ",
                8 + i % 14
            )
        }),
        // Teaser cards that show a comment count.
        page_of(2000, |i| {
            format!(
                "<div class=\"card\"><h3><a href=\"/news/{i}\">Headline {i}</a></h3><p>Teaser text of the story.</p>\
                 <span class=\"comment-count\"><a href=\"/news/{i}#comments\">{} comments</a></span></div>",
                i % 40
            )
        }),
    ];
    for (i, page) in pages.iter().enumerate() {
        match comments::from_page(page, None) {
            PageThread::None => {}
            PageThread::Found(thread) => panic!("page {i}: a false thread of {} comments", thread.len()),
            other => panic!("page {i}: {other:?}"),
        }
    }
}

/// A comment section of `chains` threads of `depth` replies each, in a markup no adapter knows:
/// every comment a `div.comment` holding its replies in `div.replies`.
fn deep_section(chains: usize, depth: usize) -> String {
    let mut html =
        String::from("<html><body><article><h1>Post</h1><p>Text.</p></article><section id=\"comments\">");
    for chain in 0..chains {
        for level in 0..depth {
            html.push_str(&format!(
                "<div class=\"comment\" id=\"c{chain}-{level}\"><div class=\"comment-meta\"><span class=\"comment-author\">u{chain}x{level}</span> \
                 <time datetime=\"2024-01-01T10:00:00Z\">Jan 1</time></div><div class=\"comment-text\"><p>level {level} of {chain}</p></div>\
                 <div class=\"replies\">"
            ));
        }
        html.push_str(&"</div></div>".repeat(depth));
    }
    html.push_str("</section></body></html>");
    html
}

#[test]
fn ten_thousand_comments_two_hundred_levels_deep_are_read_in_bounded_time_and_depth() {
    // Built and read on a small stack: nothing recurses on the depth. The page is far past what
    // the HTML input guard lets through (elements, their summed depth), so what is read is the
    // page's beginning, in order, and never deeper than the bound.
    let authors = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(|| {
            let page = deep_section(50, 200);
            let PageThread::Found(thread) = comments::from_page(&page, None) else {
                panic!("the section has a thread");
            };
            (thread.preorder())
                .map(|(comment, depth)| (comment.author.clone(), depth))
                .collect::<Vec<_>>()
        })
        .unwrap()
        .join()
        .unwrap();
    assert!(
        authors.len() >= 200 && authors.len() < 10_000,
        "{}",
        authors.len()
    );
    let expected = (0..50).flat_map(|chain| (0..200).map(move |level| (chain, level)));
    for ((author, depth), (chain, level)) in authors.iter().zip(expected) {
        assert_eq!(author, &format!("u{chain}x{level}"));
        assert_eq!(*depth, level.min(MAX_DEPTH));
    }
}

#[test]
fn three_thousand_comments_in_a_markup_no_adapter_knows_are_all_read() {
    let mut page =
        String::from("<html><body><article><h1>Post</h1><p>Text.</p></article><section id=\"comments\">");
    for i in 0..3000 {
        page.push_str(&format!(
            "<div class=\"comment\" id=\"c{i}\"><div class=\"comment-meta\"><span class=\"comment-author\">user{i}</span> \
             <time datetime=\"2024-01-01T10:00:00Z\">Jan 1</time></div><div class=\"comment-text\"><p>This is comment {i} \
             with <em>some</em> text and <a href=\"/x\">a link</a>.</p><p>Another paragraph.</p></div>\
             <div class=\"comment-actions\"><a href=\"#reply\">Reply</a> <a href=\"#like\">Like</a></div></div>"
        ));
    }
    page.push_str("</section></body></html>");
    let PageThread::Found(thread) = comments::from_page(&page, None) else {
        panic!("the section has a thread");
    };
    let authors: Vec<String> = thread.preorder().map(|(c, _)| c.author.clone()).collect();
    assert_eq!(authors.len(), 3000);
    assert_eq!(authors.last().map(String::as_str), Some("user2999"));
}

#[test]
fn a_thread_deeper_than_the_bound_is_flattened_at_the_bound() {
    let page = deep_section(1, MAX_DEPTH + 40);
    let PageThread::Found(thread) = comments::from_page(&page, None) else {
        panic!("the section has a thread");
    };
    let depths: Vec<usize> = thread.preorder().map(|(_, d)| d).collect();
    assert_eq!(depths.len(), MAX_DEPTH + 40);
    assert_eq!(depths.iter().copied().max(), Some(MAX_DEPTH));
}
