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
use regex_lite::Regex;

use super::element_kind::{has_any, is_hidden, memo_test, names};

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
    "author",
    "text",
    "content",
    "body",
    "date",
    "time",
    "meta",
    "header",
    "footer",
    "form",
    "respond",
    "list",
    "area",
    "count",
    "link",
    "button",
    "title",
    "avatar",
    "reply-",
    "action",
    "vote",
    "share",
    "children",
    "wrap",
    "section",
    "policy",
    "notes",
    "info",
    "tree",
    "nav",
    "field",
    "number",
    "icon",
    "toggle",
    "open",
    "closed",
    "subscri",
    "login",
    "status",
    "tab",
    "widget",
    "recent",
    "latest",
    "add",
    "leave",
    "write",
    "new",
    "submit",
    "editor",
    "embed",
    "commentary",
    "counter",
    "bubble",
    "guideline",
    "rules",
    "rss",
    "feed",
    "setting",
    "container",
    "holder",
    "stream",
    "thread",
    "commented",
    "has-",
    "no-",
    "allow",
    "enable",
    "disable",
    "permalink",
    "disclaimer",
    "cta",
];
/// schema.org types of a comment or a forum post.
const POST_TYPES: &[&str] = &[
    "/comment",
    "/discussionforumposting",
    "/answer",
    "/socialmediaposting",
];
/// Plural names are of the list or the section, unless they name its item (`w-comments-item`).
const PLURAL_STEMS: &[&str] = &[
    "comments",
    "kommentare",
    "commentaires",
    "comentarios",
    "commenti",
    "reactions",
];
const ITEM_WORDS: &[&str] = &[
    "item", "single", "entry", "post", "unit", "row", "message", "node", "card",
];
/// Prefixes of class tokens a blog puts on a whole post (`category-kommentar`, `tag-comments`).
const POST_CLASS_PREFIXES: &[&str] = &[
    "category-",
    "tag-",
    "cat-",
    "topic-",
    "format-",
    "type-",
    "section-",
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
/// The fewest characters a lifted part holds on average (a comment's text, not its count).
const MIN_PART_CHARS: usize = 20;
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
    /// Where the first member is in the page (outer elements come before the ones they hold).
    pub position: usize,
}

