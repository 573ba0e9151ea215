//! What inside a comment unit is not its text: the name's and the date's lines, meta and reply
//! blocks, buttons and labels, small link rows and calls to log in, avatar and self links.

use dom_query::{NodeId, NodeRef};

use super::element_kind::{has_any, has_names, is_short_and, names, short_text, tag, tag_in};
use super::{clean, queries};

/// Name parts of elements that hold a comment's meta data or controls, not its text.
pub(super) const META_WORDS: &[&str] = &[
    "meta",
    "author",
    "header",
    "avatar",
    "vcard",
    "reply",
    "action",
    "date",
    "time",
    "like",
    "vote",
    "share",
    "edit",
    "badge",
    "number",
    "count",
    "permalink",
    "nav",
    "byline",
    "tools",
    "links",
    "control",
    "button",
    "flag",
    "report",
    "toolbar",
    "signature",
    "rating",
    "user",
    "profile",
    "info",
    "head",
    "stamp",
    "posted",
    "menu",
    "floor",
];

/// Name parts of the containers of replies.
pub(super) const REPLY_CONTAINER_WORDS: &[&str] =
    &["children", "replies", "child", "indented", "nested", "subcomment"];

/// The most characters an author line may hold beyond the name and the date.
pub(super) const LINE_EXTRA_CHARS: usize = 40;

/// A form to write a reply (Reddit wraps a comment's own text in a form, without fields).
pub(super) fn is_reply_form(form: &NodeRef) -> bool {
    dom_query::Selection::from(*form)
        .select("textarea, input[type=text], input[type=submit]")
        .exists()
}

/// Name parts of the small blocks a comment system puts inside a comment's text box (links to
/// log in or reply, vote and share rows, signatures).
pub(super) const WIDGET_WORDS: &[&str] = &[
    "links",
    "action",
    "reply",
    "footer",
    "tools",
    "control",
    "button",
    "vote",
    "like",
    "share",
    "report",
    "flag",
    "meta",
    "rating",
    "forbidden",
    "signature",
    "toolbar",
    "expandlink",
];

/// The most characters such a block holds (a paragraph of the text is longer).
pub(super) const MAX_WIDGET_CHARS: usize = 120;

/// A small block of links or controls, or a call to log in or comment, inside a text box.
pub(super) fn is_small_widget(node: &NodeRef) -> bool {
    let named = has_names(node);
    // Unnamed, only a list of links may be one (a call to log in in a `li`).
    if !named && !tag_in(node, &["ul", "li"]) {
        return false;
    }
    let widget_named = named && has_any(&names(node), WIDGET_WORDS);
    (widget_named || tag_in(node, &["ul", "li", "span", "div"]))
        && is_short_and(node, |t| {
            let t = t.trim();
            t.chars().count() <= MAX_WIDGET_CHARS && (widget_named || clean::is_call_to_comment(t))
        })
}

/// A link with no words (an avatar's), or a comment's link to itself (Drupal's subject line).
pub(super) fn is_bare_or_self_link(node: &NodeRef) -> bool {
    node.has_name("a")
        && (node.attr("rel").is_some_and(|r| r.contains("bookmark"))
            || has_names(node) && names(node).contains("permalink")
            || !node
                .descendants_it()
                .any(|d| d.is_text() && d.text().chars().any(|c| !c.is_whitespace())))
}

/// A reply/report/like button or link, by its label.
pub(super) fn is_control(node: &NodeRef) -> bool {
    // A link, or an element the UI named: a text's plain paragraphs are never labels.
    let candidate =
        node.has_name("a") || tag_in(node, &["span", "p", "div", "li", "small", "ul"]) && has_names(node);
    candidate
        && short_text(node, MAX_CONTROL_BYTES)
            .is_some_and(|t| !t.trim().is_empty() && (clean::is_ui_word(&t) || is_ui_list(&t)))
}

/// The most text a button or a row of them holds, in bytes.
const MAX_CONTROL_BYTES: usize = 96;

/// "Reply Report Share", "reply | flag": a row of labels.
pub(super) fn is_ui_list(text: &str) -> bool {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || matches!(c, '|' | '·' | '•'))
        .filter(|w| !w.is_empty())
        .collect();
    words.len() > 1 && words.iter().all(|w| clean::is_ui_word(w))
}

/// An element of meta data or controls inside a unit (read apart, never as text).
pub(super) fn is_meta_block(node: &NodeRef) -> bool {
    let tag = tag(node);
    if matches!(
        tag.as_str(),
        "header" | "footer" | "nav" | "aside" | "time" | "cite"
    ) {
        return true;
    }
    let names = names(node);
    !names.is_empty()
        && (has_any(&names, META_WORDS) || has_any(&names, REPLY_CONTAINER_WORDS))
        && !has_any(&names, &["text", "content", "body", "message", "entry"])
}

/// The element that holds `part` and nothing much else: the line "Comment by NAME — DATE" around
/// a name, the `p` around a date. Climbs from `part` while its parent adds little text.
pub(super) fn line_of<'a>(part: &NodeRef<'a>, unit: &NodeRef) -> NodeRef<'a> {
    let own = queries::line_text(part).chars().count();
    let mut line = *part;
    for parent in part.ancestors_it(Some(4)) {
        if parent.id == unit.id {
            break;
        }
        if queries::line_text(&parent).chars().count() > own + LINE_EXTRA_CHARS
            || holds_other_block(&parent, &line)
        {
            break;
        }
        line = parent;
    }
    line
}

/// Whether `parent` holds a block with text beside `child` (then it is more than a line).
pub(super) fn holds_other_block(parent: &NodeRef, child: &NodeRef) -> bool {
    parent.children_it(false).any(|sibling| {
        sibling.id != child.id
            && matches!(
                &*tag(&sibling),
                "p" | "div" | "blockquote" | "ul" | "ol" | "pre" | "table" | "section" | "article"
            )
            && !queries::line_text(&sibling).is_empty()
    })
}

/// `line` and the short inline text around it up to a line break or a block: "Kommentar
/// <small>von</small> <cite>NAME</cite><br>" is one line.
pub(super) fn with_neighbours(line: &NodeRef) -> Vec<NodeId> {
    let mut ids = vec![line.id];
    let is_inline = |n: &NodeRef| {
        n.is_text()
            || n.is_element() && matches!(&*tag(n), "small" | "span" | "em" | "i" | "b" | "strong" | "a")
    };
    for forward in [false, true] {
        let mut extra = 0;
        let mut next = if forward {
            line.next_sibling()
        } else {
            line.prev_sibling()
        };
        while let Some(node) = next.filter(is_inline) {
            extra += queries::line_text(&node).chars().count();
            if extra > LINE_EXTRA_CHARS {
                break;
            }
            ids.push(node.id);
            next = if forward {
                node.next_sibling()
            } else {
                node.prev_sibling()
            };
        }
    }
    ids
}
