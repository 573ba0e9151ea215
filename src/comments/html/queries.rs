//! Small DOM queries the comment readers share: class tests, an element's text as one line, a
//! name's text, the date an element shows.

use dom_query::{NodeRef, Selection};

use crate::sanitize;

/// The number at the end of a class like `depth-3` or `wpd_comment_level-2`, for any of `prefixes`.
pub(super) fn class_number(node: &NodeRef, prefixes: &[&str]) -> Option<usize> {
    with_class(node, |class| {
        class.split_ascii_whitespace().find_map(|token| {
            prefixes
                .iter()
                .find_map(|prefix| token.strip_prefix(prefix)?.parse::<usize>().ok())
        })
    })
    .flatten()
}

/// Whether any of the node's class tokens is one of `tokens`.
pub(super) fn has_any_class(node: &NodeRef, tokens: &[&str]) -> bool {
    with_class(node, |class| {
        class.split_ascii_whitespace().any(|t| tokens.contains(&t))
    })
    .unwrap_or(false)
}

/// `f` of the element's class attribute, read in place (extractors test the class of every element
/// of a page: no copy of it).
pub(super) fn with_class<R>(node: &NodeRef, f: impl FnOnce(&str) -> R) -> Option<R> {
    let element = node.element_ref()?;
    element
        .attrs
        .iter()
        .find(|a| &*a.name.local == "class")
        .map(|class| f(&class.value))
}

/// The nearest ancestor that is an item.
pub(super) fn parent_item<'a>(node: &NodeRef<'a>, is_item: &dyn Fn(&NodeRef) -> bool) -> Option<NodeRef<'a>> {
    node.ancestors_it(None).find(|ancestor| is_item(ancestor))
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

/// The text of `node` as one line, without the elements `skip` names: words of inline elements
/// run on, blocks and line breaks are spaces. For names, not bodies (links stay plain text).
pub(super) fn plain_text_without(node: &NodeRef, skip: &dyn Fn(&NodeRef) -> bool) -> String {
    let mut out = String::new();
    let mut stack: Vec<NodeRef> = node.children_it(true).collect();
    while let Some(next) = stack.pop() {
        if skip(&next) {
            continue;
        }
        if next.is_text() {
            out.push_str(&next.text());
        } else if next.is_element() {
            if !next.has_name("span")
                && !next.has_name("a")
                && !next.has_name("b")
                && !next.has_name("strong")
            {
                out.push(' ');
            }
            stack.extend(next.children_it(true));
        }
    }
    sanitize::single_line(&out)
}

/// A one-line field (author, date) from an element's text.
pub(super) fn line_text(node: &NodeRef) -> String {
    sanitize::single_line(&node.text())
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
        .and_then(|v| crate::comments::date_parse::parse(&v))
        .or_else(|| {
            node.attr("title")
                .and_then(|v| crate::comments::date_parse::parse(&v))
        })
        .or_else(|| crate::comments::date_parse::parse(&line_text(node)))
}
