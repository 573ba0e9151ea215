//! Where a page's comments may be: groups of elements of the same kind, each of which may be one
//! comment. Three ways in, all from what the page names a comment (in any of several languages):
//!
//! - elements whose class names a comment (`li.comment`, `div.w-comments-item`, `tr.comtr`) or
//!   whose id is a comment's (`li#comment-9257`), grouped by tag and that name;
//! - the children of a container that names comments (`ol#commentlist > li`,
//!   `div#comment-text > ul`, `dl.commentlist > dt`), grouped by tag;
//! - a group of comment parts (`span.comment` holding only the text) lifted to the repeated
//!   element around each part (HN's `tr.athing` row).
//!
//! Hidden elements (`hidden`, `display:none`, templates) hold no comments a reader sees.

use std::collections::HashMap;
use std::sync::LazyLock;

use dom_query::{Document, NodeId, NodeRef};
use regex::Regex;

use super::parts::{is_hidden, names};

/// Word stems that name a comment.
const COMMENT_STEMS: &[&str] = &[
    "comment",
    "comtr",
    "kommentar",
    "commentaire",
    "comentario",
    "commento",
    "commenti",
    "reactie",
    "komentarz",
    "reaction",
];
/// Name parts of a comment's parts, or of the widget around comments, not of one comment.
const NOT_UNIT_WORDS: &[&str] = &[
    "author", "text", "content", "body", "date", "time", "meta", "header", "footer", "form", "respond",
    "list", "area", "count", "link", "button", "title", "avatar", "reply-", "action", "vote", "share",
    "children", "wrap", "section", "policy", "notes", "info", "tree", "nav", "field", "number", "icon",
    "toggle", "open", "closed", "subscri", "login", "status", "tab", "widget", "recent", "latest",
];
/// Tags that are never a comment (inline or form elements, lists whose items are the comments).
const NOT_UNIT_TAGS: &[&str] = &[
    "form", "input", "textarea", "button", "a", "span", "img", "script", "ol", "ul", "dl", "select", "label",
    "svg", "time", "b", "strong", "em", "i", "small", "cite", "p", "h1", "h2", "h3", "h4", "h5", "h6",
    "tbody", "table", "thead", "body", "html", "head", "main",
];
/// Tags of elements a container's comments may be.
const ITEM_TAGS: &[&str] = &[
    "li", "div", "article", "section", "ul", "dt", "dd", "tr", "table", "aside",
];
/// The most elements of one group looked at: a thread longer than this is cut, not slowed.
pub(super) const MAX_MEMBERS: usize = 20_000;

/// How a group was found (which bounds how surely it is a thread).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Found {
    /// Each member names itself a comment.
    Named,
    /// The members are the children of a container of comments.
    Contained,
    /// The members are the repeated elements around comment parts.
    Lifted,
}

/// Elements that may each be a comment, in document order.
pub(super) struct Group<'a> {
    pub members: Vec<NodeRef<'a>>,
    pub found: Found,
}

/// Every group of elements that may be the comments, largest first.
pub(super) fn groups(doc: &Document) -> Vec<Group<'_>> {
    let mut named: HashMap<String, Vec<NodeRef>> = HashMap::new();
    let mut order: Vec<String> = Vec::new();
    let mut containers: Vec<NodeRef> = Vec::new();
    let mut parts: HashMap<String, Vec<NodeRef>> = HashMap::new();
    let mut stack: Vec<NodeRef> = vec![doc.root()];
    while let Some(node) = stack.pop() {
        if node.is_element() {
            if node.has_name("template") || is_hidden(&node) {
                continue;
            }
            let names = names(&node);
            let tag = node
                .node_name()
                .map(|t| t.to_ascii_lowercase())
                .unwrap_or_default();
            for signature in signatures(&node, &tag, &names) {
                let members = named.entry(signature.clone()).or_default();
                if members.is_empty() {
                    order.push(signature);
                }
                if members.len() < MAX_MEMBERS {
                    members.push(node);
                }
            }
            if names_comment(&names) {
                if is_container(&names, &tag) {
                    containers.push(node);
                }
                if let Some(part) = part_signature(&tag, &names) {
                    let members = parts.entry(part).or_default();
                    if members.len() < MAX_MEMBERS {
                        members.push(node);
                    }
                }
            }
        }
        stack.extend(node.children_it(true));
    }
    let mut groups: Vec<Group> = order
        .into_iter()
        .filter_map(|signature| named.remove(&signature))
        .map(|members| Group {
            members,
            found: Found::Named,
        })
        .collect();
    groups.extend(containers.iter().filter_map(contained));
    groups.extend(parts.into_values().filter_map(|members| lifted(&members)));
    groups.sort_by_key(|g| std::cmp::Reverse(g.members.len()));
    groups
}

