//! Who wrote a comment: the element that holds the name (by its class or itemprop, a profile
//! link, a bold name or heading in the unit's header, the name printed before the date, a line
//! "NAME wrote:"), and the name read from it without badges, dates and "says:".

use dom_query::NodeRef;

use super::element_kind::{SKIPPED_TAGS, first_rank, has_any, is_permalink, is_short_and, names, tag};
use super::{clean, queries};

/// Name parts of an element holding the author's name, and how surely (lower is surer).
pub(super) const AUTHOR_WORDS: &[(&str, u8)] = &[
    ("hnuser", 0),
    ("author-name", 1),
    ("authorname", 1),
    ("author-link", 1),
    ("comment-author-", 1),
    ("username", 1),
    ("user-name", 1),
    ("user_name", 1),
    ("nickname", 1),
    ("screen-name", 1),
    ("commenter", 1),
    ("benutzer", 1),
    ("nutzer", 1),
    ("usuario", 1),
    ("utilisateur", 1),
    ("utente", 1),
    ("gebruiker", 1),
    ("pseudo", 1),
    ("poster", 2),
    ("author", 2),
    ("autor", 2),
    ("auteur", 2),
    ("user", 3),
    ("name", 5),
    ("nombre", 5),
    ("nome", 5),
];

/// Names longer than this are text, not a name.
pub(super) const MAX_NAME_CHARS: usize = 80;

/// How surely an element holds the author's name; `None` when it cannot.
pub(super) fn author_rank(node: &NodeRef, tag: &str, names: &str) -> Option<u8> {
    // Most elements of a comment are none of these: decided before any word is looked for.
    let maybe = !names.is_empty()
        || matches!(
            tag,
            "a" | "cite" | "strong" | "b" | "h2" | "h3" | "h4" | "h5" | "h6"
        )
        || node.has_attr("itemprop");
    if !maybe {
        return None;
    }
    if has_any(
        names,
        &[
            "avatar", "photo", "says", "date", "time", "count", "reply", "badge", "label",
        ],
    ) || matches!(
        tag,
        "time" | "p" | "div" | "li" | "ul" | "ol" | "section" | "article" | "footer"
    ) && first_rank(names, AUTHOR_WORDS).is_none()
    {
        return None;
    }
    let itemprop = node
        .attr("itemprop")
        .map(|p| p.to_lowercase())
        .unwrap_or_default();
    if itemprop.contains("author") {
        // A Person scope (avatar, name, title, stats) names the author in its `itemprop=name`.
        let scope_with_name = dom_query::Selection::from(*node)
            .select("[itemprop=name]")
            .exists();
        return (!scope_with_name).then_some(0);
    }
    if itemprop == "name"
        && node
            .ancestors_it(Some(4))
            .any(|a| a.attr("itemprop").is_some_and(|p| p.contains("author")))
    {
        return Some(0);
    }
    if names.split_whitespace().any(|t| t == "fn") {
        return Some(0);
    }
    if let Some(rank) = first_rank(names, AUTHOR_WORDS) {
        let rank = if tag == "a" && rank == 2 { 1 } else { rank };
        // A block of the author's (avatar, name, date) is a fallback to the name inside it.
        return Some(if matches!(tag, "div" | "footer" | "header" | "p" | "li") {
            rank + 2
        } else {
            rank
        });
    }
    if tag == "cite" {
        return Some(3);
    }
    if tag == "a" {
        let href = node.attr("href").unwrap_or_default().to_lowercase();
        let rel = node.attr("rel").unwrap_or_default().to_lowercase();
        if is_profile_link(&href) || rel.split_whitespace().any(|r| r == "author") {
            return Some(4);
        }
        if names.split_whitespace().any(|t| t == "url") {
            return Some(4);
        }
    }
    // A heading or bold name, unless it links elsewhere (a teaser's title links to its page).
    if matches!(tag, "h2" | "h3" | "h4" | "h5" | "h6" | "strong" | "b") {
        let links_away = dom_query::Selection::from(*node)
            .select("a[href]")
            .nodes()
            .iter()
            .any(|a| !is_profile_link(&a.attr("href").unwrap_or_default().to_lowercase()));
        return (!links_away).then_some(6);
    }
    None
}

