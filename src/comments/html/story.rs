//! The story of a discussion site's own page (a Hacker News item page): on such a page the story
//! (title, link, self text) is the article, and everything around it is the site's navigation,
//! which an article extractor would keep (`.pagetop` links, the `.yclinks` footer).

use dom_query::{Document, Selection};
use url::Url;

use super::body_walk;
use super::queries;
use super::raw_bodies::RawBodies;
use crate::comments::api::Story;

/// The story of a Hacker News item page (`table.fatitem` around the submission; see
/// `markup-patterns.md` §5; before 2016 the table had no class, and the page says `op="item"`), or
/// `None` for any other page.
pub(super) fn hacker_news(doc: &Document, page_url: Option<&Url>) -> Option<Story> {
    let fatitem = doc.select("table.fatitem");
    let item = if fatitem.exists() {
        fatitem
    } else if doc.select("html[op=item]").exists() {
        // The first table with a story's subtext line.
        let subtext = doc.select("td.subtext");
        let table = subtext
            .nodes()
            .first()?
            .ancestors_it(None)
            .find(|a| a.has_name("table"))?;
        Selection::from(table)
    } else {
        return None;
    };
    let title_link = item.select(".titleline > a, a.storylink, td.title > a");
    let title = title_link.nodes().first().map(queries::line_text)?;
    // A self post (Ask HN) links to its own item page: no link then.
    let url = title_link
        .attr("href")
        .filter(|href| !href.starts_with("item?"))
        .map(|href| absolute(&href, page_url));
    let first_text = |selection: Selection| selection.nodes().first().map(queries::line_text);
    let text = item
        .select(".toptext")
        .nodes()
        .first()
        .copied()
        .or_else(|| self_text_before_toptext(&item))
        .map(|node| body_walk::body_text(&node, &RawBodies::none()))
        .unwrap_or_default();
    let score = first_text(item.select(".score"))
        .and_then(|s| s.split_whitespace().next().and_then(|n| n.parse().ok()));
    Some(Story {
        title,
        text,
        url,
        author: first_text(item.select(".hnuser, .subtext a[href^='user?id=']")),
        score,
    })
}

/// A self post's text in pages older than `.toptext`: the first cell with text in a row after the
/// subtext row, that is not the comment form's.
fn self_text_before_toptext<'a>(item: &Selection<'a>) -> Option<dom_query::NodeRef<'a>> {
    let rows = item.select("tr").nodes().to_vec();
    let after = rows
        .iter()
        .position(|r| Selection::from(*r).select("td.subtext").exists())?;
    rows[after + 1..].iter().find_map(|row| {
        let cell = row.element_children().into_iter().rfind(|c| c.has_name("td"))?;
        let holds_form = Selection::from(cell).select("form").exists();
        (!holds_form && !queries::line_text(&cell).is_empty()).then_some(cell)
    })
}

/// `href` resolved against the page's URL when there is one.
fn absolute(href: &str, page_url: Option<&Url>) -> String {
    page_url
        .and_then(|base| base.join(href).ok())
        .map_or_else(|| href.to_string(), |url| url.to_string())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_story_of_an_item_page_without_its_navigation() {
        let doc = Document::from(
            "<center><table id=hnmain><tr><td><span class=pagetop><b class=hnname><a href=news>Hacker News</a></b>\
             <a href=newest>new</a> | <a href=front>past</a></span></td></tr><tr><td>\
             <table class=fatitem><tr class='athing submission' id=5><td class=title><span class=titleline>\
             <a href='https://e.org/post'>A post</a></span></td></tr><tr><td class=subtext><span class=subline>\
             <span class=score>42 points</span> by <a class=hnuser href='user?id=ada'>ada</a></span></td></tr>\
             <tr><td><div class=toptext>Self <i>text</i><p>more</div></td></tr></table></td></tr></table>\
             <span class=yclinks><a href=newsguidelines.html>Guidelines</a> | <a href=faq.html>FAQ</a></span></center>",
        );
        let story = hacker_news(&doc, None).unwrap();
        assert_eq!(story.title, "A post");
        assert_eq!(story.url.as_deref(), Some("https://e.org/post"));
        assert_eq!(story.author.as_deref(), Some("ada"));
        assert_eq!(story.score, Some(42));
        assert_eq!(story.text, "Self text\n\nmore");
        let page = Document::from(
            "<table><tr><td><span class=pagetop><a href=news>Hacker News</a></span></td></tr></table>",
        );
        assert_eq!(hacker_news(&page, None), None);
    }
}
