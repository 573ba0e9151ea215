//! Comment-thread figures (issue 4):
//! - a 5,000-comment Hacker News thread: JSON -> tree -> visible rows (target <= 30 ms);
//! - toggling one collapse and recomputing the visible rows (target <= 0.5 ms);
//! - a 2 MB WordPress page with 1,000 comments extracted (target <= 50 ms), and the HTML parse of
//!   that page alone (the floor under it);
//! - a 2 MB page with 1,000 comments in a markup no adapter knows, read by the structural reader
//!   (target <= 50 ms).
//!
//! Run: `cargo bench --bench comments`. The inputs are generated here, deterministically.

use std::hint::black_box;

use divan::Bencher;
use folio::comments::{self, ThreadView, parse_discussion};

fn main() {
    divan::main();
}

/// A deterministic pseudo-random sequence (xorshift), so every run measures the same input.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

const PARAGRAPH: &str = "I&#x27;ve seen this pattern in three companies now, and the fix is always the same: \
    measure first, then cut the slowest step. See <a href=\"https://example.org/post\">this post</a> for numbers.";

/// Depths in preorder for `n` comments: each comment is a reply to the previous one, a sibling, or
/// a new branch higher up, like real threads (max depth 12).
fn shape(n: usize) -> Vec<usize> {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut depths = Vec::with_capacity(n);
    let mut depth = 0usize;
    for _ in 0..n {
        depths.push(depth);
        depth = match rng.next() % 10 {
            0..=4 if depth < 12 => depth + 1,
            5..=7 => depth,
            _ => (rng.next() % (depth as u64 + 1)) as usize,
        };
    }
    depths
}

/// An HN Algolia `items/<id>` response with `n` comments.
fn hn_json(n: usize) -> String {
    let depths = shape(n);
    let mut json = String::from(
        r#"{"id":1,"type":"story","author":"op","title":"A big thread","points":900,"children":["#,
    );
    let mut open = 0usize; // comments whose children array is still open
    for (i, &depth) in depths.iter().enumerate() {
        // A reply opens inside the previous comment's children; anything else closes back to its
        // parent's level and follows a sibling.
        if i > 0 && depth < open {
            while open > depth {
                json.push_str("]}");
                open -= 1;
            }
            json.push(',');
        }
        let paragraphs = 1 + i % 3;
        let text = vec![PARAGRAPH; paragraphs].join("<p>");
        json.push_str(&format!(
            r#"{{"id":{},"type":"comment","author":"user{}","created_at_i":{},"text":"{}","points":null,"parent_id":1,"children":["#,
            i + 2,
            i % 977,
            1_700_000_000 + i,
            text.replace('"', "\\\"")
        ));
        open += 1;
    }
    json.push_str(&"]}".repeat(open));
    json.push_str("]}");
    json
}

/// A WordPress html5 page of about 2 MB with `n` threaded comments.
fn wordpress_page(n: usize) -> String {
    let depths = shape(n);
    let body = format!("<p>{}</p>", PARAGRAPH).repeat(8);
    let mut html = String::from(
        "<!DOCTYPE html><html><head><title>Post</title></head><body><article><h1>Post</h1><div class=\"entry-content\"><p>Article.</p></div></article><div id=\"comments\"><ol class=\"comment-list\">",
    );
    let mut open = 0usize;
    for (i, &depth) in depths.iter().enumerate() {
        while open > depth {
            html.push_str("</ol></li>");
            open -= 1;
        }
        html.push_str(&format!(
            "<li id=\"comment-{i}\" class=\"comment even thread-even depth-{}\"><article id=\"div-comment-{i}\" class=\"comment-body\"><footer class=\"comment-meta\"><div class=\"comment-author vcard\"><img alt src=\"a.png\" class=\"avatar\"><b class=\"fn\"><a href=\"https://u{i}.example\" class=\"url\">User {i}</a></b> <span class=\"says\">says:</span></div><div class=\"comment-metadata\"><a href=\"#comment-{i}\"><time datetime=\"2024-03-11T09:00:00+00:00\">March 11, 2024 at 9:00 am</time></a></div></footer><div class=\"comment-content\">{body}</div><div class=\"reply\"><a class=\"comment-reply-link\" href=\"?replytocom={i}#respond\">Reply</a></div></article><ol class=\"children\">",
            depth + 1
        ));
        open += 1;
    }
    html.push_str(&"</ol></li>".repeat(open));
    html.push_str("</ol></div></body></html>");
    html
}

