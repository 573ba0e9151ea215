//! What reaches the HTML parser, for every extractor (articles and comment threads): non-HTML
//! input is refused with a reason, oversized pages are cut, and absurdly deep element nesting is cut
//! and flattened so neither the parser nor a later recursive pass can hang or overflow the stack.

mod attributes;
mod counting_sink;
mod parse_cost;

use std::hash::Hasher;
use std::sync::Mutex;

use dom_query::{Document, NodeRef};

pub use counting_sink::Tally;
pub use parse_cost::Exceeded;

/// Pages beyond this are cut: a real article page is well under 4 MiB of HTML (most of it
/// scripts), and parsing takes about 25x the input in memory, so the cut bounds memory and time.
pub const MAX_HTML_BYTES: usize = 4 * 1024 * 1024;

/// Elements nested deeper than this in the parsed page cut the page there. The HTML parser checks
/// "is there a `<p>` in scope" by walking its stack of open elements, so 100,000 nested `<div>`s
/// cost 10^10 steps (minutes); real pages stay far below this depth.
pub const MAX_RAW_DEPTH: u32 = 1500;

/// Nodes (elements, text runs, comments) the parser may make before the page is cut. Extraction
/// costs a few microseconds per node; an article page has a few thousand, one with a few thousand
/// comments under it up to a hundred thousand, and those must be read whole.
const MAX_NODES: u64 = 120_000;

/// The depths of all elements added up, before the page is cut: extraction's passes look up
/// ancestors, so a page of many deep elements (formatting tags the parser re-opens in every
/// block) costs in proportion; real pages average under 20 levels.
const MAX_DEPTH_SUM: u64 = 2_400_000;

/// The parser's steps (name lookups and node comparisons in its stack walks, attribute checks,
/// nodes moved) before the page is cut: misnested tables and formatting elements, and tags with
/// thousands of attributes, cost far more steps per byte than any real page.
const MAX_WORK: u64 = 20_000_000;

/// Tokens (tags, comments, runs of text, each character reference) before the page is cut: the
/// tokenizer spends far longer on a character reference than on plain text.
const MAX_TOKENS: u64 = 400_000;

const LIMITS: parse_cost::Limits = parse_cost::Limits {
    max_depth: MAX_RAW_DEPTH,
    max_nodes: MAX_NODES,
    max_depth_sum: MAX_DEPTH_SUM,
    max_work: MAX_WORK,
    max_tokens: MAX_TOKENS,
};

/// Elements nested deeper than this are dropped. Real pages stay under ~60 levels; Readability's
/// and html2text's passes recurse over the tree, and 100,000 levels would overflow the stack.
pub const MAX_DEPTH: usize = 256;

/// A page fit for parsing.
pub struct Page<'a> {
    pub html: &'a str,
    pub note: Option<String>,
}

/// Why a document is not parsed as a web page.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum Refusal {
    #[error("the page is empty")]
    Empty,
    #[error("this is a {0}, not a web page")]
    NotHtml(&'static str),
    #[error("this is binary data, not a web page")]
    Binary,
}

/// Checks that `html` looks like a web page and cuts it to `MAX_HTML_BYTES`.
pub fn check(html: &str) -> Result<Page<'_>, Refusal> {
    let head = html.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    if head.is_empty() {
        return Err(Refusal::Empty);
    }
    if let Some(kind) = sniff_non_html(head) {
        return Err(Refusal::NotHtml(kind));
    }
    if looks_binary(head) {
        return Err(Refusal::Binary);
    }
    let mut page = Page { html, note: None };
    if html.len() > MAX_HTML_BYTES {
        let mut cut = MAX_HTML_BYTES;
        while !html.is_char_boundary(cut) {
            cut -= 1;
        }
        page.html = &html[..cut];
        page.note = Some(format!(
            "the page is {} MiB; only its first {} MiB were read",
            html.len() / (1024 * 1024),
            MAX_HTML_BYTES / (1024 * 1024)
        ));
    }
    if let Some(cut) = cut_point(page.html) {
        let mut at = cut.at;
        while !page.html.is_char_boundary(at) {
            at -= 1;
        }
        page.html = &page.html[..at];
        let why = match cut.exceeded {
            Exceeded::Depth => {
                format!("the page nests elements more than {MAX_RAW_DEPTH} deep; the rest was dropped")
            }
            Exceeded::Nodes => {
                "the page has more elements than folio reads; the rest was dropped".to_string()
            }
            Exceeded::Work => {
                "the page's markup is too costly to parse (misnested or repeated tags); the rest was dropped"
                    .to_string()
            }
        };
        // A page cut for size too says both.
        page.note = Some(match page.note {
            Some(size) => format!("{size}; {why}"),
            None => why.to_string(),
        });
    }
    Ok(page)
}

