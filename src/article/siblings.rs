//! Sections of one article laid out as sibling blocks of the same kind: page-builder rows
//! (`vc_row`, `elementor-section`, `et_pb_section`...), outline sections of exported documents,
//! chapters of long reads. Readability keeps the region with the best score, which is one of them;
//! the other sections of prose are put back around it, in page order.
//!
//! The article's place is the page's densest text block (see `page_chrome::densest_text_container`).
//! Going up from it a few levels, the first ancestor with siblings of its own kind (same tag, same
//! first class) that hold prose (enough text, few links) is one section among several.

use dom_query::{Document, NodeRef};

use super::dom::{collapse, is_named, link_density};
use super::longest_line;
use super::names::attribute_words;

/// How far above the densest block a section may start (page builders nest five or six wrappers).
const MAX_LEVELS: usize = 7;
/// A section needs this much text to be prose rather than a separator or a button row.
const MIN_SECTION_CHARS: usize = 100;
/// A section whose text is more than this share links is a list of teasers, not prose.
const MAX_LINK_DENSITY: f32 = 0.25;
/// The probe of a section (the start of its longest text line) must be this long to tell
/// whether the extracted body already holds it.
const MIN_PROBE_CHARS: usize = 30;

/// One sibling section: its HTML and a probe of its text.
#[derive(Debug)]
struct Section {
    html: String,
    probe: String,
}

/// The sections around the article's densest block, in page order.
#[derive(Debug, Default)]
pub struct Sections {
    before: Vec<Section>,
    after: Vec<Section>,
}

/// The prose sections beside the one holding `dense`, when it is one section among several.
pub fn find(dense: &NodeRef<'_>) -> Option<Sections> {
    let mut node = *dense;
    for _ in 0..MAX_LEVELS {
        let parent = node.parent().filter(|p| !is_named(p, &["html", "body"]))?;
        if let Some(kind) = kind_of(&node) {
            let mut sections = Sections::default();
            let mut seen_self = false;
            for sibling in parent.element_children() {
                if sibling.id == node.id {
                    seen_self = true;
                    continue;
                }
                if kind_of(&sibling).as_ref() != Some(&kind) {
                    continue;
                }
                if let Some(section) = prose_section(&sibling) {
                    if seen_self {
                        sections.after.push(section);
                    } else {
                        sections.before.push(section);
                    }
                }
            }
            if !sections.before.is_empty() || !sections.after.is_empty() {
                return Some(sections);
            }
        }
        node = parent;
    }
    None
}

/// Puts back the sections the extracted body lacks: those before its own at the top, those after
/// at the end. Only when the body holds the densest block itself (`dense_probe`): a body taken from
/// another region of the page is not one of these sections.
pub fn restore(content: &Document, sections: &Sections, dense_probe: &str) {
    let text = collapse(&content.root().text());
    if dense_probe.is_empty() || !text.contains(dense_probe) {
        return;
    }
    let body = content.select_single("body");
    let Some(body) = body.nodes().first().copied() else {
        return;
    };
    for section in sections.before.iter().rev() {
        if !text.contains(&section.probe) {
            body.prepend_html(section.html.as_str());
        }
    }
    for section in &sections.after {
        if !text.contains(&section.probe) {
            body.append_html(section.html.as_str());
        }
    }
}

/// An element's kind: its tag and first class. `None` without a class (too common to compare), for
/// list items (a stream of teasers) and for grid columns (`col-md-8`, `large-4 columns`): columns
/// stand side by side, the article in one and a sidebar in the next, while sections stack.
fn kind_of(node: &NodeRef<'_>) -> Option<(String, String)> {
    let tag = node.node_name()?.to_ascii_lowercase();
    if tag == "li" {
        return None;
    }
    let class = node.attr("class")?;
    let first = class.split_whitespace().next()?.to_ascii_lowercase();
    if attribute_words(&first).iter().any(|w| is_grid_column_word(w)) {
        return None;
    }
    Some((tag, first))
}

/// A word of a grid framework's column class (Bootstrap, Foundation, UIkit...).
fn is_grid_column_word(word: &str) -> bool {
    matches!(
        word,
        "col"
            | "cols"
            | "column"
            | "columns"
            | "cell"
            | "span"
            | "width"
            | "xs"
            | "sm"
            | "md"
            | "lg"
            | "xl"
            | "small"
            | "medium"
            | "large"
            | "xlarge"
    )
}

fn prose_section(node: &NodeRef<'_>) -> Option<Section> {
    if node.normalized_char_count() < MIN_SECTION_CHARS || link_density(node) > MAX_LINK_DENSITY {
        return None;
    }
    let probe = longest_line(node);
    (probe.chars().count() >= MIN_PROBE_CHARS).then(|| Section {
        html: node.html().to_string(),
        probe,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prose(words: &str) -> String {
        format!("{words} ").repeat(12)
    }

    #[test]
    fn sibling_rows_of_prose_come_back_around_the_kept_one_in_page_order() {
        let page = format!(
            "<div id='c'><div class='row a'><div class='col'><p>{}</p></div></div>\
             <div class='row b'><div class='col'><p>{}</p><p>{}</p></div></div>\
             <div class='row'><div class='col'><a href='/x'>{}</a></div></div>\
             <div class='other'><p>{}</p></div>\
             <div class='row'><div class='col'><p>{}</p></div></div></div>",
            prose("First row speaks of the harbour."),
            prose("Second row is the longest part."),
            prose("Second row goes on about ships."),
            prose("A teaser link to another story."),
            prose("An unrelated box of another kind."),
            prose("Last row closes the article."),
        );
        let doc = Document::from(page);
        let dense = doc.select("div.b > div.col").nodes()[0];
        let sections = find(&dense).unwrap_or_default();
        assert_eq!(sections.before.len(), 1);
        assert_eq!(sections.after.len(), 1);

        let content = Document::from(format!(
            "<div><p>{}</p></div>",
            prose("Second row is the longest part.")
        ));
        restore(&content, &sections, "Second row is the longest part.");
        let text = collapse(&content.root().text());
        let first = text.find("First row").unwrap_or(usize::MAX);
        let second = text.find("Second row").unwrap_or(usize::MAX);
        let last = text.find("Last row").unwrap_or(usize::MAX);
        assert!(first < second && second < last, "{text}");
        assert!(!text.contains("teaser link") && !text.contains("unrelated box"));
    }

    #[test]
    fn a_block_without_sections_of_its_kind_has_none() {
        let doc = Document::from(format!(
            "<div class='post'><div class='body'><p>{}</p></div><div class='meta'><p>{}</p></div></div>",
            prose("The only body of the post."),
            prose("Posted in a category by someone.")
        ));
        let dense = doc.select("div.body").nodes()[0];
        assert!(find(&dense).is_none());
    }
}
