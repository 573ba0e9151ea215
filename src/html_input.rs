//! What reaches the HTML parser, for every extractor (articles and comment threads): non-HTML
//! input is refused with a reason, oversized pages are cut, and absurdly deep element nesting is cut
//! and flattened so neither the parser nor a later recursive pass can hang or overflow the stack.

use dom_query::{Document, NodeRef};

/// Pages beyond this are cut: a real article page is well under 4 MiB of HTML (most of it
/// scripts), and parsing takes about 25x the input in memory, so the cut bounds memory and time.
pub const MAX_HTML_BYTES: usize = 4 * 1024 * 1024;

/// Open elements beyond this depth in the raw HTML cut the page there. The HTML parser checks
/// "is there a `<p>` in scope" by walking its stack of open elements, so 100,000 nested `<div>`s
/// cost 10^10 steps (minutes); real pages stay far below this depth.
const MAX_RAW_DEPTH: usize = 1500;

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
    if let Some(cut) = depth_cut(page.html) {
        page.html = &page.html[..cut];
        page.note = Some(format!(
            "the page nests elements more than {MAX_RAW_DEPTH} deep; the rest was dropped"
        ));
    }
    Ok(page)
}

/// Where the raw HTML first opens more than `MAX_RAW_DEPTH` elements at once, if it does. A quick
/// tag scan, not a parser: elements that close themselves (void elements, `<p>`, `<li>`...) and
/// the insides of comments, scripts and styles do not count.
fn depth_cut(html: &str) -> Option<usize> {
    // A `match` rather than a list searched per tag: compiled to a few comparisons.
    let never_nests = |name: &str| {
        matches!(
            name,
            "area"
                | "base"
                | "br"
                | "col"
                | "embed"
                | "hr"
                | "img"
                | "input"
                | "link"
                | "meta"
                | "source"
                | "track"
                | "wbr"
                | "param"
                | "keygen"
                | "p"
                | "li"
                | "dt"
                | "dd"
                | "option"
                | "optgroup"
                | "tr"
                | "td"
                | "th"
                | "tbody"
                | "thead"
                | "tfoot"
                | "colgroup"
                | "caption"
                | "rt"
                | "rp"
                | "html"
                | "head"
                | "body"
                | "!doctype"
        )
    };
    let mut depth = 0usize;
    let mut at = 0;
    // Byte searches (memchr): `<` and `>` are ASCII, never inside a multi-byte character.
    while let Some(offset) = memchr::memchr(b'<', &html.as_bytes()[at..]) {
        let start = at + offset;
        let rest = &html[start..];
        if rest.starts_with("<!--") {
            at = rest.find("-->").map_or(html.len(), |end| start + end + 3);
            continue;
        }
        let closing = rest.starts_with("</");
        // The name, lowercased on the stack: a `String` per tag was most of this scan's cost.
        let mut buffer = [0u8; 16];
        let mut len = 0;
        for &b in rest.as_bytes()[if closing { 2 } else { 1 }..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'!' || **b == b'-')
            .take(buffer.len())
        {
            buffer[len] = b.to_ascii_lowercase();
            len += 1;
        }
        let name = std::str::from_utf8(&buffer[..len]).unwrap_or_default();
        if !name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '!') {
            at = start + 1;
            continue;
        }
        let tag_end = memchr::memchr(b'>', rest.as_bytes()).map_or(html.len(), |end| start + end + 1);
        if closing {
            depth = depth.saturating_sub(1);
        } else if matches!(name, "script" | "style" | "textarea" | "title") {
            // Raw text: skip to its end tag.
            let close = format!("</{name}");
            at = find_ignoring_ascii_case(&html[tag_end..], &close).map_or(html.len(), |end| tag_end + end);
            continue;
        } else if !never_nests(name) && !html[start..tag_end].ends_with("/>") {
            depth += 1;
            if depth > MAX_RAW_DEPTH {
                return Some(start);
            }
        }
        at = tag_end;
    }
    None
}

/// Where `needle` (lowercase ASCII) first occurs in `haystack`, ignoring ASCII case; no allocation.
fn find_ignoring_ascii_case(haystack: &str, needle: &str) -> Option<usize> {
    let (hay, needle) = (haystack.as_bytes(), needle.as_bytes());
    let first = needle.first()?;
    hay.iter()
        .enumerate()
        .filter(|(_, b)| *b == first)
        .map(|(i, _)| i)
        .find(|&i| {
            hay.get(i..i + needle.len())
                .is_some_and(|window| window.eq_ignore_ascii_case(needle))
        })
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
        let html = format!("<body><p>kept</p>{}lost", "<div>".repeat(MAX_RAW_DEPTH + 10));
        let Ok(page) = check(&html) else { panic!("refused") };
        assert!(page.html.contains("kept") && !page.html.contains("lost"));
        assert!(page.note.is_some_and(|n| n.contains("deep")));
        let flat = "<p>a<p>b<li>c<br><img src=x><script>if (a<b) {}</script><!-- <div> -->".repeat(2000);
        assert_eq!(depth_cut(&flat), None);
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