/// Whether a class or id names a comment.
pub(super) fn names_comment(names: &str) -> bool {
    COMMENT_STEMS.iter().any(|s| names.contains(s))
}

/// `tag.word` for each class token that names one comment, and `tag#` for a comment's id.
fn signatures(node: &NodeRef, tag: &str, names: &str) -> Vec<String> {
    static COMMENT_ID: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"^(?:[a-z]+[-_])?(?:comment|kommentar|commentaire|comentario|commento|reactie|komentarz|cid)[-_]?\d+$",
        )
        .expect("a constant pattern compiles")
    });
    let mut out = Vec::new();
    if NOT_UNIT_TAGS.contains(&tag) || !names_comment(names) && !names.contains("cid-") {
        return out;
    }
    if let Some(class) = node.class() {
        let class = class.to_lowercase();
        if let Some(word) = class.split_ascii_whitespace().find(|token| {
            COMMENT_STEMS.iter().any(|s| token.contains(s))
                && !NOT_UNIT_WORDS.iter().any(|w| token.contains(w))
        }) {
            out.push(format!("{tag}.{word}"));
        }
    }
    if node
        .id_attr()
        .is_some_and(|id| COMMENT_ID.is_match(&id.to_lowercase()))
    {
        out.push(format!("{tag}#"));
    }
    out
}

/// A container of comments: a list or area that names comments.
fn is_container(names: &str, tag: &str) -> bool {
    matches!(tag, "ol" | "ul" | "dl" | "section" | "table" | "tbody")
        || [
            "list",
            "area",
            "container",
            "wrap",
            "box",
            "thread",
            "stream",
            "holder",
            "comments",
            "kommentare",
            "text",
        ]
        .iter()
        .any(|w| names.contains(w))
}

/// A comment part that may be lifted to its comment: a text or the comment's inline box.
fn part_signature(tag: &str, names: &str) -> Option<String> {
    if matches!(
        tag,
        "a" | "form" | "input" | "textarea" | "button" | "img" | "script"
    ) {
        return None;
    }
    let token = names
        .split_ascii_whitespace()
        .find(|t| COMMENT_STEMS.iter().any(|s| t.contains(s)))?;
    Some(format!("{tag}.{token}"))
}

/// The container's children of its most frequent item tag, when it repeats.
fn contained<'a>(container: &NodeRef<'a>) -> Option<Group<'a>> {
    let mut by_tag: HashMap<String, Vec<NodeRef<'a>>> = HashMap::new();
    for child in container.children_it(false).filter(NodeRef::is_element) {
        let tag = child
            .node_name()
            .map(|t| t.to_ascii_lowercase())
            .unwrap_or_default();
        if ITEM_TAGS.contains(&tag.as_str()) && !is_hidden(&child) {
            by_tag.entry(tag).or_default().push(child);
        }
    }
    let (tag, members) = by_tag.into_iter().max_by_key(|(_, m)| m.len())?;
    // One child is a comment only in a list made for comments (`ol#commentlist > li`).
    let list = matches!(tag.as_str(), "li" | "dt" | "dd");
    (members.len() >= 2 || list).then_some(Group {
        members: members.into_iter().take(MAX_MEMBERS).collect(),
        found: Found::Contained,
    })
}

/// Each part lifted to the highest element around it that holds no other part of its kind.
fn lifted<'a>(parts: &[NodeRef<'a>]) -> Option<Group<'a>> {
    if parts.len() < 2 {
        return None;
    }
    let mut held: HashMap<NodeId, usize> = HashMap::new();
    for part in parts {
        for ancestor in part.ancestors_it(None) {
            *held.entry(ancestor.id).or_default() += 1;
        }
    }
    let mut members: Vec<NodeRef> = Vec::with_capacity(parts.len());
    for part in parts {
        let mut unit = *part;
        for ancestor in part.ancestors_it(None) {
            if held.get(&ancestor.id).copied().unwrap_or(0) > 1 || ancestor.has_name("body") {
                break;
            }
            unit = ancestor;
        }
        if unit.id != part.id && members.last().is_none_or(|m| m.id != unit.id) {
            members.push(unit);
        }
    }
    (members.len() >= 2).then_some(Group {
        members,
        found: Found::Lifted,
    })
}
