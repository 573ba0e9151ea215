//! The structural thread reader: a page's comments found by their shape, for any comment system.
//!
//! Candidate groups ([`units`]) are read unit by unit ([`parts`]): a group is a thread when most
//! of its units hold a name and a text (and, unless each names itself a comment, say when they
//! were posted). The group with the most comments wins; depth comes from whatever the page gives
//! ([`depth`]). Known systems' adapters are checked against this reader ([`health`]).

use std::collections::HashSet;

use dom_query::{Document, NodeId, NodeRef};
use url::Url;

use super::element_kind::names;
use super::parts::{self, Parts};
use super::units::{self, Found, Group};
use super::{clean, depth, pages};
use crate::comments::model::{Comment, Pingback, Source, Thread};
use crate::comments::tree::{self, FlatComment, Prefer};

/// Groups read at most, largest first: enough for any page's candidates, bounded on hostile ones.
const MAX_GROUPS: usize = 24;

/// Fewest characters (not counting spaces) a comment of a group that does not name itself
/// comments holds on average: a list of cards with a title and a label is no thread. Characters,
/// not words: Chinese and Japanese comments have no spaces.
const MIN_AVERAGE_CHARS: usize = 15;

/// Members of a group read to judge it; only the group judged best is read whole.
const SAMPLE: usize = 16;

/// How a group reads, from a sample of its members.
struct Judgement {
    /// Comments the whole group is expected to hold.
    valid: usize,
    /// The share of its members that are comments.
    share: f64,
}

/// The page's comment thread found by structure, or `None`.
pub(super) fn extract(doc: &Document, page_url: Option<&Url>) -> Option<Thread> {
    let mut judged: Vec<(Judgement, Group)> = units::groups(doc)
        .into_iter()
        .take(MAX_GROUPS)
        .filter_map(|group| Some((judge(&group)?, group)))
        .collect();
    // Most comments; then the group most of whose members are comments (a wrapper around the
    // whole section reads as one comment too); then the outer of two that read alike (the
    // element that carries the comment's depth and reply classes).
    judged.sort_by(|(a, ga), (b, gb)| {
        (b.valid, b.share, ga.position)
            .partial_cmp(&(a.valid, a.share, gb.position))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    let reading = judged.iter().find_map(|(_, group)| {
        let all: Vec<usize> = (0..group.members.len()).collect();
        let (units, verdict) = read_members(group, &all);
        verdict.then_some(units)
    })?;
    Some(thread_of(doc, reading, page_url))
}

/// A group judged by a sample of its members spread over it, or `None` when it is no thread.
fn judge(group: &Group) -> Option<Judgement> {
    let count = group.members.len();
    let sample: Vec<usize> = if count <= SAMPLE {
        (0..count).collect()
    } else {
        (0..SAMPLE).map(|i| i * count / SAMPLE).collect()
    };
    let (units, verdict) = read_members(group, &sample);
    if !verdict {
        return None;
    }
    let valid = units.iter().filter(|(_, r)| is_comment(r)).count();
    Some(Judgement {
        valid: valid * count / sample.len().max(1),
        share: valid as f64 / sample.len().max(1) as f64,
    })
}

/// The members at `indices` read, and whether they read as a thread.
fn read_members<'a>(group: &Group<'a>, indices: &[usize]) -> (Vec<(NodeRef<'a>, Parts)>, bool) {
    let ids: HashSet<NodeId> = group.members.iter().map(|m| m.id).collect();
    let is_unit = |n: &NodeRef| ids.contains(&n.id);
    let mut units = Vec::with_capacity(indices.len());
    let mut valid = 0;
    let mut timed = 0;
    for &i in indices {
        let member = &group.members[i];
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
    let enough = valid >= 1 && valid * 2 >= indices.len();
    // Units that do not name themselves comments must say when they were posted: a list of
    // names and texts alone (a team page, a product grid) is no thread.
    let sure =
        group.found == Found::Named || timed * 2 >= valid && holds_text(&units, valid * MIN_AVERAGE_CHARS);
    // A single comment is a thread only when it names itself one and states its time.
    let single_ok = valid > 1 || group.found != Found::Lifted && timed == 1;
    (units, enough && sure && single_ok)
}

/// Whether the comments among `units` hold at least `wanted` characters besides spaces (counted
/// no further than that).
fn holds_text(units: &[(NodeRef, Parts)], wanted: usize) -> bool {
    let mut seen = 0;
    for (_, read) in units.iter().filter(|(_, r)| is_comment(r)) {
        for c in read.text.chars() {
            seen += usize::from(!c.is_whitespace());
            if seen >= wanted {
                return true;
            }
        }
    }
    seen >= wanted
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

fn thread_of(doc: &Document, reading: Vec<(NodeRef, Parts)>, page_url: Option<&Url>) -> Thread {
    let nodes: Vec<NodeRef> = reading.iter().map(|(n, _)| *n).collect();
    let ids: HashSet<NodeId> = nodes.iter().map(|n| n.id).collect();
    let root = common_ancestor(&nodes).unwrap_or_else(|| doc.root());
    let depths = depth::depths(&root, &nodes, &|n: &NodeRef| ids.contains(&n.id));
    let mut thread = Thread::new(Source::Generic, page_url.map(Url::to_string));
    let mut flat = Vec::with_capacity(reading.len());
    for ((node, read), depth) in reading.into_iter().zip(depths) {
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

/// The nearest element holding all of `nodes` (given in document order): the one holding the
/// first and the last.
fn common_ancestor<'a>(nodes: &[NodeRef<'a>]) -> Option<NodeRef<'a>> {
    let (first, last) = (nodes.first()?, nodes.last()?);
    let above_first: HashSet<NodeId> = first.ancestors_it(None).map(|a| a.id).collect();
    last.ancestors_it(None).find(|a| above_first.contains(&a.id))
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
        .map(super::queries::line_text)
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
