//! The structural thread reader: a page's comments found by their shape, for any comment system.
//!
//! Candidate groups ([`units`]) are read unit by unit ([`parts`]): a group is a thread when most
//! of its units hold a name and a text (and, unless each names itself a comment, say when they
//! were posted). The group with the most comments wins; depth comes from whatever the page gives
//! ([`depth`]). Known systems' adapters are checked against this reader ([`health`]).

use std::collections::HashSet;

use dom_query::{Document, NodeId, NodeRef};
use url::Url;

use super::parts::{self, Parts, names};
use super::units::{self, Found, Group};
use super::{clean, depth, pages};
use crate::comments::model::{Comment, Pingback, Source, Thread};
use crate::comments::tree::{self, FlatComment, Prefer};

/// Groups read at most, largest first: enough for any page's candidates, bounded on hostile ones.
const MAX_GROUPS: usize = 24;

/// Fewest words a comment of a group that does not name itself comments holds on average (a list
/// of cards with a title and a label is no thread).
const MIN_AVERAGE_WORDS: usize = 3;

/// A group read as a thread.
struct Reading<'a> {
    units: Vec<(NodeRef<'a>, Parts)>,
    valid: usize,
    first: usize,
}

/// The page's comment thread found by structure, or `None`.
pub(super) fn extract(doc: &Document, page_url: Option<&Url>) -> Option<Thread> {
    let groups = units::groups(doc);
    let mut best: Option<Reading> = None;
    for group in groups.into_iter().take(MAX_GROUPS) {
        let Some(reading) = read_group(&group) else {
            continue;
        };
        // Most comments; then the group most of whose members are comments (a wrapper around the
        // whole section reads as one comment too); then the outer of two that read alike (the
        // element that carries the comment's depth and reply classes).
        let share = |r: &Reading| r.valid as f64 / r.units.len().max(1) as f64;
        let better = best
            .as_ref()
            .is_none_or(|b| (reading.valid, share(&reading), b.first) > (b.valid, share(b), reading.first));
        if better {
            best = Some(reading);
        }
    }
    let reading = best?;
    Some(thread_of(doc, reading, page_url))
}

fn read_group<'a>(group: &Group<'a>) -> Option<Reading<'a>> {
    let ids: HashSet<NodeId> = group.members.iter().map(|m| m.id).collect();
    let is_unit = |n: &NodeRef| ids.contains(&n.id);
    let mut units = Vec::with_capacity(group.members.len());
    let mut valid = 0;
    let mut timed = 0;
    for (i, member) in group.members.iter().enumerate() {
        let next = group.members.get(i + 1).map(|n| n.id);
        let mut read = parts::read(member, &[], &is_unit);
        if read.author.is_some() && read.text.is_empty() {
            // A unit may span its next siblings: `dt` (name, date) + `dd` (text).
            let followers = followers(member, next);
            if !followers.is_empty() {
                read = parts::read(member, &followers, &is_unit);
            }
        }
        if is_comment(&read) {
            valid += 1;
            timed += usize::from(read.timed);
        }
        units.push((*member, read));
    }
    let enough = valid >= 1 && valid * 2 >= group.members.len();
    // Units that do not name themselves comments must say when they were posted: a list of
    // names and texts alone (a team page, a product grid) is no thread.
    let words: usize = units
        .iter()
        .filter(|(_, r)| is_comment(r))
        .map(|(_, r)| r.text.split_whitespace().count())
        .sum();
    let sure = group.found == Found::Named || timed * 2 >= valid && words >= valid * MIN_AVERAGE_WORDS;
    // A single comment is a thread only when it names itself one and states its time.
    let single_ok = valid > 1 || group.found != Found::Lifted && timed == 1;
    (enough && sure && single_ok).then_some(Reading {
        first: group.position,
        units,
        valid,
    })
}

/// The sibling elements after `unit` up to the next unit (at most two): where a `dt`'s text is.
fn followers<'a>(unit: &NodeRef<'a>, next: Option<NodeId>) -> Vec<NodeRef<'a>> {
    let mut out = Vec::new();
    let mut sibling = unit.next_element_sibling();
    while let Some(node) = sibling {
        if Some(node.id) == next
            || out.len() == 2
            || units::names_comment(&names(&node)) && node.has_name("dt")
        {
            break;
        }
        out.push(node);
        sibling = node.next_element_sibling();
    }
    out
}

