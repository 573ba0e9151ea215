//! WordPress core threaded comments (`Walker_Comment`: html5 and xhtml markup) and the many themes
//! that keep `comment_class()` on their own callback's markup.
//!
//! An item is an element carrying WordPress's `depth-N` class together with `comment`, `pingback`
//! or `trackback`. Depth comes from `depth-N`, because some themes close the `li` before its
//! `ul.children` and the DOM nesting is then wrong; DOM nesting is the fallback.

use dom_query::{Document, NodeRef};
use url::Url;

use super::body_walk;
use super::queries;
use super::raw_bodies::RawBodies;
use super::selectors::{self, find_own};
use super::{clean, pages, parts as structure};
use crate::comments::model::{Comment, Pingback, Source, Thread};
use crate::comments::tree::{self, FlatComment, Prefer};

const KINDS: &[&str] = &["comment", "pingback", "trackback"];
/// The comment's own box: html5 `article.comment-body`, xhtml `div.comment-body`.
const BODY: &[&str] = &[".comment-body", "article", "[id^='div-comment-']"];
/// Author name, most specific first (html5 `b.fn`, xhtml `cite.fn`, themes' own classes).
const AUTHOR: &[&str] = &[
    ".comment-author .fn",
    "cite.fn",
    ".fn",
    "a[class*='author']",
    "[class*='author-link']",
    "[class*='author-name']",
    ".comment-author-name",
    ".comment-author strong",
    ".comment-author cite",
    "cite.comment-author",
    ".comment-author",
    ".comment_author",
    ".author-name",
    "cite",
    ".author",
    "[itemprop=author]",
    "[class*='author']",
];
const DATE: &[&str] = &[
    "time[datetime]",
    ".comment-metadata a",
    ".commentmetadata a",
    ".comment-meta a",
    ".comment-date",
    ".comment-time",
    "time",
];
/// The body's own wrapper where themes have one.
const TEXT: &[&str] = &[
    ".comment-content",
    ".comment-text",
    ".contenttext",
    ".comment-entry",
    ".comment_text",
    ".comment-body-text",
    "[itemprop=text]",
];
/// xhtml markup: everything in `.comment-body` except these is the text.
const NOT_TEXT: &str = ".comment-author, .vcard, .comment-meta, .commentmetadata, .comment-metadata, .reply, \
    .comment-awaiting-moderation, .children, footer, header";

/// Every selector list above, for tests of the selector machinery.
#[cfg(test)]
pub(super) const SELECTOR_LISTS: [&[&str]; 5] = [BODY, AUTHOR, DATE, TEXT, &[NOT_TEXT]];
/// The selectors of a comment's parts, compiled once per page.
struct Parts {
    body: Vec<selectors::Selector>,
    author: Vec<selectors::Selector>,
    date: Vec<selectors::Selector>,
    text: Vec<selectors::Selector>,
    not_text: Vec<selectors::Selector>,
}

impl Parts {
    fn new() -> Self {
        Parts {
            body: selectors::compile(BODY),
            author: selectors::compile(AUTHOR),
            date: selectors::compile(DATE),
            text: selectors::compile(TEXT),
            not_text: selectors::compile(&[NOT_TEXT]),
        }
    }
}

fn is_item(node: &NodeRef) -> bool {
    queries::has_any_class(node, KINDS) && queries::class_number(node, &["depth-"]).is_some()
}

/// The WordPress comment list of the page, or `None` when it has none. `raw` holds the bodies cut
/// out of the parse ([`RawBodies::none`] when the whole page was parsed). The flag says whether a
/// comment's name or text had to be read by its structure ([`structure::read`]) because the
/// theme's markup matched none of the selectors.
pub(super) fn extract(doc: &Document, page_url: Option<&Url>, raw: &RawBodies) -> Option<(Thread, bool)> {
    // One walk testing each element's classes: cheaper than a `[class*='depth-']` selector.
    let items: Vec<NodeRef> = doc.root().descendants_it().filter(is_item).collect();
    if items.is_empty() {
        return None;
    }
    let mut thread = Thread::new(Source::WordPress, page_url.map(Url::to_string));
    let mut flat = Vec::with_capacity(items.len());
    let parts = Parts::new();
    let mut fell_back = false;
    for item in &items {
        if is_pingback(item) {
            thread.pingbacks.push(pingback(item));
        } else if let Some((comment, by_structure)) = comment_of(item, &parts, raw) {
            fell_back |= by_structure;
            flat.push(comment);
        }
    }
    thread.comments = tree::build(flat, Prefer::Depth);
    thread.next_page = pages::next_page(doc, &items, page_url);
    Some((thread, fell_back))
}

fn is_pingback(item: &NodeRef) -> bool {
    queries::has_any_class(item, &["pingback", "trackback"])
}