/// A page of about 2 MB with `n` threaded comments in a theme's own markup: no `depth-N` classes,
/// replies nested in `ul.children`, a header with the name and date, the text in its own block.
fn custom_theme_page(n: usize) -> String {
    let depths = shape(n);
    let body = format!("<p>{}</p>", PARAGRAPH).repeat(8);
    let mut html = String::from(
        "<!DOCTYPE html><html><head><title>Post</title></head><body><article><h1>Post</h1><div class=\"post-body\"><p>Article.</p></div></article><section id=\"comments\" class=\"discussion\"><ul class=\"comment-list\">",
    );
    let mut open = 0usize;
    for (i, &depth) in depths.iter().enumerate() {
        while open > depth {
            html.push_str("</ul></li>");
            open -= 1;
        }
        html.push_str(&format!(
            "<li class=\"user-comment\" id=\"reply-{i}\"><div class=\"user-comment__head\"><img class=\"user-comment__avatar\" src=\"a.png\" alt=\"\"><span class=\"user-comment__name\"><a href=\"/members/u{i}\">User {i}</a></span> <time datetime=\"2024-03-11T09:00:00+00:00\">March 11, 2024</time> <a class=\"user-comment__link\" href=\"#reply-{i}\">#{i}</a></div><div class=\"user-comment__text\">{body}</div><div class=\"user-comment__actions\"><a href=\"#respond\">Reply</a> <a href=\"#report\">Report</a></div><ul class=\"children\">"
        ));
        open += 1;
    }
    html.push_str(&"</ul></li>".repeat(open));
    html.push_str("</ul></section></body></html>");
    html
}

#[divan::bench(sample_count = 20)]
fn hn_5000_comments_json_to_visible_rows(bencher: Bencher) {
    let json = hn_json(5000);
    bencher.bench(|| {
        let discussion = parse_discussion(black_box(json.as_bytes()), None).expect("generated JSON parses");
        let view = ThreadView::new(&discussion.thread);
        assert_eq!(view.rows().len(), 5000);
        black_box(view.rows().len())
    });
}

#[divan::bench(sample_count = 200)]
fn toggle_one_collapse_and_recompute_rows(bencher: Bencher) {
    let discussion = parse_discussion(hn_json(5000).as_bytes(), None).expect("generated JSON parses");
    let mut view = ThreadView::new(&discussion.thread);
    // The top-level comment with the most replies: the largest splice.
    let row = (0..view.rows().len())
        .filter(|&r| view.rows()[r].depth == 0)
        .max_by_key(|&r| view.reply_count(view.rows()[r].node))
        .unwrap_or(0);
    bencher.bench_local(|| {
        view.toggle(black_box(row));
        black_box(view.rows().len())
    });
}

#[divan::bench(sample_count = 20)]
fn wordpress_2mb_page_with_1000_comments(bencher: Bencher) {
    let page = wordpress_page(1000);
    assert!(page.len() >= 2_000_000, "page is {} bytes", page.len());
    bencher.bench(|| match comments::from_page(black_box(&page), None) {
        comments::PageThread::Found(thread) => black_box(thread.len()),
        _ => unreachable!("the page has a thread"),
    });
}

/// The floor under the figure above: parsing the same page into a DOM, nothing else.
#[divan::bench(sample_count = 20)]
fn wordpress_2mb_page_html_parse_alone(bencher: Bencher) {
    let page = wordpress_page(1000);
    bencher.bench(|| {
        black_box(dom_query::Document::from(black_box(page.as_str())))
            .root()
            .id
    });
}

#[divan::bench(sample_count = 20)]
fn structural_reader_2mb_page_with_1000_comments(bencher: Bencher) {
    let page = custom_theme_page(1000);
    assert!(page.len() >= 2_000_000, "page is {} bytes", page.len());
    bencher.bench(|| match comments::from_page(black_box(&page), None) {
        comments::PageThread::Found(thread) => {
            assert_eq!(thread.len(), 1000);
            black_box(thread.len())
        }
        _ => unreachable!("the page has a thread"),
    });
}