/// Where `html` is cut, if it is. The article and the comment extractors check the same page one
/// after the other, so the last answer is kept, keyed by the page's hash.
fn cut_point(html: &str) -> Option<parse_cost::Cut> {
    static LAST: Mutex<Option<(u64, usize, Option<parse_cost::Cut>)>> = Mutex::new(None);
    let key = {
        let mut hasher = rustc_hash::FxHasher::default();
        hasher.write(html.as_bytes());
        hasher.finish()
    };
    let remembered = LAST.lock().ok().and_then(|last| *last);
    if let Some((_, _, cut)) = remembered.filter(|&(k, len, _)| k == key && len == html.len()) {
        return cut;
    }
    let cut = parse_cost::measure(html, &LIMITS).cut;
    if let Ok(mut last) = LAST.lock() {
        *last = Some((key, html.len(), cut));
    }
    cut
}

/// What parsing `html` costs, as the guard counts it, read to the end: the differential fuzz target
/// compares its depth with the parsed tree's.
pub fn parse_cost(html: &str) -> Tally {
    parse_cost::measure(html, &parse_cost::Limits::NONE).tally
}

/// Recognises common non-HTML formats by their first bytes (after decoding, so only the ASCII
/// part of each signature is reliable).
fn sniff_non_html(head: &str) -> Option<&'static str> {
    const SIGNATURES: &[(&str, &str)] = &[
        ("%PDF-", "PDF document"),
        ("GIF87a", "GIF image"),
        ("GIF89a", "GIF image"),
        ("PK\u{3}\u{4}", "ZIP archive"),
        ("%!PS", "PostScript document"),
        ("{\\rtf", "RTF document"),
    ];
    if let Some((_, kind)) = SIGNATURES.iter().find(|(magic, _)| head.starts_with(magic)) {
        return Some(kind);
    }
    let start: String = head.chars().take(64).collect();
    // Magic numbers that begin with a high byte decode to different characters by charset.
    if start.chars().skip(1).take(3).eq("PNG".chars()) {
        return Some("PNG image");
    }
    if start.starts_with("RIFF") && start.contains("WEBP") {
        return Some("WebP image");
    }
    if start.contains("JFIF") || start.contains("Exif") && !start.contains('<') {
        return Some("JPEG image");
    }
    if (head.starts_with('{') || head.starts_with('['))
        && serde_json::from_str::<serde::de::IgnoredAny>(head).is_ok()
    {
        return Some("JSON document");
    }
    None
}

/// Binary data decodes to many NULs, control characters and replacement characters; text does not.
fn looks_binary(head: &str) -> bool {
    let sample = head.chars().take(1024);
    let (mut odd, mut total) = (0usize, 0usize);
    for c in sample {
        total += 1;
        if c == '\u{fffd}' || (c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}')) {
            odd += 1;
        }
    }
    total > 0 && odd * 10 > total
}

