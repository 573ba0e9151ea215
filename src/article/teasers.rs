//! Lists of teaser cards, whatever their names: three or more sibling items of one kind, each a
//! short card that points at another page twice (a picture link and a title link to the same
//! target, often a category link too). "Most read", "related" and "more from" blocks are built this
//! way; an article's own list links a target once per item, inside its sentences.

use std::collections::HashSet;

use dom_query::{Document, NodeRef};

use super::dom::{is_named, visible_chars};
use super::guard::Guard;

/// Fewer cards than this are a pair of links, not a list of teasers.
const MIN_CARDS: usize = 3;
/// A card holds a title and a line or two of summary, byline and date.
const MAX_CARD_CHARS: usize = 400;
/// A list whose text is more than this share of the page is the page (an index of stories).
const MAX_TEXT_SHARE: f32 = 0.3;

/// Removes lists of teaser cards (see the module notes).
pub fn remove_card_lists(doc: &Document, guard: &Guard) {
    let mut lists: Vec<NodeRef<'_>> = Vec::new();
    let mut seen: HashSet<dom_query::NodeId> = HashSet::new();
    for link in doc.select("a[href]").nodes() {
        let Some(parent) = card_list_around(link) else {
            continue;
        };
        if seen.insert(parent.id) && is_card_list(&parent) {
            lists.push(parent);
        }
    }
    for list in lists {
        if list.parent().is_some() && !guard.protects(&list) && guard.text_share(&list) < MAX_TEXT_SHARE {
            list.remove_from_parent();
        }
    }
}

/// The element whose children may be the cards around `link`: the parent of the link's item, a
/// few levels up.
fn card_list_around<'a>(link: &NodeRef<'a>) -> Option<NodeRef<'a>> {
    link.ancestors_it(Some(6))
        .find(|a| is_named(a, &["li", "article"]))
        .and_then(|item| item.parent())
}

/// `list` has at least `MIN_CARDS` children of one kind, and two thirds of them are cards.
fn is_card_list(list: &NodeRef<'_>) -> bool {
    let items: Vec<(NodeRef<'_>, Option<(String, String)>)> = list
        .element_children()
        .into_iter()
        .map(|item| (item, kind_of(&item)))
        .collect();
    if items.len() < MIN_CARDS {
        return false;
    }
    let mut counts: Vec<(&(String, String), usize)> = Vec::new();
    for kind in items.iter().filter_map(|(_, kind)| kind.as_ref()) {
        match counts.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, count)) => *count += 1,
            None => counts.push((kind, 1)),
        }
    }
    let Some(&(kind, same)) = counts.iter().max_by_key(|(_, count)| *count) else {
        return false;
    };
    if same < MIN_CARDS {
        return false;
    }
    let cards = items
        .iter()
        .filter(|(item, k)| k.as_ref() == Some(kind) && is_card(item))
        .count();
    cards >= MIN_CARDS && cards * 3 >= same * 2
}

/// An item's kind: its tag and first class.
fn kind_of(node: &NodeRef<'_>) -> Option<(String, String)> {
    let tag = node.node_name()?.to_ascii_lowercase();
    let class = node
        .attr("class")
        .and_then(|c| c.split_whitespace().next().map(str::to_string))
        .unwrap_or_default();
    Some((tag, class))
}

/// A short item that links one other page at least twice.
fn is_card(item: &NodeRef<'_>) -> bool {
    if visible_chars(item) > MAX_CARD_CHARS {
        return false;
    }
    let mut targets: Vec<String> = Vec::new();
    for link in item.descendants_it().filter(|n| n.has_name("a")) {
        let Some(href) = link.attr("href") else {
            continue;
        };
        let target = href.split('#').next().unwrap_or_default().trim().to_string();
        if target.is_empty() || target.starts_with("javascript:") {
            continue;
        }
        if targets.contains(&target) {
            return true;
        }
        targets.push(target);
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Names;
    use crate::article::dom::collapse;

    fn after(html: &str) -> String {
        let doc = Document::from(html);
        let guard = Guard::new(&doc, Names::Read);
        remove_card_lists(&doc, &guard);
        collapse(&doc.select("body").text())
    }

    fn article() -> String {
        "<p>The article's own prose goes on here for a good while, sentence after sentence. </p>".repeat(20)
    }

    fn card(n: usize) -> String {
        format!(
            "<li class='c'><a href='/story-{n}/'><div style=\"background-image:url(x{n}.jpg)\"></div></a>\
             <a href='/story-{n}/'>Headline number {n}</a><div>A short summary of story {n}.</div>\
             <div>by Someone · June {n}, 2023</div></li>"
        )
    }

    #[test]
    fn a_list_of_cards_linking_each_story_twice_goes() {
        let cards: String = (1..=5).map(card).collect();
        let text = after(&format!(
            "<body><div class='post'>{}</div><div><h3>Most popular</h3><ul>{cards}</ul></div></body>",
            article()
        ));
        assert!(!text.contains("A short summary"), "{text}");
        assert!(text.contains("own prose"), "{text}");
    }

    #[test]
    fn an_article_list_linking_each_target_once_stays() {
        let items: String = (1..=5)
            .map(|n| format!("<li>Step {n}: open <a href='/tool-{n}'>the tool</a> and check it.</li>"))
            .collect();
        let text = after(&format!(
            "<body><div class='post'>{}<ul>{items}</ul></div></body>",
            article()
        ));
        assert!(text.contains("Step 3: open the tool"), "{text}");
    }
}
