//! wpDiscuz (WordPress plugin, 7.x and the older 5.x `wc-` markup).
//!
//! Each comment is a `div.wpd-comment` whose id `wpd-comm-{ID}_{PARENT}` names its parent, so the
//! tree does not depend on DOM nesting (which real pages break); `wpd_comment_level-N` backs it up.
//! The comment's own parts are looked up inside its `.wpd-comment-wrap`, never inside its replies.

use std::sync::LazyLock;

use dom_query::{Document, NodeRef};
use regex::Regex;
use url::Url;

use super::dom::{self, find_own};
use crate::comments::model::{Comment, Edited, LoadMore, Source, Thread};
use crate::comments::tree::{self, FlatComment, Prefer};

const ITEM: &str = "div.wpd-comment, div.wc-comment";
const AUTHOR: &[&str] = &[".wpd-comment-author", ".wc-comment-author"];
const DATE: &[&str] = &[".wpd-comment-date", ".wc-comment-date"];
const TEXT: &[&str] = &[".wpd-comment-text", ".wc-comment-text"];
const EDITED: &[&str] = &[".wpd-comment-last-edited", ".wc-comment-last-edited"];
const VOTES: &[&str] = &[".wpd-vote-result", ".wc-vote-result"];

static ID: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:wpd|wc)-comm-(\d+)_(\d+)$").expect("a constant pattern compiles"));

fn is_item(node: &NodeRef) -> bool {
    dom::has_any_class(node, &["wpd-comment", "wc-comment"])
}

/// The wpDiscuz thread of the page, or `None` when the page has no wpDiscuz widget.
pub(super) fn extract(doc: &Document, page_url: Option<&Url>) -> Option<Thread> {
    let items = doc.select(ITEM);
    let widget = doc.select("#wpdcom, .wpdiscuz_top_clearing, #wpd-threads");
    if !items.exists() && !widget.exists() {
        return None;
    }
    let flat: Vec<FlatComment> = items
        .nodes()
        .iter()
        // Inline feedback (comments on a passage of the article) lives in the article body.
        .filter(|node| !dom::has_any_class(node, &["wpd-inline-comment"]))
        .filter_map(comment_of)
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

fn comment_of(node: &NodeRef) -> Option<FlatComment> {
    // The comment's own box; replies sit beside it inside the item.
    let own = node
        .element_children()
        .into_iter()
        .find(|child| dom::has_any_class(child, &["wpd-comment-wrap", "wc-comment-right"]))
        .unwrap_or(*node);
    let text_node = find_own(&own, TEXT, &is_item)?;
    let (key, parent) = match node
        .id_attr()
        .and_then(|id| ID.captures(&id).map(|c| (c[1].to_string(), c[2].to_string())))
    {
        Some((id, parent)) => (Some(id), Some(parent).filter(|p| p != "0")),
        None => (None, None),
    };
    let author = find_own(&own, AUTHOR, &is_item).map(|a| dom::line_text(&a));
    let mut comment = Comment::new(key.clone().unwrap_or_default(), author.as_deref(), String::new());
    comment.date = find_own(&own, DATE, &is_item).and_then(|d| dom::date_of(&d));
    comment.score = find_own(&own, VOTES, &is_item).and_then(|v| dom::line_text(&v).parse().ok());
    comment.edited = find_own(&own, EDITED, &is_item).map(|e| edited(&dom::line_text(&e)));
    comment.text = dom::body_text(&text_node);
    let depth = dom::class_number(node, &["wpd_comment_level-", "wc_comment_level-", "depth-"])
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
        Regex::new(r"(?i)^\D*?(?:edited|bearbeitet|modifié|editado|modificato|bewerkt|edytowany)\s*")
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
        .and_then(|body| dom::class_number(body, &["postid-"]))
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
