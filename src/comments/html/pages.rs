//! Threads split over pages: the link to the next page of comments, found near the comments
//! (`rel=next`, WordPress's `comment-page-N` and `cpage=N`, Drupal's pager, HN's "More" link,
//! "Older comments" navigation), so the reader can say that more comments exist and where.

use std::collections::HashSet;
use std::sync::LazyLock;

use dom_query::{Document, NodeId, NodeRef};
use regex_lite::Regex;
use url::Url;

use super::element_kind::names;

/// How far above the comments' common container the navigation may sit.
const LEVELS_ABOVE: usize = 3;
/// Name parts of a pagination block or link.
const PAGER_WORDS: &[&str] = &[
    "morelink",
    "comment-nav",
    "comments-nav",
    "comment-pag",
    "comments-pag",
    "commentnav",
    "commentpag",
    "load-more",
    "loadmore",
    "more-comments",
];
/// Name parts of a pagination block that pages comments when it sits among them.
const GENERIC_PAGER_WORDS: &[&str] = &[
    "pagination",
    "pager",
    "pagenav",
    "nav-links",
    "page-numbers",
    "navigation",
];
/// Link texts that lead to further comments.
const NEXT_WORDS: &[&str] = &[
    "next",
    "older",
    "newer",
    "more",
    "weiter",
    "nächste",
    "ältere",
    "neuere",
    "mehr",
    "suivant",
    "anciens",
    "plus",
    "siguiente",
    "anteriores",
    "más",
    "successivo",
    "precedenti",
    "volgende",
    "oudere",
    "»",
    "›",
    "→",
];

/// The address of another page of this thread, when the page links to one.
pub(super) fn next_page(_doc: &Document, units: &[NodeRef], page_url: Option<&Url>) -> Option<String> {
    static PAGED_HREF: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)comment-page-\d+|[?&](?:cpage|comments?_?page|commentpage)=\d+")
            .expect("a constant pattern compiles")
    });
    // Numbered pages of anything: comments' only inside a pager among the comments.
    static NUMBERED_HREF: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)[?&](?:p|page)=\d+|/page-\d+/?$").expect("a constant pattern compiles")
    });
    let scope = common_container(units)?;
    let inside_units: HashSet<NodeId> = units.iter().map(|u| u.id).collect();
    let mut fallback = None;
    let mut stack: Vec<NodeRef> = scope.children_it(true).filter(NodeRef::is_element).collect();
    while let Some(node) = stack.pop() {
        if inside_units.contains(&node.id) {
            continue;
        }
        if node.has_name("a") {
            let Some(href) = node.attr("href").map(|h| h.trim().to_string()) else {
                continue;
            };
            if href.is_empty() || href.starts_with('#') || href.starts_with("javascript:") {
                continue;
            }
            let rel_next = node
                .attr("rel")
                .is_some_and(|r| r.to_lowercase().contains("next"));
            let numbered = NUMBERED_HREF.is_match(&href) && in_pager(&node, &scope, GENERIC_PAGER_WORDS);
            if !(PAGED_HREF.is_match(&href) || numbered || in_pager(&node, &scope, PAGER_WORDS)) {
                continue;
            }
            let Some(url) = absolute(&href, page_url).filter(|u| !same_page(u, page_url)) else {
                continue;
            };
            let text = node.text().to_lowercase();
            if rel_next || NEXT_WORDS.iter().any(|w| text.contains(w)) {
                return Some(url);
            }
            fallback = fallback.or(Some(url));
            continue;
        }
        stack.extend(node.children_it(true).filter(NodeRef::is_element));
    }
    fallback
}

/// The element holding all the units, raised a few levels to reach the thread's navigation.
fn common_container<'a>(units: &[NodeRef<'a>]) -> Option<NodeRef<'a>> {
    let first = units.first()?;
    let mut chain: Vec<NodeRef<'a>> = first.ancestors_it(None).collect();
    for unit in &units[1..] {
        let ancestors: HashSet<NodeId> = unit.ancestors_it(None).map(|a| a.id).collect();
        let keep = chain.iter().position(|a| ancestors.contains(&a.id))?;
        chain.drain(..keep);
    }
    let below_body = chain
        .iter()
        .position(|a| a.has_name("body") || a.has_name("html"))
        .unwrap_or(chain.len())
        .saturating_sub(1);
    chain.get(below_body.min(LEVELS_ABOVE)).copied()
}

fn in_pager(link: &NodeRef, scope: &NodeRef, words: &[&str]) -> bool {
    std::iter::once(*link)
        .chain(link.ancestors_it(Some(3)))
        .take_while(|n| n.id != scope.id)
        .any(|n| {
            let names = names(&n);
            words.iter().any(|w| names.contains(w))
                || words == GENERIC_PAGER_WORDS && n.attr("role").is_some_and(|r| &*r == "navigation")
        })
}

fn absolute(href: &str, page_url: Option<&Url>) -> Option<String> {
    match page_url {
        Some(base) => base.join(href).ok().map(|u| u.to_string()),
        None => Url::parse(href)
            .ok()
            .map(|u| u.to_string())
            .or_else(|| Some(href.to_string())),
    }
}

fn same_page(url: &str, page_url: Option<&Url>) -> bool {
    let strip = |u: &str| u.split('#').next().unwrap_or(u).trim_end_matches('/').to_string();
    page_url.is_some_and(|p| strip(p.as_str()) == strip(url))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_next_page_of_comments_is_found_beside_them() {
        let doc = Document::from(
            "<div id=comments><ol><li class=c>a</li><li class=c>b</li></ol><div class=comment-navigation>\
             <a href='/post/comment-page-2/#comments'>Older Comments</a></div></div>\
             <nav><a href='/page/2/' rel=next>Next post</a></nav>",
        );
        let units = doc.select("li.c").nodes().to_vec();
        let url = Url::parse("https://blog.example/post/").unwrap();
        assert_eq!(
            next_page(&doc, &units, Some(&url)).as_deref(),
            Some("https://blog.example/post/comment-page-2/#comments")
        );
        let single = Document::from("<div id=comments><ol><li class=c>a</li></ol></div>");
        let units = single.select("li.c").nodes().to_vec();
        assert_eq!(next_page(&single, &units, Some(&url)), None);
    }
}
