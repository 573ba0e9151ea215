//! What chrome removal must never remove: the article's place on the page (its main heading, its
//! `main` region, its marked-up body and the densest block of text, with their ancestors), and
//! how much of the page's text an element holds (weak chrome signals only remove small parts).

use std::collections::HashSet;

use dom_query::{Document, NodeId, NodeRef};

use super::Names;
use super::chrome_words::chrome_pair;
use super::dom::{is_named, main_heading};
use super::names::class_and_id_words;

/// What must survive chrome removal.
pub(super) struct Guard {
    /// The page's main heading (`dom::main_heading`), its `main` region, its marked-up article body and
    /// the element holding the most paragraph text, with all their ancestors: the article's place.
    protected: HashSet<NodeId>,
    /// Characters of text on the whole page (whitespace runs count once).
    text_chars: usize,
    /// The densest block of text, one of the protected elements.
    pub(super) dense: Option<NodeId>,
}

impl Guard {
    pub(super) fn new(doc: &Document, names: Names) -> Self {
        let marked = doc.select("main, [role=main], [itemprop=articleBody]");
        let mut protected = HashSet::new();
        let dense = densest_text_container(doc, names)
            .filter(|n| !is_named(n, &["footer", "nav", "aside", "header"]));
        for anchor in marked
            .nodes()
            .iter()
            .copied()
            .chain(main_heading(doc))
            .chain(dense)
        {
            protected.insert(anchor.id);
            protected.extend(anchor.ancestors_it(None).map(|a| a.id));
        }
        let text_chars = doc.root().normalized_char_count();
        Guard {
            protected,
            text_chars,
            dense: dense.map(|n| n.id),
        }
    }

    /// The element is (or holds) the article, the main heading or the page structure.
    pub(super) fn protects(&self, node: &NodeRef<'_>) -> bool {
        self.protected.contains(&node.id) || is_named(node, &["html", "body"])
    }

    /// The element's share of the page's text, 0.0 to 1.0.
    pub(super) fn text_share(&self, node: &NodeRef<'_>) -> f32 {
        if self.text_chars == 0 {
            return 0.0;
        }
        node.normalized_char_count() as f32 / self.text_chars as f32
    }
}

/// Less text than this in one container is not an article body.
const MIN_BODY_CHARS: usize = 200;

/// The element whose paragraphs (or loose text lines) add up to the most text: the article body on
/// nearly every page, since comments and teasers split their text over many small containers.
/// Text inside landmarks that never hold the article (navigation, asides, footers, forms) or
/// inside elements whose class/id marks chrome (author boxes, comments, cookie notices) does not
/// count, so a long author bio or consent text never outweighs a short post.
/// `None` when no container holds `MIN_BODY_CHARS`, or when the text sits loose in `<body>`.
pub(super) fn densest_text_container(doc: &Document, names: Names) -> Option<NodeRef<'_>> {
    const INLINE: &[&str] = &[
        "p", "span", "a", "em", "strong", "b", "i", "u", "font", "small", "sup", "sub", "q", "cite", "abbr",
        "code", "mark",
    ];
    // In document order, so ties always go the same way.
    let mut totals: Vec<(NodeRef<'_>, usize)> = Vec::new();
    let mut index: std::collections::HashMap<NodeId, usize> = Default::default();
    let body = doc.select_single("body");
    let root = body.nodes().first().copied()?;
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        if node.is_element() {
            // Not `noscript`: without scripting its contents are the page (some wrap all of it).
            if is_named(&node, &["script", "style", "template"])
                || node.id != root.id && is_chrome_region(&node, names)
            {
                continue;
            }
            // Children pushed in reverse, so they pop in document order.
            let children: Vec<NodeRef<'_>> = node.children_it(false).collect();
            stack.extend(children.into_iter().rev());
            continue;
        }
        if !node.is_text() {
            continue;
        }
        let chars = node.normalized_char_count();
        if chars < 2 {
            continue;
        }
        let Some(mut container) = node.parent() else {
            continue;
        };
        // Text inside a paragraph or inline markup counts for the paragraph's parent.
        while is_named(&container, INLINE) {
            match container.parent() {
                Some(parent) => container = parent,
                None => break,
            }
        }
        let at = *index.entry(container.id).or_insert_with(|| {
            totals.push((container, 0));
            totals.len() - 1
        });
        totals[at].1 += chars;
    }
    totals
        .into_iter()
        .rev()
        .max_by_key(|(_, chars)| *chars)
        .filter(|(node, chars)| *chars >= MIN_BODY_CHARS && !is_named(node, &["html", "body", "head"]))
        .map(|(node, _)| node)
}

