//! Small DOM queries the HTML extractors share (over `dom_query`).

use dom_query::{Matcher, NodeRef, Selection};

use crate::comments::text;
use crate::sanitize;

/// Widgets that sit inside a comment's body in some themes but are not what the person wrote: these
/// elements, elements with one of [`CHROME_CLASSES`], and elements whose class attribute contains
/// one of [`CHROME_CLASS_PARTS`]. (Checked by hand rather than as one CSS selector list: matching
/// ~30 selectors against every element of every body was a tenth of a large page's extraction.)
const CHROME_ELEMENTS: &[&str] = &[
    "script", "style", "noscript", "template", "button", "form", "input", "select", "textarea", "svg",
];
const CHROME_CLASSES: &[&str] = &[
    "reply",
    "comment-reply-link",
    "comment-edit-link",
    "comment-likes",
    "sharedaddy",
    "jetpack-likes-widget-wrapper",
    "sd-like",
    "wpl-likebox",
    "says",
    "wpd-comment-footer",
    "wpd-reply-to",
    "wpd-comment-last-edited",
    "wpd-comment-label",
    "wpd-readmore",
    "wpdiscuz-readmore",
    "wpd-vote",
    "comment-awaiting-moderation",
    "reply-link",
    "comment-actions",
    "comment-footer",
];
const CHROME_CLASS_PARTS: &[&str] = &["report-link", "flag-link", "comments-report"];

/// The number at the end of a class like `depth-3` or `wpd_comment_level-2`, for any of `prefixes`.
pub(super) fn class_number(node: &NodeRef, prefixes: &[&str]) -> Option<usize> {
    let class = node.class()?;
    class.split_ascii_whitespace().find_map(|token| {
        prefixes
            .iter()
            .find_map(|prefix| token.strip_prefix(prefix)?.parse::<usize>().ok())
    })
}

/// Whether any of the node's class tokens is one of `tokens`.
pub(super) fn has_any_class(node: &NodeRef, tokens: &[&str]) -> bool {
    node.class()
        .is_some_and(|class| class.split_ascii_whitespace().any(|t| tokens.contains(&t)))
}

/// Compiles selectors once per page (parsing a selector costs more than matching it).
pub(super) fn compile(selectors: &[&str]) -> Vec<Matcher> {
    selectors.iter().filter_map(|s| Matcher::new(s).ok()).collect()
}

/// The first descendant of `scope` matching `selectors` that belongs to `scope` itself and not to a
/// nested comment (`is_item`), preferring earlier selectors. One walk over the comment's own
/// nodes (replies are skipped, not searched), so a page of N comments costs O(page), not O(N²).
pub(super) fn find_own<'a>(
    scope: &NodeRef<'a>,
    selectors: &[Matcher],
    is_item: &dyn Fn(&NodeRef) -> bool,
) -> Option<NodeRef<'a>> {
    find_own_where(scope, selectors, is_item, &|_| true)
}

/// [`find_own`] for an author: the element must hold a name (an avatar link matches `a.author`
/// selectors too, and has no text).
pub(super) fn find_own_name<'a>(
    scope: &NodeRef<'a>,
    selectors: &[Matcher],
    is_item: &dyn Fn(&NodeRef) -> bool,
) -> Option<NodeRef<'a>> {
    find_own_where(scope, selectors, is_item, &|node| !node.text().trim().is_empty())
}

fn find_own_where<'a>(
    scope: &NodeRef<'a>,
    selectors: &[Matcher],
    is_item: &dyn Fn(&NodeRef) -> bool,
    accept: &dyn Fn(&NodeRef) -> bool,
) -> Option<NodeRef<'a>> {
    let mut best: Option<(usize, NodeRef<'a>)> = None;
    let mut stack: Vec<NodeRef<'a>> = scope.children_it(true).collect();
    while let Some(node) = stack.pop() {
        if !node.is_element() || is_item(&node) {
            continue;
        }
        let limit = best.as_ref().map_or(selectors.len(), |(i, _)| *i);
        if let Some(i) = selectors[..limit]
            .iter()
            .position(|m| node.is_match(m))
            .filter(|_| accept(&node))
        {
            best = Some((i, node));
            if i == 0 {
                break;
            }
        }
        stack.extend(node.children_it(true));
    }
    best.map(|(_, node)| node)
}

/// The nearest ancestor that is an item.
pub(super) fn parent_item<'a>(node: &NodeRef<'a>, is_item: &dyn Fn(&NodeRef) -> bool) -> Option<NodeRef<'a>> {
    node.ancestors_it(None).find(|ancestor| is_item(ancestor))
}