/// The deepest element of a parsed page, counting from the document (`<html>` is 1); iterative.
pub fn tree_depth(doc: &Document) -> usize {
    let mut stack: Vec<(NodeRef<'_>, usize)> = vec![(doc.root(), 0)];
    let mut deepest = 0;
    while let Some((node, depth)) = stack.pop() {
        deepest = deepest.max(depth);
        let mut child = node.first_child();
        while let Some(c) = child {
            child = c.next_sibling();
            if c.is_element() {
                stack.push((c, depth + 1));
            }
        }
    }
    deepest
}

/// Drops every element below `MAX_DEPTH`; returns the limit when something was dropped. Iterative,
/// so it is safe on any depth.
pub fn flatten_deep_nesting(doc: &Document) -> Option<usize> {
    let mut stack: Vec<(NodeRef<'_>, usize)> = vec![(doc.root(), 0)];
    let mut dropped = false;
    while let Some((node, depth)) = stack.pop() {
        if depth >= MAX_DEPTH {
            if node.first_child().is_some() {
                node.remove_children();
                dropped = true;
            }
            continue;
        }
        let mut child = node.first_child();
        while let Some(c) = child {
            child = c.next_sibling();
            if c.is_element() {
                stack.push((c, depth + 1));
            }
        }
    }
    dropped.then_some(MAX_DEPTH)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_formats_that_are_not_web_pages() {
        assert_eq!(check("").err(), Some(Refusal::Empty));
        assert_eq!(check(" \n ").err(), Some(Refusal::Empty));
        assert_eq!(
            check("%PDF-1.7\n...").err(),
            Some(Refusal::NotHtml("PDF document"))
        );
        assert_eq!(
            check("{\"a\": [1, 2]}").err(),
            Some(Refusal::NotHtml("JSON document"))
        );
        assert_eq!(check("\u{0}\u{1}\u{2}\u{3}abc").err(), Some(Refusal::Binary));
        assert!(check("<p>{not json}</p>").is_ok());
        assert!(check("{ a broken brace, then prose }").is_ok());
    }

    #[test]
    fn cuts_oversized_pages_at_a_character_boundary() {
        let html = "é".repeat(MAX_HTML_BYTES / 2 + 10);
        let page = check(&html).map_err(|e| e.to_string());
        let Ok(page) = page else {
            panic!("refused: {page:?}", page = page.err())
        };
        assert!(page.html.len() <= MAX_HTML_BYTES);
        assert!(page.note.is_some());
    }

    #[test]
    fn cuts_raw_html_nested_too_deep_before_parsing() {
        let html = format!(
            "<body><p>kept</p>{}lost",
            "<div>".repeat(MAX_RAW_DEPTH as usize + 10)
        );
        let Ok(page) = check(&html) else { panic!("refused") };
        assert!(page.html.contains("kept") && !page.html.contains("lost"));
        assert!(page.note.is_some_and(|n| n.contains("deep")));
        let flat = "<p>a<p>b<li>c<br><img src=x><script>if (a<b) {}</script><!-- <div> -->".repeat(2000);
        assert_eq!(parse_cost::measure(&flat, &LIMITS).cut, None);
    }

    /// Markup the old tag scan read as flat and the parser nests: `<div/>` is not self-closing in
    /// HTML, a comment also ends at `--!>`, and a `<title>` inside SVG is not raw text.
    #[test]
    fn cuts_what_the_parser_nests_however_it_is_spelled() {
        let deep = MAX_RAW_DEPTH as usize + 10;
        for shape in [
            "<div/>".repeat(deep),
            "<!-- --!><div>".repeat(deep),
            "<!--><div>".repeat(deep),
            format!("<svg><title>{}", "<g>".repeat(deep)),
            "<span><font>".repeat(deep),
        ] {
            let Ok(page) = check(&shape) else {
                panic!("refused")
            };
            assert!(page.note.is_some(), "not cut: {}", &shape[..40]);
            let parsed = tree_depth(&Document::from(page.html));
            assert!(
                parsed <= MAX_RAW_DEPTH as usize,
                "{parsed} deep: {}",
                &shape[..40]
            );
        }
    }

    #[test]
    fn cuts_tags_with_thousands_of_attributes() {
        let attributes: String = (0..20_000).map(|i| format!(" a{i}")).collect();
        let html = format!("<p>kept</p><a{attributes}>lost</a>").repeat(20);
        let Ok(page) = check(&html) else { panic!("refused") };
        assert!(page.html.contains("kept") && page.html.len() < html.len());
        assert!(page.note.is_some_and(|n| n.contains("costly")));
        // Tags short enough to end within one piece of the guard's reading count too.
        let attributes: String = (0..600).map(|i| format!(" a{i}")).collect();
        let html = format!("<p>kept</p><a{attributes}>x</a>").repeat(300);
        let Ok(page) = check(&html) else { panic!("refused") };
        assert!(page.note.is_some_and(|n| n.contains("costly")));
    }

    #[test]
    fn cuts_pages_with_more_nodes_than_extraction_can_afford() {
        let html = "<i></i>".repeat(MAX_NODES as usize);
        let Ok(page) = check(&html) else { panic!("refused") };
        assert!(page.note.is_some_and(|n| n.contains("elements")));
        let nodes = Document::from(page.html).root().descendants_it().count() as u64;
        assert!(nodes <= MAX_NODES + 10, "{nodes} nodes");
    }

    #[test]
    fn leaves_real_pages_whole() {
        let html = include_str!("../../tests/fixtures/seed-southfront/page.html");
        let Ok(page) = check(html) else { panic!("refused") };
        assert_eq!((page.html.len(), page.note), (html.len(), None));
    }

    #[test]
    fn flattens_nesting_deeper_than_the_limit() {
        let html = "<div>".repeat(MAX_DEPTH * 2) + "deep";
        let doc = Document::from(html.as_str());
        assert_eq!(flatten_deep_nesting(&doc), Some(MAX_DEPTH));
        assert!(!doc.select("body").text().contains("deep"));
        let shallow = Document::from("<div><p>fine</p></div>");
        assert_eq!(flatten_deep_nesting(&shallow), None);
    }
}