/// A link to a person's page on a forum or blog host.
pub(super) fn is_profile_link(href: &str) -> bool {
    [
        "user?id=",
        "/user/",
        "/users/",
        "/u/",
        "/profile",
        "/member",
        "/people/",
        "/author/",
        "/~",
        "blogger.com/profile",
        "/usuario/",
        "/benutzer/",
    ]
    .iter()
    .any(|p| href.contains(p))
}

/// The name printed right before the date, when nothing names it (`<p><span>Marth</span>
/// <span class=comment-date>…</span></p>`): the nearest element before the date, on its line.
pub(super) fn name_before_date<'a>(date: &NodeRef<'a>, unit: &NodeRef) -> Option<(NodeRef<'a>, String)> {
    let mut at = *date;
    for _ in 0..3 {
        let mut before = at.prev_element_sibling();
        for _ in 0..3 {
            let Some(node) = before else { break };
            if !SKIPPED_TAGS.contains(&&*tag(&node)) && !is_meta_words(&node) {
                if let Some(name) = name_of(&node).filter(|n| n.split_whitespace().count() <= 5) {
                    return Some((node, name));
                }
            }
            before = node.prev_element_sibling();
        }
        match at.parent() {
            Some(parent) if parent.id != unit.id => at = parent,
            _ => break,
        }
    }
    None
}

/// An element whose class says it is a date, a count or a control (never the name).
pub(super) fn is_meta_words(node: &NodeRef) -> bool {
    has_any(
        &names(node),
        &[
            "date", "time", "count", "reply", "vote", "avatar", "action", "like",
        ],
    )
}

/// The line "NAME wrote:" (with perhaps a date before the name) among the unit's own elements.
pub(super) fn says_line<'a>(
    node: &NodeRef<'a>,
    is_unit: &dyn Fn(&NodeRef) -> bool,
) -> Option<(NodeRef<'a>, String)> {
    let mut stack: Vec<NodeRef<'a>> = node.children_it(true).filter(NodeRef::is_element).collect();
    while let Some(element) = stack.pop() {
        if is_unit(&element) || SKIPPED_TAGS.contains(&&*tag(&element)) {
            continue;
        }
        if let Some(name) = is_short_text(&element)
            .then(|| clean::name_from_says_line(&element.text()))
            .flatten()
        {
            return Some((element, name));
        }
        stack.extend(element.children_it(true).filter(NodeRef::is_element));
    }
    None
}

/// Whether an element holds a line's worth of text, not a paragraph.
pub(super) fn is_short_text(node: &NodeRef) -> bool {
    is_short_and(node, |t| t.trim().chars().count() <= 120)
}

/// The display name an element holds, without badges, dates, "says:" and the like; `None` when
/// what it holds is not a name.
pub(super) fn name_of(node: &NodeRef) -> Option<String> {
    let raw = queries::plain_text_without(node, &|n| {
        if !n.is_element() {
            return false;
        }
        let names = names(n);
        SKIPPED_TAGS.contains(&&*tag(n))
            || n.has_name("time")
            || has_any(
                &names,
                &[
                    "says",
                    "badge",
                    "label",
                    "role",
                    "flair",
                    "date",
                    "time",
                    "screen-reader",
                ],
            )
            || (n.has_name("a") && is_permalink(n))
            || is_short_and(n, |t| {
                clean::is_badge(t) || clean::is_date_line(t) || clean::is_ui_word(t)
            })
    });
    let name = clean::author_name(&raw);
    let chars = name.chars().count();
    let plausible = chars > 0
        && chars <= MAX_NAME_CHARS
        && !clean::is_call_to_comment(&name)
        && name.chars().any(char::is_alphanumeric)
        && !clean::is_date_line(&name)
        && !clean::is_ui_word(&name)
        && !clean::is_badge(&name)
        && !clean::is_comment_number(&name);
    plausible.then_some(name)
}
