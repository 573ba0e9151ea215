//! The article's lead (standfirst, deck, subtitle, excerpt): themes put it in the header beside
//! the title, outside the body container Readability keeps, so the body would start without it.
//! Found before Readability runs (it rewrites the document), put back at the top of the body when
//! the body does not already hold it.

use std::collections::HashSet;

use dom_query::{Document, NodeId, NodeRef};

use super::chrome_words::is_caption_word;
use super::dom::{collapse, is_named, link_density};
use super::names::attribute_words;

/// Shorter than this is a label or a kicker, not a lead.
const MIN_LEAD_CHARS: usize = 30;
/// Longer than this is a body (or a wrapper around it), not a lead.
const MAX_LEAD_CHARS: usize = 1000;
/// How far above the lead the title's ancestors may be: the lead sits in the title's header.
const MAX_LEVELS_FROM_TITLE: usize = 3;
/// Characters of the lead looked for in the body (its start: spacing and entities may differ later).
const PROBE_CHARS: usize = 40;

/// A paragraph right after the title, with no class naming it, needs this much text to be a lead.
const MIN_UNNAMED_LEAD_CHARS: usize = 60;

/// The candidates for the page's lead, surest first: the block that repeats the page's
/// description meta, then the first element near the main heading (the first `h1` with text; an
/// empty one is a logo) whose class names a lead, a subtitle in the heading's `hgroup`, or else a
/// paragraph or a long subheading right after the heading. Empty when the page has none.
pub fn find(doc: &Document, described: Option<String>) -> Vec<String> {
    let described_node = described.as_ref().and_then(|text| block_with_text(doc, text));
    // A standfirst comes before the body's first paragraph, which the description often quotes: a
    // lead-named block after it is a teaser or an ad further down.
    let placed =
        beside_title(doc).filter(|placed| described_node.is_none_or(|d| comes_first(doc, placed, &d)));
    let mut leads: Vec<String> = described.into_iter().collect();
    if let Some(placed) = placed.map(|n| collapse(&n.text())).filter(|l| !leads.contains(l)) {
        leads.push(placed);
    }
    leads
}

/// The first block of `doc` whose text is `text`.
fn block_with_text<'a>(doc: &'a Document, text: &str) -> Option<NodeRef<'a>> {
    doc.select("p, div, h2, h3, h4, span, section, strong")
        .nodes()
        .iter()
        .copied()
        .find(|node| collapse(&node.text()) == text)
}

/// `a` comes before `b` in the document (and is not inside it).
fn comes_first(doc: &Document, a: &NodeRef<'_>, b: &NodeRef<'_>) -> bool {
    doc.root()
        .descendants_it()
        .find(|n| n.id == a.id || n.id == b.id)
        .is_some_and(|first| first.id == a.id)
}

/// The lead found by its place and names near the main heading.
fn beside_title<'a>(doc: &'a Document) -> Option<NodeRef<'a>> {
    let h1 = super::dom::main_heading(doc)?;
    let near_title: HashSet<NodeId> = h1.ancestors_it(None).map(|a| a.id).collect();
    let named = doc
        .select("p, div, h2, h3, h4, span, section")
        .nodes()
        .iter()
        .copied()
        .filter(|node| is_lead_candidate(node))
        .filter(|node| {
            node.ancestors_it(Some(MAX_LEVELS_FROM_TITLE))
                .any(|a| near_title.contains(&a.id) && !is_named(&a, &["html", "body"]))
        })
        .find(|node| (MIN_LEAD_CHARS..=MAX_LEAD_CHARS).contains(&collapse(&node.text()).chars().count()));
    named.or_else(|| {
        h1.next_element_sibling()
            .filter(|n| is_named(n, &["p", "h2", "h3"]) && link_density(n) < 0.5)
            .filter(|n| {
                (MIN_UNNAMED_LEAD_CHARS..=MAX_LEAD_CHARS).contains(&collapse(&n.text()).chars().count())
            })
    })
}

/// The start of the description looked for in text nodes.
const DESCRIPTION_OPENING_CHARS: usize = 30;
/// A text node holding only part of that opening must hold this many bytes of it.
const MIN_OPENING_PART: usize = 8;
/// How far above that text node the lead's block may be (inline markup, a wrapper or two).
const MAX_DESCRIBED_LEVELS: usize = 4;

/// A lead may say a sentence or two more than the description that quotes it.
const MAX_LEAD_BEYOND_DESCRIPTION: usize = 300;

