//! wpDiscuz (WordPress plugin, 7.x and the older 5.x `wc-` markup).
//!
//! Each comment is a `div.wpd-comment` whose id `wpd-comm-{ID}_{PARENT}` names its parent, so the
//! tree does not depend on DOM nesting (which real pages break); `wpd_comment_level-N` backs it up.
//! The comment's own parts are looked up inside its `.wpd-comment-wrap`, never inside its replies.

use std::sync::LazyLock;

use dom_query::{Document, NodeRef};
use regex_lite::Regex;
use url::Url;

use super::body_walk;
use super::queries;
use super::raw_bodies::RawBodies;
use super::selectors::{self, find_own};
use crate::comments::model::{Comment, Edited, LoadMore, Source, Thread};
use crate::comments::tree::{self, FlatComment, Prefer};

/// Classes of a comment item (a `div`).
const ITEM_CLASSES: &[&str] = &["wpd-comment", "wc-comment"];
const AUTHOR: &[&str] = &[".wpd-comment-author", ".wc-comment-author"];
const DATE: &[&str] = &[".wpd-comment-date", ".wc-comment-date"];
const TEXT: &[&str] = &[".wpd-comment-text", ".wc-comment-text"];
const EDITED: &[&str] = &[".wpd-comment-last-edited", ".wc-comment-last-edited"];
const VOTES: &[&str] = &[".wpd-vote-result", ".wc-vote-result"];

/// Every selector list above, for tests of the selector machinery.
#[cfg(test)]
pub(super) const SELECTOR_LISTS: [&[&str]; 5] = [AUTHOR, DATE, TEXT, EDITED, VOTES];
static ID: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:wpd|wc)-comm-(\d+)_(\d+)$").expect("a constant pattern compiles"));

/// The selectors of a comment's parts, compiled once per page.
struct Parts {
    author: Vec<selectors::Selector>,
    date: Vec<selectors::Selector>,
    text: Vec<selectors::Selector>,
    edited: Vec<selectors::Selector>,
    votes: Vec<selectors::Selector>,
}

impl Parts {
    fn new() -> Self {
        Parts {
            author: selectors::compile(AUTHOR),
            date: selectors::compile(DATE),
            text: selectors::compile(TEXT),
            edited: selectors::compile(EDITED),
            votes: selectors::compile(VOTES),
        }
    }
}

fn is_item(node: &NodeRef) -> bool {
    queries::has_any_class(node, ITEM_CLASSES)
}

/// The wpDiscuz thread of the page, or `None` when the page has no wpDiscuz widget.
pub(super) fn extract(doc: &Document, page_url: Option<&Url>) -> Option<Thread> {
    let (items, widget) = scan(doc);
    if items.is_empty() && !widget {
        return None;
    }
    let parts = Parts::new();
    let flat: Vec<FlatComment> = items
        .iter()
        // Inline feedback (comments on a passage of the article) lives in the article body.
        .filter(|node| !queries::has_any_class(node, &["wpd-inline-comment"]))
        .filter_map(|node| comment_of(node, &parts))
        .collect();
    let mut thread = Thread::new(Source::WpDiscuz, page_url.map(Url::to_string));
    thread.comments = tree::build(flat, Prefer::Parent);
    thread.declared_count = doc
        .select(".wpd-thread-info[data-comments-count]")
        .attr("data-comments-count")
        .and_then(|count| count.trim().parse().ok());
    thread.load_more = load_more(doc, page_url);
    Some(thread)
}

/// The comment items (`div.wpd-comment, div.wc-comment`) in document order, and whether the widget
/// (`#wpdcom, .wpdiscuz_top_clearing, #wpd-threads`) is on the page: one walk testing names and
/// attributes rather than two selector queries over every element (most pages have no wpDiscuz,
/// and every page asks).
fn scan(doc: &Document) -> (Vec<NodeRef<'_>>, bool) {
    let mut items = Vec::new();
    let mut widget = false;
    for node in doc.root().descendants_it() {
        let Some(element) = node.element_ref() else {
            continue;
        };
        let attribute = |name: &str| element.attrs.iter().find(|a| &*a.name.local == name);
        let classes = attribute("class").map(|class| class.value.split_ascii_whitespace());
        let has_class = |wanted: &[&str]| {
            classes
                .clone()
                .is_some_and(|mut c| c.any(|t| wanted.contains(&t)))
        };
        if &*element.name.local == "div" && has_class(ITEM_CLASSES) {
            items.push(node);
        }
        widget = widget
            || has_class(&["wpdiscuz_top_clearing"])
            || element
                .attrs
                .iter()
                .any(|a| &*a.name.local == "id" && matches!(&*a.value, "wpdcom" | "wpd-threads"));
    }
    (items, widget)
}

