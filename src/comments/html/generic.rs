//! Any other comment system: the largest group of repeated elements that look like comments.
//!
//! Candidates are elements whose class names a comment in some language (`comment`, `comtr`,
//! `kommentar`, `commentaire`, `comentario`, …), grouped by tag and that class. A group is a thread
//! when most of its members have their own author element and their own text element. Depth comes
//! from what the markup states (`indent`, `data-depth`, `depth-N`/`level-N` classes, HN's spacer
//! image width), else from nesting of the group's members inside each other.

use std::collections::HashMap;

use dom_query::{Document, NodeRef, Selection};
use url::Url;

use super::dom::{self, find_own};
use super::raw_bodies::RawBodies;
use crate::comments::model::{Comment, Source, Thread};
use crate::comments::tree::{self, FlatComment, Prefer};

const COMMENT_WORDS: &[&str] = &[
    "comment",
    "comtr",
    "kommentar",
    "commentaire",
    "comentario",
    "commento",
    "reactie",
    "komentarz",
];
/// Class words of parts of a comment or of the widget around comments, not of a comment itself.
const NOT_ITEM_WORDS: &[&str] = &[
    "author", "text", "content", "body", "date", "time", "meta", "header", "footer", "form", "respond",
    "list", "area", "count", "link", "button", "title", "avatar", "reply-", "action", "vote", "share",
    "children", "wrap", "section", "policy", "notes", "info", "tree", "nav", "field",
];
const AUTHOR: &[&str] = &[
    "a.hnuser",
    "a.author",
    "[itemprop=author]",
    "[class*='author'] [class*='name']",
    // The name inside an author block that also holds the avatar and the date.
    "a[class*='author']",
    "[class*='author-link']",
    "[class*='author-name']",
    "[class*='author'] .fn",
    "[class*='author'] cite",
    "[class*='author'] strong",
    "[class*='author'] b",
    "[class*='author']",
    "[class*='username']",
    "[class*='user-name']",
    "[class*='user']",
    "[rel=author]",
    "[class*='name']",
    "cite",
];
const TEXT: &[&str] = &[
    ".commtext",
    ".md",
    "[itemprop=text]",
    "[class*='comment-text']",
    "[class*='comment-body']",
    "[class*='comment-content']",
    "[class*='message']",
    "[class*='text']",
    "[class*='content']",
    "[class*='body']",
];
const DATE: &[&str] = &[
    "time[datetime]",
    ".age[title]",
    "[class*='date']",
    "[class*='time']",
    "time",
];

/// Every selector list above, for tests of the selector machinery.
#[cfg(test)]
pub(super) const SELECTOR_LISTS: [&[&str]; 3] = [AUTHOR, TEXT, DATE];
/// Author texts longer than this are text, not a name.
const MAX_AUTHOR_CHARS: usize = 80;

/// The selectors of a comment's parts, compiled once per page.
struct Parts {
    author: Vec<dom::Selector>,
    text: Vec<dom::Selector>,
    date: Vec<dom::Selector>,
    score: Vec<dom::Selector>,
    indent: Vec<dom::Selector>,
    spacer: Vec<dom::Selector>,
}

impl Parts {
    fn new() -> Self {
        Parts {
            author: dom::compile(AUTHOR),
            text: dom::compile(TEXT),
            date: dom::compile(DATE),
            score: dom::compile(&[".score"]),
            indent: dom::compile(&["[indent]"]),
            spacer: dom::compile(&["td.ind img[width]"]),
        }
    }
}

/// The page's comment thread, if a repeated comment structure is found.
pub(super) fn extract(doc: &Document, page_url: Option<&Url>) -> Option<Thread> {
    let mut groups: HashMap<String, Vec<NodeRef>> = HashMap::new();
    let mut order: Vec<String> = Vec::new();
    for node in doc.select("[class]").nodes() {
        if let Some(signature) = signature(node) {
            let members = groups.entry(signature.clone()).or_default();
            if members.is_empty() {
                order.push(signature);
            }
            members.push(*node);
        }
    }
    // Largest group first; ties go to the one met first in the page.
    order.sort_by_key(|signature| std::cmp::Reverse(groups.get(signature).map_or(0, Vec::len)));
    let parts = Parts::new();
    order.into_iter().find_map(|signature| {
        let members = groups.remove(&signature)?;
        thread_of(&signature, &members, &parts, page_url)
    })
}