/// Every group of elements that may be the comments, largest first.
pub(super) fn groups(doc: &Document) -> Vec<Group<'_>> {
    let mut named: HashMap<String, Vec<NodeRef>> = HashMap::new();
    let mut order: Vec<String> = Vec::new();
    let mut containers: Vec<NodeRef> = Vec::new();
    let mut parts: HashMap<String, Vec<NodeRef>> = HashMap::new();
    let embeds_discourse = doc.select("header.discourse").exists() && doc.select("div.cooked").exists();
    let mut position: HashMap<NodeId, usize> = HashMap::new();
    let mut stack: Vec<NodeRef> = vec![doc.root()];
    while let Some(node) = stack.pop() {
        if node.is_element() {
            position.insert(node.id, position.len());
            if node.has_name("template") || is_hidden(&node) {
                continue;
            }
            let names = names(&node);
            let tag = node
                .node_name()
                .map(|t| t.to_ascii_lowercase())
                .unwrap_or_default();
            // Sidebar widgets ("Recent comments") quote other posts' comments.
            if is_widget(&names, &tag) {
                continue;
            }
            for signature in signatures(&node, &tag, &names, embeds_discourse) {
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
    let mut groups: Vec<(Vec<NodeRef>, Found)> = order
        .into_iter()
        .filter_map(|signature| {
            let members = named.remove(&signature)?;
            // One element naming its author is a post's wrapper; posts of a thread repeat.
            (!signature.ends_with("[data-author]") || members.len() >= 2).then_some(members)
        })
        .map(|members| (members, Found::Named))
        .collect();
    groups.extend(
        merged(&containers)
            .into_iter()
            .flat_map(|same| contained(&same))
            .map(|members| (members, Found::Contained)),
    );
    groups.extend(
        parts
            .into_values()
            .filter_map(|members| lifted(&members))
            .map(|members| (members, Found::Lifted)),
    );
    let at = |node: &NodeRef| position.get(&node.id).copied().unwrap_or(usize::MAX);
    let mut groups: Vec<Group> = groups
        .into_iter()
        .map(|(mut members, found)| {
            members.sort_by_key(|m| at(m));
            members.dedup_by_key(|m| m.id);
            members.truncate(MAX_MEMBERS);
            Group {
                position: members.first().map_or(usize::MAX, &at),
                members,
                found,
            }
        })
        .collect();
    groups.sort_by_key(|g| std::cmp::Reverse(g.members.len()));
    groups
}

/// A sidebar, or a widget listing recent comments: the comments there are other posts'.
fn is_widget(names: &str, tag: &str) -> bool {
    static WIDGET: u8 = 0;
    memo_test(names, std::ptr::addr_of!(WIDGET) as usize, |names| {
        names.split_ascii_whitespace().any(|token| {
            matches!(token, "sidebar" | "widget-area" | "secondary")
                || (token.contains("recent") || token.contains("latest")) && names_comment(token)
        })
    }) || tag == "aside" && !names_comment(names)
}

/// Whether a class or id names a comment.
pub(super) fn names_comment(names: &str) -> bool {
    has_any(names, COMMENT_STEMS)
}

/// `tag.word` for each class token that names one comment, and `tag#` for a comment's id.
fn signatures(node: &NodeRef, tag: &str, names: &str, embeds_discourse: bool) -> Vec<String> {
    static COMMENT_ID: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"^(?:[a-z]+[-_])?(?:comment|kommentar|commentaire|comentario|commento|reactie|komentarz|cid)[-_]?\d+$",
        )
        .expect("a constant pattern compiles")
    });
    let mut out = Vec::new();
    if NOT_UNIT_TAGS.contains(&tag) {
        return out;
    }
    // schema.org microdata of comments and forum posts (`itemtype=…/Comment`, `itemprop=comment`).
    let itemtype = node
        .attr("itemtype")
        .map(|t| t.to_lowercase())
        .unwrap_or_default();
    let microdata = POST_TYPES.iter().any(|t| itemtype.ends_with(t))
        || node
            .attr("itemprop")
            .is_some_and(|p| p.eq_ignore_ascii_case("comment"));
    if microdata {
        out.push(format!("{tag}[itemtype=post]"));
    }
    // The comment document a Discourse forum embeds under an article: each post an `article.post`.
    if tag == "article" && embeds_discourse && names.split_ascii_whitespace().any(|t| t == "post") {
        out.push("article.post".to_string());
    }
    if names_comment(names) || names.contains("cid-") {
        if let Some(class) = node.class() {
            let class = class.to_lowercase();
            if let Some(word) = class
                .split_ascii_whitespace()
                .find(|token| names_one_comment(token))
            {
                out.push(format!("{tag}.{word}"));
            }
        }
        if node
            .id_attr()
            .is_some_and(|id| COMMENT_ID.is_match(&id.to_lowercase()))
        {
            out.push(format!("{tag}#"));
        }
    }
    // Posts that name their author in an attribute (XenForo, many forums), unless a class names
    // them already (old Reddit's post and comments both carry `data-author`).
    if out.is_empty() && node.has_attr("data-author") && matches!(tag, "article" | "div" | "li" | "section") {
        out.push(format!("{tag}[data-author]"));
    }
    out
}

/// Whether a class token names one comment (not its parts, its list, or a post about comments).
fn names_one_comment(token: &str) -> bool {
    memo_test(token, NOT_UNIT_WORDS.as_ptr() as usize, |token| {
        COMMENT_STEMS.iter().any(|s| token.contains(s))
            && !NOT_UNIT_WORDS.iter().any(|w| token.contains(w))
            && !POST_CLASS_PREFIXES.iter().any(|p| token.starts_with(p))
            && (!PLURAL_STEMS.iter().any(|s| token.contains(s))
                || ITEM_WORDS.iter().any(|w| token.contains(w)))
    })
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

/// A comment part that may be lifted to its comment: its text, or its box when that holds only
/// the text (`span.comment` in old Hacker News pages), named by a comment word alone or with a
/// text word (`comment-text`, `commtext`).
fn part_signature(tag: &str, names: &str) -> Option<String> {
    if matches!(
        tag,
        "a" | "form" | "input" | "textarea" | "button" | "img" | "script" | "li" | "ul" | "ol"
    ) {
        return None;
    }
    let token = names.split_ascii_whitespace().find(|t| is_part_name(t))?;
    Some(format!("{tag}.{token}"))
}

/// `comment`, `commtext`, `comment-text`, `kommentar_body`, `commentcontent`: a comment word, then
/// perhaps `-` or `_` and a text word, and nothing else. Plain code rather than a pattern: every
/// class token of every element is asked.
fn is_part_name(token: &str) -> bool {
    const COMMENT_WORDS: &[&str] = &[
        "comment",
        "kommentar",
        "commentaire",
        "comentario",
        "commento",
        "komentarz",
        "reactie",
        "commtext",
    ];
    const TEXT_WORDS: &[&str] = &["text", "body", "content", "message"];
    COMMENT_WORDS.iter().any(|word| {
        token.strip_prefix(word).is_some_and(|rest| {
            rest.is_empty() || TEXT_WORDS.contains(&rest.strip_prefix(['-', '_']).unwrap_or(rest))
        })
    })
}

/// Containers grouped by tag and class: the lists of replies nested in a comment list are the
/// same kind of list, and their items one thread.
fn merged<'a>(containers: &[NodeRef<'a>]) -> Vec<Vec<NodeRef<'a>>> {
    let mut by_kind: HashMap<String, usize> = HashMap::new();
    let mut kinds: Vec<Vec<NodeRef<'a>>> = Vec::new();
    for container in containers {
        let kind = format!(
            "{}.{}#{}",
            container.node_name().unwrap_or_default(),
            container.class().unwrap_or_default(),
            container.id_attr().unwrap_or_default()
        );
        let at = *by_kind.entry(kind).or_insert_with(|| {
            kinds.push(Vec::new());
            kinds.len() - 1
        });
        kinds[at].push(*container);
    }
    kinds
}

