//! What reaches the HTML parser: non-HTML input is refused with a reason, oversized pages are cut,
//! and absurdly deep element nesting is flattened so no later recursive pass can overflow the stack.

use dom_query::{Document, NodeRef};

/// Pages beyond this are cut: a real article page is well under 5 MiB of HTML, and parsing is
/// linear in memory (about 10x the input), so the cut bounds the memory one page can take.
pub const MAX_HTML_BYTES: usize = 8 * 1024 * 1024;

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
    if html.len() <= MAX_HTML_BYTES {
        return Ok(Page { html, note: None });
    }
    let mut cut = MAX_HTML_BYTES;
    while !html.is_char_boundary(cut) {
        cut -= 1;
    }
    let note = format!(
        "the page is {} MiB; only its first {} MiB were read",
        html.len() / (1024 * 1024),
        MAX_HTML_BYTES / (1024 * 1024)
    );
    Ok(Page {
        html: &html[..cut],
        note: Some(note),
    })
}

/// Recognises common non-HTML formats by their first bytes (after decoding, so only the ASCII
/// part of each signature is reliable).
fn sniff_non_html(head: &str) -> Option<&'static str> {
    const SIGNATURES: &[(&str, &str)] = &[
        ("%PDF-", "PDF document"),
        ("\u{fffd}PNG", "PNG image"),
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
    fn flattens_nesting_deeper_than_the_limit() {
        let html = "<div>".repeat(MAX_DEPTH * 2) + "deep";
        let doc = Document::from(html.as_str());
        assert_eq!(flatten_deep_nesting(&doc), Some(MAX_DEPTH));
        assert!(!doc.select("body").text().contains("deep"));
        let shallow = Document::from("<div><p>fine</p></div>");
        assert_eq!(flatten_deep_nesting(&shallow), None);
    }
}