/// Whether cutting the bodies out changed nothing but the bodies: no cut body lies inside an
/// element of its comment read as an author or a date, nor in a pingback (whose text is its whole
/// item's), nor under a class that the author and date selectors look below
/// ([`CLASSES_LOOKED_BELOW`]: a link in the body could then be read as the date).
pub(super) fn reads_only_bodies(doc: &Document, raw: &RawBodies) -> bool {
    let parts = Parts::new();
    let read_whole = |node: &NodeRef| {
        selectors::Selector::any_matches(&parts.author, node)
            || selectors::Selector::any_matches(&parts.date, node)
    };
    raw.boxes(doc).all(|held| {
        // Up to the body's comment (the author and date are looked for in its own nodes only).
        let own_parts_ok = std::iter::once(held)
            .chain(held.ancestors_it(None))
            .take_while(|node| !is_item(node))
            .all(|node| !read_whole(&node));
        let item_ok = held
            .ancestors_it(None)
            .find(is_item)
            .is_none_or(|item| !is_pingback(&item));
        let classes_ok = !std::iter::once(held)
            .chain(held.ancestors_it(None))
            .any(|node| queries::has_any_class(&node, CLASSES_LOOKED_BELOW));
        own_parts_ok && item_ok && classes_ok
    })
}

/// The classes the author and date selectors name before a descendant combinator.
const CLASSES_LOOKED_BELOW: &[&str] = &[
    "comment-author",
    "comment-metadata",
    "commentmetadata",
    "comment-meta",
];

fn key_of(node: &NodeRef) -> Option<String> {
    let id = node.id_attr()?;
    let digits: String = id.chars().filter(char::is_ascii_digit).collect();
    Some(digits).filter(|d| !d.is_empty())
}

/// One comment, and whether its name or text was read by structure rather than by selectors.
fn comment_of(item: &NodeRef, parts: &Parts, raw: &RawBodies) -> Option<(FlatComment, bool)> {
    // html5 `article.comment-body`, xhtml `div.comment-body`, or the item itself in custom themes.
    let body = find_own(item, &parts.body, &is_item).unwrap_or(*item);
    // Author and date may sit outside the body wrapper (twentyten puts the text alone in it).
    let author_node = selectors::find_own_name(item, &parts.author, &is_item);
    let mut author = author_node
        .as_ref()
        .map(|a| clean::author_name(&author_name(a)))
        .filter(|a| !a.is_empty());
    let key = key_of(item).or_else(|| key_of(&body));
    let date = find_own(item, &parts.date, &is_item).and_then(|d| queries::date_of(&d));
    // A text box that also holds the name is the whole comment's, not the text's (themes that put
    // the meta list inside `.comment-content`).
    let holds_author =
        |n: &NodeRef| author_node.is_some_and(|a| a.ancestors_it(None).any(|up| up.id == n.id));
    let mut text = match selectors::find_own_where(&body, &parts.text, &is_item, &|n| !holds_author(n)) {
        Some(text) => body_walk::body_text(&text, raw),
        None if body.id != item.id => {
            body_walk::body_text_without(&body, &parts.not_text, author_node.as_ref(), raw)
        }
        // A custom theme without a body wrapper: everything but the header, meta and replies.
        None => body_walk::body_text_without(item, &parts.not_text, author_node.as_ref(), raw),
    };
    text = clean::comment_text(&text, author.as_deref().unwrap_or(""));
    let mut by_structure = false;
    if author.is_none() || text.is_empty() {
        let read = structure::read(item, &[], &is_item);
        by_structure = true;
        if author.is_none() {
            author = read.author;
        }
        if text.is_empty() {
            text = read.text;
        }
    }
    let mut comment = Comment::new(key.clone().unwrap_or_default(), author.as_deref(), text);
    comment.date = date;
    if comment.text.is_empty() && comment.author == crate::comments::model::ANONYMOUS {
        return None;
    }
    let parent = queries::parent_item(item, &is_item).and_then(|p| key_of(&p));
    let depth = queries::class_number(item, &["depth-"]).map(|d| d.saturating_sub(1));
    let flat = FlatComment {
        key,
        parent,
        depth,
        comment,
    };
    Some((flat, by_structure))
}

/// The author's name without the "says:" that follows it (in any language: the `.says` element, or
/// a last word ending in a colon).
fn author_name(node: &NodeRef) -> String {
    let full = queries::author_text(node);
    let says = dom_query::Selection::from(*node).select(".says").text();
    let says = says.trim();
    let name = match says.is_empty() {
        false => full.strip_suffix(says).unwrap_or(&full).trim_end(),
        true => match full.rsplit_once(' ') {
            Some((name, last)) if last.ends_with(':') && !name.is_empty() => name,
            _ => full.as_str(),
        },
    };
    name.to_string()
}

fn pingback(item: &NodeRef) -> Pingback {
    let link = dom_query::Selection::from(*item).select("a[href]");
    let title = link
        .nodes()
        .first()
        .map(queries::line_text)
        .unwrap_or_else(|| queries::line_text(item));
    Pingback {
        title,
        url: link.attr("href").map(|h| h.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_class_the_author_and_date_selectors_look_below_is_listed() {
        for selector in AUTHOR.iter().chain(DATE) {
            if let Some((ancestor, _)) = selector.split_once(' ') {
                let class = ancestor.trim_start_matches('.');
                assert!(CLASSES_LOOKED_BELOW.contains(&class), "{selector}");
            }
        }
    }
}