/// The text of the block that repeats the page's description (`description` / `og:description`
/// meta): sites fill that meta with the standfirst, wherever the theme puts the standfirst itself
/// (a header, a sidebar beside the body, an `h2` under the title). Read before chrome removal,
/// which takes such sidebars; not from links, lists, figures, navigation, footers or hidden
/// elements (teasers of this page elsewhere, share dialogs).
pub fn described(doc: &Document) -> Option<String> {
    let description = [
        "meta[name=description]",
        "meta[property='og:description']",
        "meta[name='twitter:description']",
    ]
    .iter()
    .filter_map(|css| doc.select_single(css).attr("content"))
    .map(|d| collapse(&d))
    .find(|d| d.chars().count() >= MIN_UNNAMED_LEAD_CHARS)?;
    // A description cut short ends in an ellipsis: the block starts with the rest.
    let probe = description.trim_end_matches(['…', '.', ' ']).to_string();
    // The block's first text node starts the way the description does: find those text nodes
    // first (cheap), then the block around each.
    let opening: String = probe.chars().take(DESCRIPTION_OPENING_CHARS).collect();
    let body = doc.select_single("body");
    let body = body.nodes().first().copied()?;
    body.descendants_it()
        .filter(|n| {
            n.is_text() && {
                // Inline markup may cut the opening into several text nodes.
                let start = collapse(&n.text());
                start.starts_with(&opening) || start.len() >= MIN_OPENING_PART && opening.starts_with(&start)
            }
        })
        .find_map(|text| {
            text.ancestors_it(Some(MAX_DESCRIBED_LEVELS))
                .filter(|a| is_named(a, &["p", "div", "h2", "h3", "h4", "span", "section", "strong"]))
                .map(|block| (block, collapse(&block.text())))
                .take_while(|(_, text)| text.chars().count() <= MAX_LEAD_CHARS)
                .find(|(_, text)| {
                    *text == description
                        || text.starts_with(&probe)
                            && text.len() <= description.len() + MAX_LEAD_BEYOND_DESCRIPTION
                })
                .filter(|(block, _)| {
                    !std::iter::once(*block)
                        .chain(block.ancestors_it(None))
                        .any(|a| is_elsewhere(&a))
                })
                .map(|(_, text)| text)
        })
        .filter(|block| block.chars().count() >= MIN_LEAD_CHARS)
}

/// Where a page repeats its own description without it being the lead: a teaser of the page in a
/// link, a list or a figure, the navigation or the footer, a hidden share dialog.
fn is_elsewhere(node: &NodeRef<'_>) -> bool {
    is_named(node, &["a", "li", "figure", "nav", "footer", "head", "noscript"])
        || node.has_attr("hidden")
        || node.attr("aria-hidden").is_some_and(|v| v.trim() == "true")
        || node.attr("style").is_some_and(|style| {
            let style: String = style.split_whitespace().collect();
            style.contains("display:none")
        })
}

/// Puts the first of `leads` that the extracted body lacks at its top. A candidate the body already
/// holds (a description that quotes the first paragraph) gives way to the next; one restored lead
/// is enough.
pub fn restore(content: &Document, leads: &[String]) {
    let text = collapse(&content.root().text());
    let Some(lead) = leads.iter().find(|lead| {
        let probe: String = lead.chars().take(PROBE_CHARS).collect();
        !text.contains(&probe)
    }) else {
        return;
    };
    let body = content.select_single("body");
    let Some(body) = body.nodes().first().copied() else {
        return;
    };
    body.prepend_html(format!("<p>{}</p>", crate::markup::entities::escape(lead)));
}

fn is_lead_candidate(node: &NodeRef<'_>) -> bool {
    let subtitle = is_named(node, &["h2", "h3", "h4"]) && node.parent().is_some_and(|p| p.has_name("hgroup"));
    let words = attribute_words(&node.attr("class").unwrap_or_default());
    let named_lead = words.iter().any(|w| is_lead_word(w))
        // A site's tagline beside its logo is not the article's lead, nor is an image's description.
        && !words.iter().any(|w| matches!(w.as_str(), "site" | "logo" | "brand" | "tagline" | "slogan"))
        && !words.iter().any(|w| is_caption_word(w) || matches!(w.as_str(), "image" | "photo" | "img"));
    (subtitle || named_lead)
        && !node
            .ancestors_it(None)
            .any(|a| is_named(&a, &["a", "li", "figure", "nav", "aside", "footer"]))
        // A standfirst is prose: a block holding the title or a list (rubric and kicker) is not one.
        && !super::dom::within(node, "h1, li").exists()
        && link_density(node) < 0.5
}