/// `tag.word` for an element whose class names a comment, `None` otherwise.
fn signature(node: &NodeRef) -> Option<String> {
    let class = node.class()?.to_ascii_lowercase();
    let word = class.split_ascii_whitespace().find(|token| {
        COMMENT_WORDS.iter().any(|w| token.contains(w)) && !NOT_ITEM_WORDS.iter().any(|w| token.contains(w))
    })?;
    let tag = node.node_name()?;
    if matches!(
        &*tag,
        "form" | "input" | "textarea" | "button" | "a" | "span" | "img" | "script" | "ol" | "ul"
    ) {
        return None;
    }
    Some(format!("{tag}.{word}"))
}

fn thread_of(signature: &str, members: &[NodeRef], parts: &Parts, page_url: Option<&Url>) -> Option<Thread> {
    if members.len() < 2 {
        return None;
    }
    let (tag, word) = signature.split_once('.')?;
    let is_item = |node: &NodeRef| {
        node.node_name().is_some_and(|t| &*t == tag)
            && node
                .class()
                .is_some_and(|c| c.to_ascii_lowercase().split_ascii_whitespace().any(|t| t == word))
    };
    let flat: Vec<FlatComment> = members
        .iter()
        .filter_map(|m| comment_of(m, parts, &is_item))
        .collect();
    // Most members must read as comments; a menu or a widget that happens to match does not.
    if flat.len() < 2 || flat.len() * 2 < members.len() {
        return None;
    }
    let prefer = if flat.iter().any(|f| f.depth.is_some()) {
        Prefer::Depth
    } else {
        Prefer::Parent
    };
    let mut thread = Thread::new(Source::Generic, page_url.map(Url::to_string));
    thread.comments = tree::build(flat, prefer);
    Some(thread)
}

fn comment_of(item: &NodeRef, parts: &Parts, is_item: &dyn Fn(&NodeRef) -> bool) -> Option<FlatComment> {
    let author_node = dom::find_own_name(item, &parts.author, is_item)?;
    let author = dom::author_text(&author_node);
    if author.chars().count() > MAX_AUTHOR_CHARS {
        return None;
    }
    let text_node = parts.text.iter().find_map(|selector| {
        let found = find_own(item, std::slice::from_ref(selector), is_item)?;
        // The text block holds the text, not the author or the whole comment header.
        let holds_author = Selection::from(found)
            .select("*")
            .nodes()
            .iter()
            .any(|n| n.id == author_node.id);
        (!holds_author && found.id != author_node.id && !dom::line_text(&found).is_empty()).then_some(found)
    })?;
    let key = item
        .id_attr()
        .map(|id| id.to_string())
        .or_else(|| item.attr("data-fullname").map(|f| f.to_string()));
    let mut comment = Comment::new(key.clone().unwrap_or_default(), Some(&author), String::new());
    comment.date = find_own(item, &parts.date, is_item).and_then(|d| dom::date_of(&d));
    comment.score = find_own(item, &parts.score, is_item).and_then(|s| first_integer(&dom::line_text(&s)));
    comment.text = dom::body_text(&text_node, &RawBodies::none());
    let parent = dom::reply_parent(item, is_item).and_then(|p| p.id_attr().map(|id| id.to_string()));
    Some(FlatComment {
        key,
        parent,
        depth: stated_depth(item, parts, is_item),
        comment,
    })
}

/// The depth the markup states, 0-based.
fn stated_depth(item: &NodeRef, parts: &Parts, is_item: &dyn Fn(&NodeRef) -> bool) -> Option<usize> {
    for attribute in ["data-depth", "data-level", "aria-level"] {
        if let Some(value) = item.attr(attribute).and_then(|v| v.trim().parse::<usize>().ok()) {
            return Some(if attribute == "aria-level" {
                value.saturating_sub(1)
            } else {
                value
            });
        }
    }
    if let Some(level) = dom::class_number(item, &["depth-", "level-", "comment-level-", "depth_", "level_"])
    {
        return Some(level.saturating_sub(1));
    }
    // Hacker News: `td.ind[indent=N]`, or in older markup a spacer image 40 px per level.
    let indent = find_own(item, &parts.indent, is_item);
    if let Some(indent) = indent
        .and_then(|i| i.attr("indent"))
        .and_then(|v| v.trim().parse().ok())
    {
        return Some(indent);
    }
    let spacer = find_own(item, &parts.spacer, is_item)?;
    spacer
        .attr("width")
        .and_then(|w| w.trim().parse::<usize>().ok())
        .map(|w| w / 40)
}

fn first_integer(text: &str) -> Option<i64> {
    let start = text.find(|c: char| c.is_ascii_digit() || c == '-')?;
    let digits: String = text[start..]
        .chars()
        .enumerate()
        .take_while(|(i, c)| c.is_ascii_digit() || (*i == 0 && *c == '-'))
        .map(|(_, c)| c)
        .collect();
    digits.parse().ok()
}