/// A landmark or widget that never holds the article's text (for the density count only: the
/// removal passes have their own guards).
fn is_chrome_region(node: &NodeRef<'_>, names: Names) -> bool {
    // Not `form`: ASP.NET pages wrap the whole page in one.
    if is_named(node, &["nav", "aside", "footer", "header", "dialog"]) {
        return true;
    }
    if node.attr("role").is_some_and(|role| {
        matches!(
            role.trim(),
            "navigation" | "complementary" | "contentinfo" | "search" | "dialog" | "banner"
        )
    }) {
        return true;
    }
    let class = node.attr("class").unwrap_or_default();
    let id = node.attr("id").unwrap_or_default();
    if names == Names::Ignored || class.is_empty() && id.is_empty() {
        return false;
    }
    // A whole class token or id naming a sidebar (not "with-sidebar" on a page wrapper).
    if class
        .split_whitespace()
        .chain([id.trim()])
        .any(|token| token.eq_ignore_ascii_case("sidebar") || token.eq_ignore_ascii_case("aside"))
    {
        return true;
    }
    let words = class_and_id_words(node);
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    // Not every strong chrome word: themes put "share" or "paywall" on the article's own wrapper.
    chrome_pair(&words) || words.iter().any(|w| never_holds_the_article(w))
}

/// Class/id words of regions that sit beside the article, never around it.
fn never_holds_the_article(word: &str) -> bool {
    matches!(
        word,
        "comments"
            | "comment"
            | "commentlist"
            | "respond"
            | "disqus"
            | "wpdiscuz"
            | "cookie"
            | "cookies"
            | "consent"
            | "gdpr"
            | "newsletter"
            | "breadcrumb"
            | "breadcrumbs"
            | "related"
            | "relatedposts"
            | "outbrain"
            | "taboola"
            | "modal"
            | "popup"
            | "privacy"
            | "dsgvo"
            | "rgpd"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_densest_text_is_not_an_author_box_or_a_cookie_notice() {
        let bio = "The author writes about many things and has done so for many years. ".repeat(5);
        let doc = Document::from(format!(
            "<body class='has-sidebar'><noscript><article class='post tag-comments'>\
             <div class='entry-content'><p>{post}</p><p>{post}</p></div>\
             <footer><div id='author-info'><p>{bio}</p></div></footer></article>\
             <div class='cookie-notice'><p>{bio}</p></div></noscript></body>",
            post = "A short post of two paragraphs, each of them two sentences long. ".repeat(2),
        ));
        let dense = densest_text_container(&doc, Names::Read)
            .map(|n| n.attr("class").unwrap_or_default().to_string());
        assert_eq!(dense.as_deref(), Some("entry-content"));
    }

    #[test]
    fn the_densest_text_is_not_a_consent_popup_or_a_sidebar() {
        let long = "Words of a longer block that is not the article at all, repeated. ".repeat(6);
        let doc = Document::from(format!(
            "<body><div class='with-sidebar'><div class='post-body'><p>{post}</p><p>{post}</p></div>\
             <div id='sidebar'><div class='textwidget'><p>{long}</p></div></div>\
             <div class='privacy-popup'><div class='category'><p>{long}</p></div></div>\
             <div class='aside'><p>{long}</p></div></div></body>",
            post = "A short post of two paragraphs, each of them two sentences long. ".repeat(2),
        ));
        let dense = densest_text_container(&doc, Names::Read)
            .map(|n| n.attr("class").unwrap_or_default().to_string());
        assert_eq!(dense.as_deref(), Some("post-body"));
    }
}