/// Class words naming a lead, in several languages.
fn is_lead_word(word: &str) -> bool {
    matches!(
        word,
        "lead"
            | "lede"
            | "standfirst"
            | "subtitle"
            | "subheadline"
            | "subhead"
            | "deck"
            | "dek"
            | "excerpt"
            | "summary"
            | "intro"
            | "teaser"
            | "abstract"
            | "description"
            | "bajada"
            | "entradilla"
            | "copete"
            | "chapo"
            | "chapeau"
            | "vorspann"
            | "einleitung"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lead_beside_the_title_goes_back_on_top_of_the_body() {
        let page = Document::from(
            "<body><header class='site-header'><h1 class='site-title'>Site</h1>\
             <p class='site-description'>All the news about everything, every day.</p></header>\
             <article><header><h1>The Title</h1><p class='article-lead'>The lead says what \
             happened, & why it matters.</p></header><div class='body'><p>Body.</p></div></article>\
             <ul><li><p class='teaser'>Another story's teaser text that is long enough.</p></li></ul></body>",
        );
        // The first h1 here is the site's; its tagline is not a lead.
        assert!(find(&page, described(&page)).is_empty());

        let page = Document::from(
            "<body><article><header><h1>The Title</h1><p class='article-lead'>The lead says what \
             happened, &amp; why it matters.</p></header><div class='body'><p>Body.</p></div></article></body>",
        );
        let leads = find(&page, described(&page));
        assert_eq!(leads, ["The lead says what happened, & why it matters."]);
        let content = Document::from("<div><p>Body.</p></div>");
        restore(&content, &leads);
        let paragraphs: Vec<String> = content.select("p").iter().map(|p| p.text().to_string()).collect();
        assert_eq!(
            paragraphs,
            ["The lead says what happened, & why it matters.", "Body."]
        );
        // Once is enough.
        restore(&content, &leads);
        assert_eq!(content.select("p").length(), 2);
    }

    #[test]
    fn a_paragraph_right_after_the_title_is_a_lead_and_an_empty_logo_heading_is_no_title() {
        let page = Document::from(
            "<body><h1 class='logo'><img src='logo.png'></h1><header><h1>The Real Title</h1>\
             <p>A paragraph right after the title, long enough to be this story's lead.</p></header>\
             <div><p>Body.</p></div></body>",
        );
        assert_eq!(
            find(&page, described(&page)),
            ["A paragraph right after the title, long enough to be this story's lead."]
        );
        let short = Document::from("<body><h1>The Real Title</h1><p>By Jane Doe</p></body>");
        assert!(find(&short, described(&short)).is_empty());
    }

    #[test]
    fn the_block_that_repeats_the_page_description_is_a_lead() {
        let page = Document::from(
            "<head><meta name='description' content='Rain, storms and snow are forecast for the centre \
             and the south today. Fine weather returns within hours…'></head><body><div class='top'>\
             <h1>Cold front</h1></div><ul><li><p>Rain, storms and snow are forecast for the centre and the \
             south today. Fine weather returns within hours.</p></li></ul><div class='hd'><div><span>\
             Rain, storms and snow are forecast for the centre and the south today. Fine weather returns \
             within hours.</span></div></div><div><p>Body.</p></div></body>",
        );
        assert_eq!(
            find(&page, described(&page)),
            [
                "Rain, storms and snow are forecast for the centre and the south today. Fine weather returns within hours."
            ]
        );
    }

    #[test]
    fn a_description_the_body_already_holds_gives_way_to_the_lead_beside_the_title() {
        let page = Document::from(
            "<head><meta name='description' content='The first paragraph of the body, which the \
             description meta quotes word for word.'></head><body><h1>Title</h1>\
             <p class='standfirst'>The standfirst, which no meta quotes at all.</p><div>\
             <p>The first paragraph of the body, which the description meta quotes word for word.</p></div></body>",
        );
        let leads = find(&page, described(&page));
        assert_eq!(leads.len(), 2);
        let content = Document::from(
            "<div><p>The first paragraph of the body, which the description meta quotes word for word.</p></div>",
        );
        restore(&content, &leads);
        let first = content.select("p").nodes()[0].text().to_string();
        assert_eq!(first, "The standfirst, which no meta quotes at all.");
    }

    #[test]
    fn a_subtitle_in_the_title_group_is_a_lead() {
        let page = Document::from(
            "<body><hgroup><h1>Title</h1><h2>A subtitle long enough to be a lead of the story.</h2>\
             </hgroup><p>Body.</p></body>",
        );
        assert_eq!(
            find(&page, described(&page)),
            ["A subtitle long enough to be a lead of the story."]
        );
    }
}
