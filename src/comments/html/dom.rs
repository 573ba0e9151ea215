//! Small DOM queries the HTML extractors share (over `dom_query`).

use dom_query::{NodeRef, Selection};

use crate::comments::text;
use crate::sanitize;

/// Widgets that sit inside a comment's body in some themes but are not what the person wrote.
pub(super) const CHROME_IN_TEXT: &str = "script, style, noscript, template, button, form, input, select, \
    textarea, svg, .reply, .comment-reply-link, .comment-edit-link, .comment-likes, .sharedaddy, \
    .jetpack-likes-widget-wrapper, .sd-like, .wpl-likebox, .says, .wpd-comment-footer, .wpd-reply-to, \
    .wpd-comment-last-edited, .wpd-comment-label, .wpd-readmore, .wpdiscuz-readmore, .wpd-vote, \
    .comment-awaiting-moderation, .reply-link, .comment-actions, .comment-footer";

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

/// The first descendant of `scope` matching `selector` that belongs to `scope` itself and not to a
/// nested comment (`is_item`), trying each selector of `selectors` in order of preference.
pub(super) fn find_own<'a>(
    scope: &NodeRef<'a>,
    selectors: &[&str],
    is_item: &dyn Fn(&NodeRef) -> bool,
) -> Option<NodeRef<'a>> {
    let within = Selection::from(*scope);
    selectors.iter().find_map(|selector| {
        within
            .select(selector)
            .nodes()
            .iter()
            .copied()
            .find(|found| owned_by(found, scope, is_item))
    })
}

/// Whether `node` is inside `scope` with no other item between them.
pub(super) fn owned_by(node: &NodeRef, scope: &NodeRef, is_item: &dyn Fn(&NodeRef) -> bool) -> bool {
    for ancestor in node.ancestors_it(None) {
        if ancestor.id == scope.id {
            return true;
        }
        if is_item(&ancestor) {
            return false;
        }
    }
    false
}

/// The nearest ancestor that is an item.
pub(super) fn parent_item<'a>(node: &NodeRef<'a>, is_item: &dyn Fn(&NodeRef) -> bool) -> Option<NodeRef<'a>> {
    node.ancestors_it(None).find(|ancestor| is_item(ancestor))
}

/// A one-line field (author, date) from an element's text.
pub(super) fn line_text(node: &NodeRef) -> String {
    sanitize::single_line(&node.text())
}

/// A comment body: chrome removed, then rendered to text.
pub(super) fn body_text(node: &NodeRef) -> String {
    Selection::from(*node).select(CHROME_IN_TEXT).remove();
    node.try_inner_html()
        .map(|html| text::html_to_text(&html))
        .unwrap_or_default()
}

/// A comment body made of some of `node`'s children (xhtml WordPress puts the paragraphs directly in
/// `.comment-body`, beside the author and date blocks), skipping children matching `skip`.
pub(super) fn body_text_without(node: &NodeRef, skip: &str) -> String {
    Selection::from(*node).select(CHROME_IN_TEXT).remove();
    let mut html = String::new();
    for child in node.children_it(false) {
        if child.is_element() && child.is(skip) {
            continue;
        }
        if let Some(part) = child.try_html() {
            html.push_str(&part);
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