/// The comment `node` replies to: the nearest ancestor item, or else the item just before the
/// container that holds `node` (Drupal's `article.comment` + `div.indented`, themes that close the
/// `li` before its `ul.children`: replies follow their parent instead of nesting in it).
pub(super) fn reply_parent<'a>(
    node: &NodeRef<'a>,
    is_item: &dyn Fn(&NodeRef) -> bool,
) -> Option<NodeRef<'a>> {
    for ancestor in node.ancestors_it(None) {
        if is_item(&ancestor) {
            return Some(ancestor);
        }
        if let Some(before) = ancestor.prev_element_sibling().filter(|b| is_item(b)) {
            return Some(before);
        }
    }
    None
}

/// An author's name: the element's own text when it has some (an author block may also hold the
/// avatar, a "·" and the date in child elements), else all its text (`<b class="fn"><a>Name</a></b>`).
pub(super) fn author_text(node: &NodeRef) -> String {
    let own = sanitize::single_line(&node.immediate_text());
    // A lone "says:" ("dijo:", "sagt:") beside the name in a child element is not the name.
    let is_says_word = !own.contains(' ') && own.ends_with(':');
    if own.chars().any(char::is_alphanumeric) && !is_says_word {
        own
    } else {
        line_text(node)
    }
}

/// A one-line field (author, date) from an element's text.
pub(super) fn line_text(node: &NodeRef) -> String {
    sanitize::single_line(&node.text())
}

/// Whether an element is chrome inside a comment's body (see [`CHROME_ELEMENTS`]).
fn is_chrome(node: &NodeRef) -> bool {
    CHROME_ELEMENTS.iter().any(|name| node.has_name(name))
        || node.attr("class").is_some_and(|class| {
            class
                .split_ascii_whitespace()
                .any(|token| CHROME_CLASSES.contains(&token))
                || CHROME_CLASS_PARTS.iter().any(|part| class.contains(part))
        })
}

/// Removes the chrome inside `node` (not `node` itself) from the document.
fn remove_chrome(node: &NodeRef) {
    let mut chrome = Vec::new();
    let mut stack: Vec<NodeRef> = node.children_it(false).collect();
    while let Some(next) = stack.pop() {
        if !next.is_element() {
            continue;
        }
        if is_chrome(&next) {
            chrome.push(next); // its own descendants go with it
        } else {
            stack.extend(next.children_it(false));
        }
    }
    for element in chrome {
        element.remove_from_parent();
    }
}

/// A comment body: chrome removed, then rendered to text.
pub(super) fn body_text(node: &NodeRef) -> String {
    remove_chrome(node);
    node.try_inner_html()
        .map(|html| text::html_to_text(&html))
        .unwrap_or_default()
}

/// A comment body made of `node`'s content minus the parts matching `skip` at any level (xhtml
/// WordPress puts the paragraphs directly in `.comment-body` beside the author and date blocks;
/// custom themes put a `header` with the author inside the content box). The DOM is left intact.
pub(super) fn body_text_without(node: &NodeRef, skip: &[Matcher], author: Option<&NodeRef>) -> String {
    remove_chrome(node);
    enum Step<'a> {
        Visit(NodeRef<'a>),
        Close,
    }
    // The author's element is skipped too: `<cite><strong>Ramón</strong> dijo:</cite><p>…`.
    let is_author = |n: &NodeRef| author.is_some_and(|a| a.id == n.id);
    let matches_skip = |n: &NodeRef| n.is_element() && (is_author(n) || skip.iter().any(|m| n.is_match(m)));
    let holds_skip = |n: &NodeRef| {
        author.is_some_and(|a| a.ancestors_it(None).any(|up| up.id == n.id))
            || skip
                .iter()
                .any(|m| Selection::from(*n).select_matcher(m).exists())
    };
    let mut html = String::new();
    let mut steps: Vec<Step> = node.children_it(true).map(Step::Visit).collect();
    while let Some(step) = steps.pop() {
        match step {
            Step::Close => html.push_str("</div>"),
            Step::Visit(child) if matches_skip(&child) => {}
            // A wrapper around both text and skipped parts: keep it as a block, look inside.
            Step::Visit(child) if child.is_element() && holds_skip(&child) => {
                html.push_str("<div>");
                steps.push(Step::Close);
                steps.extend(child.children_it(true).map(Step::Visit));
            }
            Step::Visit(child) => html.push_str(&child.try_html().unwrap_or_default()),
        }
    }
    text::html_to_text(&html)
}

/// A date from the element's `datetime` or `title` attribute, or else its text.
pub(super) fn date_of(node: &NodeRef) -> Option<chrono::DateTime<chrono::Utc>> {
    let time = if node.has_name("time") {
        Some(*node)
    } else {
        Selection::from(*node)
            .select("time[datetime]")
            .nodes()
            .first()
            .copied()
    };
    time.and_then(|t| t.attr("datetime"))
        .and_then(|v| crate::comments::dates::parse(&v))
        .or_else(|| node.attr("title").and_then(|v| crate::comments::dates::parse(&v)))
        .or_else(|| crate::comments::dates::parse(&line_text(node)))
}