/// The containers' children of their most frequent item tag, when they repeat; and the same for
/// the lists the containers wrap (`div.comments > ul > li`).
fn contained<'a>(containers: &[NodeRef<'a>]) -> Vec<Vec<NodeRef<'a>>> {
    let children: Vec<NodeRef<'a>> = containers
        .iter()
        .flat_map(|c| c.children_it(false).filter(NodeRef::is_element))
        .collect();
    let grandchildren: Vec<NodeRef<'a>> = children
        .iter()
        .filter(|c| c.has_name("ul") || c.has_name("ol") || c.has_name("dl"))
        .flat_map(|list| list.children_it(false).filter(NodeRef::is_element))
        .collect();
    [children, grandchildren]
        .into_iter()
        .filter_map(|level| most_frequent_items(level))
        .collect()
}

fn most_frequent_items(elements: Vec<NodeRef>) -> Option<Vec<NodeRef>> {
    let mut by_tag: HashMap<String, Vec<NodeRef>> = HashMap::new();
    for element in elements {
        let tag = element
            .node_name()
            .map(|t| t.to_ascii_lowercase())
            .unwrap_or_default();
        if ITEM_TAGS.contains(&tag.as_str()) && !is_hidden(&element) {
            by_tag.entry(tag).or_default().push(element);
        }
    }
    let (tag, members) = by_tag.into_iter().max_by_key(|(_, m)| m.len())?;
    // One child is a comment only in a list made for comments (`ol#commentlist > li`).
    let list = matches!(tag.as_str(), "li" | "dt" | "dd");
    (members.len() >= 2 || list).then_some(members)
}

/// Each part lifted to the highest element around it that holds no other part of its kind.
fn lifted<'a>(parts: &[NodeRef<'a>]) -> Option<Vec<NodeRef<'a>>> {
    // Parts that hold a text, not a count or an icon.
    let text_chars: usize = parts.iter().map(|p| p.text().trim().chars().count()).sum();
    if parts.len() < 2 || text_chars < parts.len() * MIN_PART_CHARS {
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
    // The comments around the parts are alike: keep the most frequent kind of element.
    let kind = |n: &NodeRef| {
        format!(
            "{}.{}",
            n.node_name().unwrap_or_default(),
            n.class().unwrap_or_default()
        )
    };
    let mut counts: HashMap<String, usize> = HashMap::new();
    for member in &members {
        *counts.entry(kind(member)).or_default() += 1;
    }
    let (common, _) = counts.into_iter().max_by_key(|(_, n)| *n)?;
    members.retain(|m| kind(m) == common);
    (members.len() >= 2).then_some(members)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn part_names_are_a_comment_word_and_perhaps_a_text_word() {
        for name in [
            "comment",
            "commtext",
            "comment-text",
            "kommentar_body",
            "commentcontent",
            "commentaire",
        ] {
            assert!(is_part_name(name), "{name}");
        }
        for name in [
            "comment-",
            "comments",
            "comment-author",
            "commentary",
            "text",
            "comment--text",
        ] {
            assert!(!is_part_name(name), "{name}");
        }
    }
}
