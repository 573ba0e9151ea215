//! A comment's parts read from what each element of its markup is, not from one system's
//! selectors: the author (a name, often a link to a profile), when it was posted (a `time`, a date
//! class, a permalink), the text (a text or content block, else everything that is none of the
//! other parts), an edit note and a score. Nested comments are never looked into.

use chrono::{DateTime, Utc};
use dom_query::{NodeId, NodeRef};

use super::commenter::{author_rank, name_before_date, name_of, says_line};
use super::element_kind::{
    SKIPPED_TAGS, first_rank, has_any, has_names, is_hidden, is_permalink, is_short_and, memo_test, names,
    tag, within,
};
use super::unit_chrome::{
    is_bare_or_self_link, is_control, is_meta_block, is_reply_form, is_small_widget, line_of, with_neighbours,
};
use super::{body_walk, clean, queries};
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

/// Whether the names name a date: a word (split at anything but letters and digits) that starts
/// or ends with a date stem (`comment-date`, `datetime`, `commentdate`, `kommentar-datum`), or is
/// one of the short time words (`age`, `ago`), so that `dsq-comment-message` names no age.
fn names_date(names: &str) -> bool {
    memo_test(names, DATE_WORDS.as_ptr() as usize, |names| {
        names.split(|c: char| !c.is_alphanumeric()).any(|word| {
            DATE_WORDS
                .iter()
                .any(|stem| word.starts_with(stem) || word.ends_with(stem))
                || matches!(word, "age" | "ago" | "when")
        })
    })
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
    let rank =
        first_rank(names, TEXT_WORDS).or_else(|| names.split_whitespace().any(|t| t == "md").then_some(0))?;
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
        date: date_node
            .as_ref()
            .and_then(queries::date_of)
            .or(date_on_name_line),
        timed: date_node.is_some() || date_on_name_line.is_some(),
        edited: survey
            .edited
            .map(|e| super::wpdiscuz::edited(&queries::line_text(&e))),
        score: survey.score.and_then(|s| first_integer(&queries::line_text(&s))),
        ..Parts::default()
    };
    let skip_always = |n: &NodeRef| {
        n.is_element() && is_unit(n)
            || survey.edited.is_some_and(|e| e.id == n.id)
            || survey.score.is_some_and(|s| s.id == n.id)
            || n.is_element() && (is_control(n) || is_bare_or_self_link(n) || is_small_widget(n))
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
        let text = clean::comment_text(&body_walk::text_without(candidate, &skip_always), &author_name);
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
            let mut text = body_walk::text_without(node, &skip);
            for follower in followers {
                let more = if skip(follower) {
                    String::new()
                } else {
                    body_walk::text_without(follower, &skip)
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

fn survey<'a>(
    node: &NodeRef<'a>,
    followers: &[NodeRef<'a>],
    is_unit: &dyn Fn(&NodeRef) -> bool,
) -> Survey<'a> {
    let mut found = Survey::default();
    // Read as names after the walk, surest first (a name is read from the text of its element).
    let mut author_candidates: Vec<(u8, NodeRef<'a>)> = Vec::new();
    // Each element with whether it lies in a text block: there only named elements can be parts
    // (a bold word in a comment is not its author), and the rest is walked without a look.
    let mut stack: Vec<(NodeRef<'a>, bool)> = followers.iter().rev().map(|f| (*f, false)).collect();
    stack.extend(
        node.children_it(true)
            .filter(NodeRef::is_element)
            .map(|c| (c, false)),
    );
    while let Some((element, in_text)) = stack.pop() {
        if is_unit(&element) {
            continue;
        }
        if in_text && !has_names(&element) && !element.has_attr("itemprop") && !element.has_name("time") {
            stack.extend(
                element
                    .children_it(true)
                    .filter(NodeRef::is_element)
                    .map(|c| (c, true)),
            );
            continue;
        }
        if is_hidden(&element) {
            continue;
        }
        let tag = tag(&element);
        if SKIPPED_TAGS.contains(&&*tag) || &*tag == "form" && is_reply_form(&element) {
            continue;
        }
        let names = names(&element);
        if let Some(rank) = author_rank(&element, &tag, &names) {
            author_candidates.push((rank, element));
        }
        if let Some(rank) = date_rank(&element, &tag, &names) {
            if found.date.is_none_or(|(best, _)| rank < best) && !queries::line_text(&element).is_empty() {
                found.date = Some((rank, element));
            }
        }
        let text_rank = text_rank(&tag, &names, &element);
        if let Some(rank) = text_rank {
            found.texts.push((rank, element));
        }
        let edit_note = has_any(&names, &["edited", "last-edit", "edit-note", "modified"])
            // An unnamed note in the text is found as a line of the text (`take_edit_note`).
            || !names.is_empty()
                && matches!(&*tag, "p" | "span" | "small" | "div" | "em")
                && is_short_and(&element, |t| t.chars().count() <= 80 && clean::is_edit_note(t));
        if found.edited.is_none() && edit_note {
            found.edited = Some(element);
        }
        if found.score.is_none()
            && has_any(&names, &["score", "points", "vote-count", "votes-count", "karma"])
            // The score as it would be after the reader's own vote (old Reddit shows one of three).
            && !has_any(&names, &["dislikes", " likes", "likes "])
            && first_integer(&queries::line_text(&element)).is_some()
        {
            found.score = Some(element);
        }
        let in_text = in_text || text_rank.is_some();
        stack.extend(
            element
                .children_it(true)
                .filter(NodeRef::is_element)
                .map(|c| (c, in_text)),
        );
    }
    author_candidates.sort_by_key(|(rank, _)| *rank);
    found.author = author_candidates
        .into_iter()
        .find_map(|(rank, element)| Some((rank, element, name_of(&element)?)));
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
        .find_map(|t| crate::comments::date_parse::parse(&t))
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