fn is_comment(read: &Parts) -> bool {
    read.author.is_some() && !read.text.is_empty() && read.author.as_deref() != Some(read.text.as_str())
}

fn thread_of(doc: &Document, reading: Reading, page_url: Option<&Url>) -> Thread {
    let nodes: Vec<NodeRef> = reading.units.iter().map(|(n, _)| *n).collect();
    let ids: HashSet<NodeId> = nodes.iter().map(|n| n.id).collect();
    let depths = depth::depths(&doc.root(), &nodes, &|n: &NodeRef| ids.contains(&n.id));
    let mut thread = Thread::new(Source::Generic, page_url.map(Url::to_string));
    let mut flat = Vec::with_capacity(reading.units.len());
    for ((node, read), depth) in reading.units.into_iter().zip(depths) {
        if !is_comment(&read) {
            // A deleted comment stays as a placeholder that holds its replies in place.
            let deleted = match read.author.as_deref() {
                // The stub's text may repeat the name "[deleted]" and be cleaned away with it.
                Some(name) => {
                    clean::is_deleted_note(name)
                        && (read.text.is_empty() || clean::is_deleted_note(&read.text))
                }
                None => clean::is_deleted_note(&read.text),
            };
            if deleted {
                flat.push(FlatComment {
                    key: node.id_attr().map(|id| id.to_string()),
                    parent: None,
                    depth: Some(depth),
                    comment: Comment::deleted(node.id_attr().map(|id| id.to_string()).unwrap_or_default()),
                });
            }
            continue;
        }
        if let Some(pingback) = pingback(&node, &read) {
            thread.pingbacks.push(pingback);
            continue;
        }
        let key = node.id_attr().map(|id| id.to_string());
        let mut comment = Comment::new(key.clone().unwrap_or_default(), read.author.as_deref(), read.text);
        comment.date = read.date;
        comment.score = read.score;
        comment.edited = read.edited;
        flat.push(FlatComment {
            key,
            parent: None,
            depth: Some(depth),
            comment,
        });
    }
    thread.comments = tree::build(flat, Prefer::Depth);
    thread.next_page = pages::next_page(doc, &nodes, page_url);
    thread
}

/// A pingback or trackback: named so by its class, or by the first word of its text.
fn pingback(node: &NodeRef, read: &Parts) -> Option<Pingback> {
    let names = names(node);
    let by_name = names.contains("pingback")
        || names.contains("trackback")
        || names
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| w == "ping" || w == "pings");
    let text = read
        .text
        .trim_start_matches(|c: char| c.is_ascii_digit() || matches!(c, '.' | '*' | '-' | ' '));
    let author = read.author.clone().unwrap_or_default();
    // "Pingback: Title" as the text, or "Pingback von Title" as the name.
    let said = clean::pingback_title(text).or_else(|| clean::pingback_title(&author));
    if said.is_none() && !by_name {
        return None;
    }
    let link = dom_query::Selection::from(*node).select("a[href]");
    let title = link
        .nodes()
        .first()
        .map(super::dom::line_text)
        .filter(|t| !t.is_empty())
        .or(said.map(str::to_string))
        .unwrap_or(author);
    Some(Pingback {
        title,
        url: link.attr("href").map(|h| h.to_string()),
    })
}

/// How much of a thread reads as people's comments (0 to 1): each comment with a name, a text
/// that is not a date or a label, and a name that is not a sentence.
pub(super) fn health(thread: &Thread) -> f64 {
    let (mut good, mut all) = (0usize, 0usize);
    for (comment, _) in thread.preorder() {
        all += 1;
        let first_line = comment.text.lines().next().unwrap_or("");
        let named = comment.author != crate::comments::model::ANONYMOUS
            && comment.author.chars().count() <= 60
            && !comment.author.ends_with([',', ':'])
            && !clean::is_date_line(&comment.author);
        let texted = !comment.text.trim().is_empty()
            && !clean::is_date_line(first_line)
            && !clean::is_ui_word(first_line)
            && !first_line.starts_with("* ");
        good += usize::from(named && texted);
    }
    // An empty thread reads as nothing wrong (a system showing "no comments yet", or pingbacks).
    if all == 0 { 1.0 } else { good as f64 / all as f64 }
}
