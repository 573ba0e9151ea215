//! What an element is, from its tag, its class and id, and its attributes: the small queries the
//! structural reader asks of every element of a comment unit.

use dom_query::{NodeId, NodeRef};

use super::{clean, queries};

/// Elements whose content is never a comment's visible part.
pub(super) const SKIPPED_TAGS: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "textarea", "select", "button", "iframe", "input",
    "img", "picture", "video", "audio", "canvas",
];

/// The lowercase class and id of an element ("" when it has neither).
pub(super) fn names(node: &NodeRef) -> String {
    let Some(element) = node.element_ref() else {
        return String::new();
    };
    let mut out = String::new();
    for attribute in &element.attrs {
        if matches!(&*attribute.name.local, "class" | "id") {
            let value: &str = &attribute.value;
            if value.bytes().any(|b| b.is_ascii_uppercase()) || !value.is_ascii() {
                out.push_str(&value.to_lowercase());
            } else {
                out.push_str(value);
            }
            out.push(' ');
        }
    }
    out
}

/// Whether the element has a class or an id (most elements of a comment's text have neither).
pub(super) fn has_names(node: &NodeRef) -> bool {
    node.element_ref().is_some_and(|element| {
        element
            .attrs
            .iter()
            .any(|a| matches!(&*a.name.local, "class" | "id"))
    })
}

/// Whether the element is one of `tags` (lowercase names; HTML's are).
pub(super) fn tag_in(node: &NodeRef, tags: &[&str]) -> bool {
    node.qual_name_ref()
        .is_some_and(|name| tags.contains(&&*name.local))
}

/// The element's tag name (HTML parsers give it in lowercase); "" for other nodes.
pub(super) fn tag(node: &NodeRef) -> dom_query::LocalName {
    node.qual_name_ref()
        .map(|name| name.local.clone())
        .unwrap_or_else(|| dom_query::local_name!(""))
}

/// Whether `names` contain any of `words`.
pub(super) fn has_any(names: &str, words: &[&str]) -> bool {
    !names.is_empty()
        && memo(names, words.as_ptr() as usize, || {
            u16::from(words.iter().any(|w| names.contains(w)))
        }) == 1
}

/// The rank of the first of `ranked` (in list order) that `names` contain.
pub(super) fn first_rank(names: &str, ranked: &[(&str, u8)]) -> Option<u8> {
    if names.is_empty() {
        return None;
    }
    let found = memo(names, ranked.as_ptr() as usize, || {
        ranked
            .iter()
            .find(|(word, _)| names.contains(word))
            .map_or(NOT_FOUND, |(_, rank)| u16::from(*rank))
    });
    (found != NOT_FOUND).then(|| u8::try_from(found).unwrap_or(u8::MAX))
}

/// Whether `test` holds for `names`, remembered under `key` (a `static`'s address).
pub(super) fn memo_test(names: &str, key: usize, test: impl FnOnce(&str) -> bool) -> bool {
    !names.is_empty() && memo(names, key, || u16::from(test(names))) == 1
}

const NOT_FOUND: u16 = u16::MAX;
/// Class and id strings remembered per question before the memory is cleared (a hostile page may
/// give every element its own class).
const MEMO_ENTRIES: usize = 8192;

/// Answers by class and id string, for one question. Fx hashing: the default hasher's
/// resistance to chosen collisions buys nothing here (a page that forces collisions only slows
/// itself, and the memo is bounded) and is slower on these short keys.
type Answers = rustc_hash::FxHashMap<String, u16>;

thread_local! {
    /// Answers about class and id strings, by question: a thread's comments share a handful of
    /// class strings, so each is judged once rather than once per element.
    static MEMO: std::cell::RefCell<std::collections::HashMap<usize, Answers>> =
        std::cell::RefCell::new(std::collections::HashMap::new());
}

fn memo(names: &str, key: usize, compute: impl FnOnce() -> u16) -> u16 {
    let known = MEMO.with(|memo| {
        memo.borrow()
            .get(&key)
            .and_then(|answers| answers.get(names).copied())
    });
    if let Some(answer) = known {
        return answer;
    }
    // Computed with the memory released: a question may ask another one.
    let answer = compute();
    MEMO.with(|memo| {
        let mut memo = memo.borrow_mut();
        let answers = memo.entry(key).or_default();
        if answers.len() >= MEMO_ENTRIES {
            answers.clear();
        }
        answers.insert(names.to_string(), answer);
    });
    answer
}

/// Whether `inner` lies inside `outer` (or is it).
pub(super) fn within(inner: &NodeRef, outer: NodeId) -> bool {
    inner.id == outer || inner.ancestors_it(None).any(|a| a.id == outer)
}

/// A link to the comment itself whose text is a time ("13:04", "2 hours ago", "#3").
pub(super) fn is_permalink(node: &NodeRef) -> bool {
    let href = node.attr("href").unwrap_or_default().to_lowercase();
    let to_comment = [
        "#comment",
        "#c",
        "showcomment=",
        "item?id=",
        "/comment/",
        "#cid-",
        "#post-",
        "#reply",
    ]
    .iter()
    .any(|p| href.contains(p));
    to_comment && {
        let text = queries::line_text(node);
        clean::is_date_line(&text) || clean::is_comment_number(&text)
    }
}

/// An element a reader does not see: `hidden`, `display:none`, `visibility:hidden`, or a class
/// that hides it.
pub(super) fn is_hidden(node: &NodeRef) -> bool {
    let Some(element) = node.element_ref() else {
        return false;
    };
    element
        .attrs
        .iter()
        .any(|attribute| match &*attribute.name.local {
            "hidden" => true,
            "style" => {
                let style: String = attribute
                    .value
                    .to_lowercase()
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .collect();
                style.contains("display:none") || style.contains("visibility:hidden")
            }
            "class" => attribute
                .value
                .split_ascii_whitespace()
                .any(|t| matches!(t, "hidden" | "d-none" | "is-hidden" | "hide" | "visually-hidden")),
            _ => false,
        })
}

/// The most bytes of text [`is_short_and`] reads: labels, names and lines, not paragraphs.
const SHORT_TEXT_BYTES: usize = 240;

/// Whether the element's text is short and `test` holds for it. The text is read only up to the
/// bound: testing every paragraph of a long thread must not copy every paragraph.
pub(super) fn is_short_and(node: &NodeRef, test: impl Fn(&str) -> bool) -> bool {
    short_text(node, SHORT_TEXT_BYTES).is_some_and(|t| test(&t))
}

/// The element's text when it has at most `limit` bytes.
pub(super) fn short_text(node: &NodeRef, limit: usize) -> Option<String> {
    let mut out = String::new();
    for descendant in node.descendants_it() {
        if descendant.is_text() {
            descendant.query(|tree_node| {
                if let dom_query::NodeData::Text { contents } = &tree_node.data {
                    out.push_str(contents);
                }
            });
            if out.len() > limit {
                return None;
            }
        }
    }
    Some(out)
}
