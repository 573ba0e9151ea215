//! The worst 4 MiB pages we know for the HTML parser and the extractors, each read as `folio read
//! --comments` reads a file: the article extracted and wrapped, and the comment thread looked for.
//! Target: every shape in <= 1 s. `cargo bench --profile fast --bench hostile_html`.
//! With `FOLIO_BENCH_SHAPES_DIR=DIR` it writes each shape to `DIR/NAME.html` instead, for timing
//! the real binary (`scripts/hostile-html.sh`).
#![allow(clippy::unwrap_used)]

use folio::article::{self, ExtractOptions};
use folio::comments;

const SIZE: usize = 4 * 1024 * 1024;

fn main() {
    match std::env::var_os("FOLIO_BENCH_SHAPES_DIR") {
        Some(dir) => {
            for name in SHAPES {
                std::fs::write(
                    std::path::Path::new(&dir).join(format!("{name}.html")),
                    shape(name),
                )
                .unwrap();
            }
        }
        None => divan::main(),
    }
}

/// `unit` repeated to fill the page.
fn fill(unit: &str) -> String {
    unit.repeat(SIZE / unit.len())
}

/// `head`, then `unit` repeated to fill the page.
fn after(head: &str, unit: &str) -> String {
    head.to_string() + &unit.repeat((SIZE - head.len()) / unit.len())
}

/// The shapes, by name: nesting the old guard missed, the parser's quadratic stack walks, the
/// adoption agency and formatting-element reconstruction, attribute checks, tokenizer-heavy text,
/// the serializer's escaping, and node counts.
const SHAPES: &[&str] = &[
    "div-self-closing",
    "comment-bang-div",
    "hr-at-depth-1499",
    "end-div-at-depth-1499",
    "distinct-bold",
    "reopened-formatting",
    "anchors",
    "paragraph-bold-misnest",
    "bold-div-close",
    "table-nest",
    "table-foster",
    "list-nest",
    "select-option",
    "svg-self-closing",
    "tiny-elements",
    "attributes-one-tag",
    "attributes-many-tags",
    "character-references",
    "ampersands",
    "deep-leaves",
    "deep-blocks",
    "wide-table",
    "paragraphs",
    "links",
    "plain-text",
];

fn shape(name: &str) -> String {
    match name {
        "div-self-closing" => fill("<div/>"),
        "comment-bang-div" => fill("<!-- --!><div>"),
        "hr-at-depth-1499" => after(&"<div>".repeat(1499), "<hr>"),
        "end-div-at-depth-1499" => after(&"<span>".repeat(1499), "</div>"),
        "distinct-bold" => (0..SIZE / 12).map(|i| format!("<b x={i}>")).collect(),
        "reopened-formatting" => {
            let head: String = (0..200).map(|i| format!("<b x={i}>")).collect::<String>() + "</div>";
            after(&head, "<div>x</div>")
        }
        "anchors" => fill("<a>"),
        "paragraph-bold-misnest" => fill("<p><b>x</p>"),
        "bold-div-close" => fill("<b><div></b>"),
        "table-nest" => fill("<table><tr><td>"),
        "table-foster" => after("<table>", "<div>"),
        "list-nest" => fill("<ul><li>"),
        "select-option" => fill("<select><option>"),
        "svg-self-closing" => after("<svg>", "<g/>"),
        "tiny-elements" => fill("<i></i>"),
        "attributes-one-tag" => {
            let mut page = String::from("<a");
            for i in 0.. {
                if page.len() >= SIZE {
                    break;
                }
                page.push_str(&format!(" a{i}"));
            }
            page
        }
        "attributes-many-tags" => {
            let tag = format!("<a{}>", (0..1000).map(|i| format!(" a{i}")).collect::<String>());
            fill(&tag)
        }
        "character-references" => fill("&amp;&lt;&#x41;"),
        "ampersands" => fill("&amp;"),
        "deep-leaves" => after(&"<div>".repeat(250), "<p>x</p>"),
        "deep-blocks" => fill(&format!(
            "{}<p>text here</p>{}",
            "<div>".repeat(100),
            "</div>".repeat(100)
        )),
        "wide-table" => after("<table>", "<tr><td>x"),
        "paragraphs" => fill("<p>Some words of text in a paragraph.</p>"),
        "links" => fill("<li><a href=\"/x\">link</a></li>"),
        "plain-text" => fill("word "),
        _ => unreachable!("unknown shape {name}"),
    }
}

#[divan::bench(args = SHAPES, sample_count = 3, sample_size = 1)]
fn read_with_comments(bencher: divan::Bencher, name: &str) {
    let page = shape(name);
    let url = url::Url::parse("https://example.com/2024/05/story.html").unwrap();
    bencher.bench(|| {
        let article = article::extract(divan::black_box(&page), Some(&url), &ExtractOptions::default());
        let text = article.text_wrapped(100);
        let thread = comments::from_page(&page, Some(&url));
        (text, thread)
    });
}
