//! A comment's parts read from what each element of its markup is, not from one system's
//! selectors: the author (a name, often a link to a profile), when it was posted (a `time`, a date
//! class, a permalink), the text (a text or content block, else everything that is none of the
//! other parts), an edit note and a score. Nested comments are never looked into.

use chrono::{DateTime, Utc};
use dom_query::{NodeId, NodeRef};

use super::{clean, dom};
use crate::comments::model::Edited;

/// What was read from one comment unit.
#[derive(Debug, Default)]
pub(super) struct Parts {
    pub author: Option<String>,
    pub date: Option<DateTime<Utc>>,
    /// The unit states when it was posted (a time, a date, or a permalink to itself).
    pub timed: bool,
    pub text: String,
    pub edited: Option<Edited>,
    pub score: Option<i64>,
}

/// Elements whose content is never a comment's visible part.
const SKIPPED_TAGS: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "textarea", "select", "button", "iframe", "input",
    "img", "picture", "video", "audio", "canvas",
];
/// Name parts of elements that hold a comment's meta data or controls, not its text.
const META_WORDS: &[&str] = &[
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
const REPLY_CONTAINER_WORDS: &[&str] = &["children", "replies", "child", "indented", "nested", "subcomment"];
/// Name parts of an element holding the author's name, and how surely (lower is surer).
const AUTHOR_WORDS: &[(&str, u8)] = &[
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
/// Name parts of a text block, and how surely (lower is surer).
const TEXT_WORDS: &[(&str, u8)] = &[
    ("commtext", 0),
    ("comment-text", 0),
    ("comment-content", 0),
    ("comment-body", 0),
    ("commenttext", 0),
    ("commentbody", 0),
    ("commentcontent", 0),
    ("comment_text", 0),
    ("comment_content", 0),
    ("comment_body", 0),
    ("comment-message", 0),
    ("comment-entry", 0),
    ("contenttext", 0),
    ("post-text", 0),
    ("message-body", 0),
    ("bbwrapper", 0),
    ("cooked", 0),
    ("usertext-body", 0),
    ("text", 1),
    ("content", 1),
    ("message", 1),
    ("body", 1),
    ("entry", 1),
    ("bbcode", 1),
];
/// Name parts that rule an element out as the text block.
const NOT_TEXT_WORDS: &[&str] = &[
    "author",
    "date",
    "time",
    "meta",
    "avatar",
    "reply",
    "like",
    "vote",
    "share",
    "footer",
    "header",
    "action",
    "secondary",
    "count",
    "title",
    "name",
    "edit",
    "button",
    "context",
    "form",
    "respond",
];
/// Name parts of a date element.
const DATE_WORDS: &[&str] = &["date", "time", "datum", "posted", "published", "stamp", "fecha"];
/// The most characters an author line may hold beyond the name and the date.
const LINE_EXTRA_CHARS: usize = 40;
/// Names longer than this are text, not a name.
const MAX_NAME_CHARS: usize = 80;

/// The lowercase class and id of an element ("" when it has neither).
pub(super) fn names(node: &NodeRef) -> String {
    let Some(element) = node.element_ref() else {
        return String::new();
    };
    let mut out = String::new();
    for attribute in &element.attrs {
        if matches!(&*attribute.name.local, "class" | "id") {
            out.push_str(&attribute.value.to_lowercase());
            out.push(' ');
        }
    }
    out
}

fn tag(node: &NodeRef) -> String {
    node.node_name()
        .map(|n| n.to_ascii_lowercase())
        .unwrap_or_default()
}

fn has_any(names: &str, words: &[&str]) -> bool {
    words.iter().any(|w| names.contains(w))
}

/// Whether the names name a date: a word (split at anything but letters and digits) that starts
/// or ends with a date stem (`comment-date`, `datetime`, `commentdate`, `kommentar-datum`), or is
/// one of the short time words (`age`, `ago`), so that `dsq-comment-message` names no age.
fn names_date(names: &str) -> bool {
    names.split(|c: char| !c.is_alphanumeric()).any(|word| {
        DATE_WORDS
            .iter()
            .any(|stem| word.starts_with(stem) || word.ends_with(stem))
            || matches!(word, "age" | "ago" | "when")
    })
}

/// Whether `inner` lies inside `outer` (or is it).
fn within(inner: &NodeRef, outer: NodeId) -> bool {
    inner.id == outer || inner.ancestors_it(None).any(|a| a.id == outer)
}

/// How surely an element holds the author's name; `None` when it cannot.
fn author_rank(node: &NodeRef, tag: &str, names: &str) -> Option<u8> {
    if has_any(
        names,
        &[
            "avatar", "photo", "says", "date", "time", "count", "reply", "badge", "label",
        ],
    ) || matches!(
        tag,
        "time" | "p" | "div" | "li" | "ul" | "ol" | "section" | "article" | "footer"
    ) && !AUTHOR_WORDS.iter().any(|(word, _)| names.contains(word))
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
    if let Some(rank) = AUTHOR_WORDS
        .iter()
        .find(|(word, _)| names.contains(word))
        .map(|(_, rank)| *rank)
    {
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
fn is_profile_link(href: &str) -> bool {
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

fn text_rank(tag: &str, names: &str, node: &NodeRef) -> Option<u8> {
    if matches!(
        tag,
        "a" | "time" | "span" | "cite" | "b" | "strong" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6"
    ) && !has_any(
        names,
        &["commtext", "comment-text", "comment-content", "comment-body"],
    ) {
        return None;
    }
    if node
        .attr("itemprop")
        .is_some_and(|p| matches!(&*p, "text" | "commentText" | "articleBody"))
    {
        return Some(0);
    }
    let rank = TEXT_WORDS
        .iter()
        .find(|(word, _)| names.contains(word))
        .map(|(_, rank)| *rank)
        .or_else(|| names.split_whitespace().any(|t| t == "md").then_some(0))?;
    (rank == 0 || !has_any(names, NOT_TEXT_WORDS)).then_some(rank)
}

fn date_rank(node: &NodeRef, tag: &str, names: &str) -> Option<u8> {
    if tag == "time" || node.attr("itemprop").is_some_and(|p| p.contains("date")) {
        return Some(0);
    }
    if names_date(names) && !has_any(names, &["author", "update", "timeline", "comment-body"]) {
        return Some(1);
    }
    if tag == "a" && is_permalink(node) {
        return Some(2);
    }
    None
}

/// A link to the comment itself whose text is a time ("13:04", "2 hours ago", "#3").
fn is_permalink(node: &NodeRef) -> bool {
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
        let text = dom::line_text(node);
        clean::is_date_line(&text) || clean::is_comment_number(&text)
    }
}

/// The candidates found in one walk over a unit's own elements.
#[derive(Default)]
struct Survey<'a> {
    author: Option<(u8, NodeRef<'a>, String)>,
    date: Option<(u8, NodeRef<'a>)>,
    texts: Vec<(u8, NodeRef<'a>)>,
    edited: Option<NodeRef<'a>>,
    score: Option<NodeRef<'a>>,
}

/// Reads the unit `node` (and the sibling elements it spans, `followers`: a `dd` after its `dt`).
pub(super) fn read(node: &NodeRef, followers: &[NodeRef], is_unit: &dyn Fn(&NodeRef) -> bool) -> Parts {
    let survey = survey(node, followers, is_unit);
    let author_node = survey.author.as_ref().map(|(_, n, _)| *n);
    let date_node = survey.date.map(|(_, n)| n);
    // A date written as text on the name's line ("NAME schrieb am 13. Mai 2016:").
    let date_on_name_line = match (date_node, author_node) {
        (None, Some(author)) => date_beside(&author, node),
        _ => None,
    };
    let mut parts = Parts {
        author: survey.author.as_ref().map(|(_, _, name)| name.clone()),
        date: date_node.as_ref().and_then(dom::date_of).or(date_on_name_line),
        timed: date_node.is_some() || date_on_name_line.is_some(),
        edited: survey
            .edited
            .map(|e| super::wpdiscuz::edited(&dom::line_text(&e))),
        score: survey.score.and_then(|s| first_integer(&dom::line_text(&s))),
        ..Parts::default()
    };
    let skip_always = |n: &NodeRef| {
        is_unit(n)
            || survey.edited.is_some_and(|e| e.id == n.id)
            || survey.score.is_some_and(|s| s.id == n.id)
            || is_control(n)
            || is_bare_or_self_link(n)
            || is_small_widget(n)
    };
    let author_name = parts.author.clone().unwrap_or_default();
    let mut texts = survey.texts.clone();
    texts.sort_by_key(|(rank, _)| *rank);
    let chosen = texts.iter().find_map(|(_, candidate)| {
        let holds_part =
            |part: Option<NodeRef>| part.is_some_and(|p| within(&p, candidate.id) || within(candidate, p.id));
        if holds_part(author_node) || holds_part(date_node) {
            return None;
        }
        let text = clean::comment_text(&dom::text_without(candidate, &skip_always), &author_name);
        (!text.is_empty() && !clean::is_only_links(&text)).then_some(text)
    });
    parts.text = match chosen {
        Some(text) => text,
        None => {
            let mut lines: Vec<NodeId> = Vec::new();
            for part in [author_node, date_node].into_iter().flatten() {
                lines.extend(with_neighbours(&line_of(&part, node)));
            }
            let skip = |n: &NodeRef| skip_always(n) || lines.contains(&n.id) || is_meta_block(n);
            let mut text = dom::text_without(node, &skip);
            for follower in followers {
                let more = if skip(follower) {
                    String::new()
                } else {
                    dom::text_without(follower, &skip)
                };
                if !more.is_empty() {
                    if !text.is_empty() {
                        text.push_str("\n\n");
                    }
                    text.push_str(&more);
                }
            }
            let text = clean::comment_text(&text, &author_name);
            if clean::is_only_links(&text) {
                String::new()
            } else {
                text
            }
        }
    };
    if parts.author.is_none() {
        // Forums name the poster in an attribute (`data-author`) beside the visible profile card.
        parts.author = node
            .attr("data-author")
            .map(|a| clean::author_name(&a))
            .filter(|a| !a.is_empty());
    }
    take_edit_note(&mut parts);
    parts
}

/// An edit note on the first or last line of the text becomes the comment's `edited`.
fn take_edit_note(parts: &mut Parts) {
    let lines: Vec<&str> = parts.text.lines().collect();
    let (Some(first), Some(last)) = (lines.first(), lines.last()) else {
        return;
    };
    let (note, rest) = if lines.len() > 1 && clean::is_edit_note(last) {
        (last.to_string(), lines[..lines.len() - 1].join("\n"))
    } else if lines.len() > 1 && clean::is_edit_note(first) {
        (first.to_string(), lines[1..].join("\n"))
    } else {
        return;
    };
    parts.edited.get_or_insert_with(|| super::wpdiscuz::edited(&note));
    parts.text = rest.trim().to_string();
}

/// The name printed right before the date, when nothing names it (`<p><span>Marth</span>
/// <span class=comment-date>…</span></p>`): the nearest element before the date, on its line.
fn name_before_date<'a>(date: &NodeRef<'a>, unit: &NodeRef) -> Option<(NodeRef<'a>, String)> {
    let mut at = *date;
    for _ in 0..3 {
        let mut before = at.prev_element_sibling();
        for _ in 0..3 {
            let Some(node) = before else { break };
            if !SKIPPED_TAGS.contains(&tag(&node).as_str()) && !is_meta_words(&node) {
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
fn is_meta_words(node: &NodeRef) -> bool {
    has_any(
        &names(node),
        &[
            "date", "time", "count", "reply", "vote", "avatar", "action", "like",
        ],
    )
}

fn survey<'a>(
    node: &NodeRef<'a>,
    followers: &[NodeRef<'a>],
    is_unit: &dyn Fn(&NodeRef) -> bool,
) -> Survey<'a> {
    let mut found = Survey::default();
    let mut stack: Vec<NodeRef<'a>> = followers.iter().rev().copied().collect();
    stack.extend(node.children_it(true).filter(NodeRef::is_element));
    while let Some(element) = stack.pop() {
        if is_unit(&element) || is_hidden(&element) {
            continue;
        }
        let tag = tag(&element);
        if SKIPPED_TAGS.contains(&tag.as_str()) || tag == "form" && is_reply_form(&element) {
            continue;
        }
        let names = names(&element);
        if let Some(rank) = author_rank(&element, &tag, &names) {
            if found.author.as_ref().is_none_or(|(best, _, _)| rank < *best) {
                if let Some(name) = name_of(&element) {
                    found.author = Some((rank, element, name));
                }
            }
        }
        if let Some(rank) = date_rank(&element, &tag, &names) {
            if found.date.is_none_or(|(best, _)| rank < best) && !dom::line_text(&element).is_empty() {
                found.date = Some((rank, element));
            }
        }
        if let Some(rank) = text_rank(&tag, &names, &element) {
            found.texts.push((rank, element));
        }
        let edit_note = has_any(&names, &["edited", "last-edit", "edit-note", "modified"])
            || matches!(tag.as_str(), "p" | "span" | "small" | "div" | "em")
                && is_short_and(&element, |t| t.chars().count() <= 80 && clean::is_edit_note(t));
        if found.edited.is_none() && edit_note {
            found.edited = Some(element);
        }
        if found.score.is_none()
            && has_any(&names, &["score", "points", "vote-count", "votes-count", "karma"])
            // The score as it would be after the reader's own vote (old Reddit shows one of three).
            && !has_any(&names, &["dislikes", " likes", "likes "])
            && first_integer(&dom::line_text(&element)).is_some()
        {
            found.score = Some(element);
        }
        stack.extend(element.children_it(true).filter(NodeRef::is_element));
    }
    if found.author.is_none() {
        if let Some((_, date)) = found.date {
            found.author = name_before_date(&date, node).map(|(n, name)| (7, n, name));
        }
    }
    if found.author.is_none() {
        found.author = says_line(node, is_unit).map(|(n, name)| (8, n, name));
    }
    found
}

/// The line "NAME wrote:" (with perhaps a date before the name) among the unit's own elements.
fn says_line<'a>(node: &NodeRef<'a>, is_unit: &dyn Fn(&NodeRef) -> bool) -> Option<(NodeRef<'a>, String)> {
    let mut stack: Vec<NodeRef<'a>> = node.children_it(true).filter(NodeRef::is_element).collect();
    while let Some(element) = stack.pop() {
        if is_unit(&element) || SKIPPED_TAGS.contains(&tag(&element).as_str()) {
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
fn is_short_text(node: &NodeRef) -> bool {
    is_short_and(node, |t| t.trim().chars().count() <= 120)
}

/// The display name an element holds, without badges, dates, "says:" and the like; `None` when
/// what it holds is not a name.
fn name_of(node: &NodeRef) -> Option<String> {
    let raw = dom::plain_text_without(node, &|n| {
        if !n.is_element() {
            return false;
        }
        let names = names(n);
        SKIPPED_TAGS.contains(&tag(n).as_str())
            || tag(n) == "time"
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
            || (tag(n) == "a" && is_permalink(n))
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

/// A form to write a reply (Reddit wraps a comment's own text in a form, without fields).
fn is_reply_form(form: &NodeRef) -> bool {
    dom_query::Selection::from(*form)
        .select("textarea, input[type=text], input[type=submit]")
        .exists()
}

/// An element a reader does not see: `hidden`, `display:none`, `visibility:hidden`, or a class
/// that hides it.
pub(super) fn is_hidden(node: &NodeRef) -> bool {
    if node.has_attr("hidden") {
        return true;
    }
    if let Some(style) = node.attr("style") {
        let style: String = style
            .to_lowercase()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        if style.contains("display:none") || style.contains("visibility:hidden") {
            return true;
        }
    }
    node.class().is_some_and(|class| {
        class
            .split_ascii_whitespace()
            .any(|t| matches!(t, "hidden" | "d-none" | "is-hidden" | "hide" | "visually-hidden"))
    })
}

/// Whether the element's text is short and `test` holds for it.
fn is_short_and(node: &NodeRef, test: impl Fn(&str) -> bool) -> bool {
    let text = node.text();
    text.len() <= 80 && test(&text)
}

/// Name parts of the small blocks a comment system puts inside a comment's text box (links to
/// log in or reply, vote and share rows, signatures).
const WIDGET_WORDS: &[&str] = &[
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
const MAX_WIDGET_CHARS: usize = 120;

/// A small block of links or controls, or a call to log in or comment, inside a text box.
fn is_small_widget(node: &NodeRef) -> bool {
    if !node.is_element() || node.has_name("p") && names(node).is_empty() {
        return false;
    }
    let names = names(node);
    let widget_named = !names.is_empty() && has_any(&names, WIDGET_WORDS);
    (widget_named || matches!(tag(node).as_str(), "ul" | "li" | "span" | "div"))
        && is_short_and(node, |t| {
            let t = t.trim();
            t.chars().count() <= MAX_WIDGET_CHARS && (widget_named || clean::is_call_to_comment(t))
        })
}

/// A link with no words (an avatar's), or a comment's link to itself (Drupal's subject line).
fn is_bare_or_self_link(node: &NodeRef) -> bool {
    node.has_name("a")
        && (dom::line_text(node).is_empty()
            || names(node).contains("permalink")
            || node.attr("rel").is_some_and(|r| r.contains("bookmark")))
}

/// A reply/report/like button or link, by its label.
fn is_control(node: &NodeRef) -> bool {
    matches!(
        tag(node).as_str(),
        "a" | "span" | "p" | "div" | "li" | "small" | "ul"
    ) && is_short_and(node, |t| {
        !t.trim().is_empty() && (clean::is_ui_word(t) || is_ui_list(t))
    })
}

/// "Reply Report Share", "reply | flag": a row of labels.
fn is_ui_list(text: &str) -> bool {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || matches!(c, '|' | '·' | '•'))
        .filter(|w| !w.is_empty())
        .collect();
    words.len() > 1 && words.iter().all(|w| clean::is_ui_word(w))
}

/// An element of meta data or controls inside a unit (read apart, never as text).
fn is_meta_block(node: &NodeRef) -> bool {
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
fn line_of<'a>(part: &NodeRef<'a>, unit: &NodeRef) -> NodeRef<'a> {
    let own = dom::line_text(part).chars().count();
    let mut line = *part;
    for parent in part.ancestors_it(Some(4)) {
        if parent.id == unit.id {
            break;
        }
        if dom::line_text(&parent).chars().count() > own + LINE_EXTRA_CHARS
            || holds_other_block(&parent, &line)
        {
            break;
        }
        line = parent;
    }
    line
}

/// Whether `parent` holds a block with text beside `child` (then it is more than a line).
fn holds_other_block(parent: &NodeRef, child: &NodeRef) -> bool {
    parent.children_it(false).any(|sibling| {
        sibling.id != child.id
            && matches!(
                tag(&sibling).as_str(),
                "p" | "div" | "blockquote" | "ul" | "ol" | "pre" | "table" | "section" | "article"
            )
            && !dom::line_text(&sibling).is_empty()
    })
}

/// A date in the short text around the name (the name's line), when there is one.
fn date_beside(author: &NodeRef, unit: &NodeRef) -> Option<DateTime<Utc>> {
    let line = line_of(author, unit);
    std::iter::once(line.text().to_string())
        .chain(
            [line.prev_sibling(), line.next_sibling()]
                .into_iter()
                .flatten()
                .map(|n| n.text().to_string()),
        )
        .filter(|t| t.chars().count() <= 80)
        .find_map(|t| crate::comments::dates::parse(&t))
}

/// `line` and the short inline text around it up to a line break or a block: "Kommentar
/// <small>von</small> <cite>NAME</cite><br>" is one line.
fn with_neighbours(line: &NodeRef) -> Vec<NodeId> {
    let mut ids = vec![line.id];
    let is_inline = |n: &NodeRef| {
        n.is_text()
            || n.is_element()
                && matches!(
                    tag(n).as_str(),
                    "small" | "span" | "em" | "i" | "b" | "strong" | "a"
                )
    };
    for forward in [false, true] {
        let mut extra = 0;
        let mut next = if forward {
            line.next_sibling()
        } else {
            line.prev_sibling()
        };
        while let Some(node) = next.filter(is_inline) {
            extra += dom::line_text(&node).chars().count();
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

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use dom_query::Document;

    use super::*;

    fn read_first(html: &str, unit: &str) -> Parts {
        let doc = Document::from(html);
        let node = *doc.select(unit).nodes().first().unwrap();
        read(&node, &[], &|n: &NodeRef| n.id != node.id && n.is(unit))
    }

    #[test]
    fn an_old_theme_with_the_author_line_after_the_text() {
        let parts = read_first(
            "<ol id=commentlist><li id=comment-1><p>Also im Klartext: ja.</p>\
             <p><cite>Comment by <a href='http://e.org' rel='external nofollow' class='url'>Mirko Lange</a> \
             &#8212; 17.07, 2011 @ <a href='#comment-1'>13:04</a></cite></p></li></ol>",
            "li",
        );
        assert_eq!(parts.author.as_deref(), Some("Mirko Lange"));
        assert_eq!(parts.text, "Also im Klartext: ja.");
        assert!(parts.timed);
    }

    #[test]
    fn a_heading_name_a_date_line_and_a_reply_link() {
        let parts = read_first(
            "<li class='comment depth-1'><div class=comment-header><img class=avatar><h3>Liberte</h3>\
             <p class=comment-meta>18/02/2020 à 16:42</p></div><div class=comment-body><p><p>La parité.</p></p>\
             <p class=tm-js-reply><a class=comment-reply-link href='#c'>Répondre</a></p></div></li>",
            "li",
        );
        assert_eq!(parts.author.as_deref(), Some("Liberte"));
        assert_eq!(parts.text, "La parité.");
    }

    #[test]
    fn a_text_block_that_holds_the_meta_is_passed_over_for_the_text_inside() {
        let parts = read_first(
            "<article class=comment><div class=comment-content><ul class=comment-meta>\
             <li class=comment-reply><a>Antworten</a></li><li class=comment-author>ajki</li>\
             <li class=comment-time><a href='#comment-2'>8. April 2019 @ 11:40</a></li></ul>\
             <div class=comment-text><p>Naja… das ist es.</p></div></div></article>",
            "article",
        );
        assert_eq!(parts.author.as_deref(), Some("ajki"));
        assert_eq!(parts.text, "Naja… das ist es.");
        assert!(parts.date.is_some());
    }

    #[test]
    fn a_bare_date_line_between_name_and_text_is_not_text() {
        let parts = read_first(
            "<li class=comment><div class=extra-wrap><span class=author>dottoressa</span><br>\
             März 7, 2018 <p>Liebe Claudia,<br>Du hast</p></div><div class=reply><a>Reply</a></div></li>",
            "li",
        );
        assert_eq!(parts.author.as_deref(), Some("dottoressa"));
        assert_eq!(parts.text, "Liebe Claudia,\nDu hast");
    }
}