fn comment_of(node: &NodeRef, parts: &Parts) -> Option<FlatComment> {
    // The comment's own box; replies sit beside it inside the item.
    let own = node
        .element_children()
        .into_iter()
        .find(|child| queries::has_any_class(child, &["wpd-comment-wrap", "wc-comment-right"]))
        .unwrap_or(*node);
    let text_node = find_own(&own, &parts.text, &is_item)?;
    let (key, parent) = match node
        .id_attr()
        .and_then(|id| ID.captures(&id).map(|c| (c[1].to_string(), c[2].to_string())))
    {
        Some((id, parent)) => (Some(id), Some(parent).filter(|p| p != "0")),
        None => (None, None),
    };
    let author = selectors::find_own_name(&own, &parts.author, &is_item).map(|a| queries::author_text(&a));
    let mut comment = Comment::new(key.clone().unwrap_or_default(), author.as_deref(), String::new());
    comment.date = find_own(&own, &parts.date, &is_item).and_then(|d| queries::date_of(&d));
    comment.score = find_own(&own, &parts.votes, &is_item).and_then(|v| queries::line_text(&v).parse().ok());
    comment.edited = find_own(&own, &parts.edited, &is_item).map(|e| edited(&queries::line_text(&e)));
    comment.text = body_walk::body_text(&text_node, &RawBodies::none());
    let depth = queries::class_number(node, &["wpd_comment_level-", "wc_comment_level-", "depth-"])
        .map(|level| level.saturating_sub(1));
    Some(FlatComment {
        key,
        parent,
        depth,
        comment,
    })
}

/// "Last edited 8 days ago by farbat" as who and when. The label words are whatever precedes the
/// first digit or time word, so localized labels ("Zuletzt bearbeitet vor 8 Tagen von X") work too.
pub(super) fn edited(note: &str) -> Edited {
    static BY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(.*?)\s+(?:by|von|par|por|da|door|przez)\s+(.+)$")
            .expect("a constant pattern compiles")
    });
    static LABEL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^\D*?(?:edited|bearbeitet|modifi[éÉ]|editado|modificato|bewerkt|edytowany)\s*")
            .expect("a constant pattern compiles")
    });
    let (when, by) = match BY.captures(note) {
        Some(c) => (c[1].to_string(), Some(c[2].trim().to_string())),
        None => (note.to_string(), None),
    };
    let when = LABEL.replace(when.trim(), "").trim().to_string();
    Edited {
        by: by.filter(|b| !b.is_empty()),
        when: Some(when).filter(|w| !w.is_empty()),
    }
}

/// The "Load more comments" button means the page holds only the first page of the thread.
fn load_more(doc: &Document, page_url: Option<&Url>) -> Option<LoadMore> {
    if !doc
        .select(".wpd-load-more-submit, .wpdiscuz-comment-pagination .wpd-load-comments")
        .exists()
    {
        return None;
    }
    let endpoint = page_url
        .and_then(|u| u.join("/wp-admin/admin-ajax.php").ok())
        .map(|u| u.to_string());
    let post_id = doc
        .select("body")
        .nodes()
        .first()
        .and_then(|body| queries::class_number(body, &["postid-"]))
        .map(|id| id.to_string());
    Some(LoadMore { endpoint, post_id })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_notes_become_who_and_when() {
        let e = edited("Last edited 8 days ago by farbat");
        assert_eq!(e.by.as_deref(), Some("farbat"));
        assert_eq!(e.when.as_deref(), Some("8 days ago"));
        let e = edited("Zuletzt bearbeitet vor 3 Tagen von Jörg");
        assert_eq!(
            (e.by.as_deref(), e.when.as_deref()),
            (Some("Jörg"), Some("vor 3 Tagen"))
        );
    }
}
