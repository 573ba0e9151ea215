//! Small DOM helpers shared by the extraction passes.

use dom_query::{Document, NodeRef, Selection};

/// The descendants of `node` matching `css`.
pub fn within<'a>(node: &NodeRef<'a>, css: &str) -> Selection<'a> {
    Selection::from(*node).select(css)
}

/// Text with every run of whitespace folded into one space, trimmed.
pub fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The share of an element's text that sits inside links, 0.0 to 1.0.
pub fn link_density(node: &NodeRef<'_>) -> f32 {
    let total = node.normalized_char_count();
    if total == 0 {
        return 0.0;
    }
    let linked: usize = node
        .descendants_it()
        .filter(|n| n.has_name("a"))
        .map(|a| a.normalized_char_count())
        .sum();
    (linked as f32 / total as f32).min(1.0)
}

/// Characters of the text a reader sees in `node` (whitespace runs count once): not the contents of
/// scripts, styles and templates, which `normalized_char_count` counts.
pub fn visible_chars(node: &NodeRef<'_>) -> usize {
    visible_chars_at_most(node, usize::MAX)
}

/// `visible_chars`, counted only until it passes `limit` (then some count above `limit`): enough to
/// tell that an element is too big, without reading a page-sized one whole.
pub fn visible_chars_at_most(node: &NodeRef<'_>, limit: usize) -> usize {
    let hidden = |n: &NodeRef<'_>| is_named(n, &["script", "style", "template", "noscript"]);
    let mut total = 0;
    let mut stack = vec![*node];
    while let Some(current) = stack.pop() {
        if current.is_text() {
            total += current.normalized_char_count();
            if total > limit {
                return total;
            }
        } else if current.id == node.id || current.is_element() && !hidden(&current) {
            stack.extend(current.children_it(true));
        }
    }
    total
}

/// The element's tag is one of `names` (lowercase); cheaper than matching a CSS selector.
pub fn is_named(node: &NodeRef<'_>, names: &[&str]) -> bool {
    node.qual_name_ref()
        .is_some_and(|name| names.contains(&name.local.as_ref()))
}

/// The elements of `doc` for which `keep` holds, in document order: one walk with plain checks,
/// far cheaper than matching a selector list of attribute tests against every element.
pub fn elements_where<'a>(doc: &'a Document, keep: impl Fn(&NodeRef<'a>) -> bool) -> Vec<NodeRef<'a>> {
    doc.root()
        .descendants_it()
        .filter(|node| node.is_element() && keep(node))
        .collect()
}

/// The page's main heading: of the `h1`s with text, the longest one that the page's `<title>` or
/// `og:title` holds (a title reads "Article title | Site"); else the first. Themes also put `h1`
/// on the site name, a section name, a breadcrumb or a screen-reader label, often before the
/// article's own.
pub fn main_heading(doc: &Document) -> Option<NodeRef<'_>> {
    let headings: Vec<NodeRef<'_>> = doc
        .select("h1")
        .nodes()
        .iter()
        .copied()
        .filter(|h1| h1.normalized_char_count() > 0)
        .collect();
    let page_title = format!(
        "{} {}",
        doc.select_single("title").text(),
        doc.select_single("meta[property='og:title']")
            .attr("content")
            .unwrap_or_default()
    );
    let page_title = collapse(&page_title).to_lowercase();
    headings
        .iter()
        .enumerate()
        .map(|(at, h1)| (at, h1, collapse(&h1.text()).to_lowercase()))
        .filter(|(_, _, text)| page_title.contains(text.as_str()))
        // The longest; of equal ones, the first.
        .max_by_key(|(at, _, text)| (text.chars().count(), std::cmp::Reverse(*at)))
        .map(|(_, h1, _)| *h1)
        .or_else(|| headings.first().copied())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn visible_text_leaves_out_scripts_and_styles() {
        let doc = Document::from(
            "<div id='x'><p>Seen text</p><style>.a{color:red}</style><script>var a;</script></div>",
        );
        let node = doc.select("#x").nodes()[0];
        assert_eq!(visible_chars(&node), "Seen text".len());
    }

    #[test]
    fn the_main_heading_is_the_longest_h1_the_page_title_holds() {
        let doc = Document::from(
            "<title>Rivers rise in the north | The Daily Site</title>\
             <body><h1 class='sr-only'>Navigation</h1><h1><img alt=''></h1><h1>The Daily Site</h1>\
             <h1>Rivers rise in the north</h1></body>",
        );
        let heading = main_heading(&doc).map(|h| h.text().to_string());
        assert_eq!(heading.as_deref(), Some("Rivers rise in the north"));
        let untitled = Document::from("<body><h1></h1><h1>First</h1><h1>Second</h1></body>");
        let heading = main_heading(&untitled).map(|h| h.text().to_string());
        assert_eq!(heading.as_deref(), Some("First"));
    }
}
