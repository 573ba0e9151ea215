//! The article's lead (standfirst, deck, subtitle, excerpt): themes put it in the header beside
//! the title, outside the body container Readability keeps, so the body would start without it.
//! Found before Readability runs (it rewrites the document), put back at the top of the body when
//! the body does not already hold it.

use std::collections::HashSet;

use dom_query::{Document, NodeId, NodeRef};

use super::dom::{collapse, is_named, link_density};
use super::names::attribute_words;
use super::text::is_caption_word;

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

/// The text of the page's lead: the first element near the main heading (the first `h1` with
/// text; an empty one is a logo) whose class names a lead, a subtitle in the heading's `hgroup`,
/// or else a paragraph right after the heading. `None` when the page has none.
pub fn find(doc: &Document) -> Option<String> {
    let h1 = super::dom::main_heading(doc)?;
    let near_title: HashSet<NodeId> = h1.ancestors_it(None).map(|a| a.id).collect();
    let named = doc
        .select("p, div, h2, h3, h4, span, section")
        .nodes()
        .iter()
        .filter(|node| is_lead_candidate(node))
        .filter(|node| {
            node.ancestors_it(Some(MAX_LEVELS_FROM_TITLE))
                .any(|a| near_title.contains(&a.id) && !is_named(&a, &["html", "body"]))
        })
        .map(|node| collapse(&node.text()))
        .find(|text| (MIN_LEAD_CHARS..=MAX_LEAD_CHARS).contains(&text.chars().count()));
    named.or_else(|| {
        let next = h1
            .next_element_sibling()
            .filter(|n| n.has_name("p") && link_density(n) < 0.5)?;
        let text = collapse(&next.text());
        (MIN_UNNAMED_LEAD_CHARS..=MAX_LEAD_CHARS)
            .contains(&text.chars().count())
            .then_some(text)
    })
}

/// Puts `lead` at the top of the extracted body unless the body already holds it.
pub fn restore(content: &Document, lead: &str) {
    let probe: String = lead.chars().take(PROBE_CHARS).collect();
    if collapse(&content.root().text()).contains(&probe) {
        return;
    }
    let body = content.select_single("body");
    let Some(body) = body.nodes().first().copied() else {
        return;
    };
    body.prepend_html(format!("<p>{}</p>", escape(lead)));
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
        && !super::dom::within(node, "h1").exists()
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

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
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
        assert_eq!(find(&page), None);

        let page = Document::from(
            "<body><article><header><h1>The Title</h1><p class='article-lead'>The lead says what \
             happened, &amp; why it matters.</p></header><div class='body'><p>Body.</p></div></article></body>",
        );
        let lead = find(&page).unwrap_or_default();
        assert_eq!(lead, "The lead says what happened, & why it matters.");
        let content = Document::from("<div><p>Body.</p></div>");
        restore(&content, &lead);
        let paragraphs: Vec<String> = content.select("p").iter().map(|p| p.text().to_string()).collect();
        assert_eq!(
            paragraphs,
            ["The lead says what happened, & why it matters.", "Body."]
        );
        // Once is enough.
        restore(&content, &lead);
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
            find(&page).as_deref(),
            Some("A paragraph right after the title, long enough to be this story's lead.")
        );
        let short = Document::from("<body><h1>The Real Title</h1><p>By Jane Doe</p></body>");
        assert_eq!(find(&short), None);
    }

    #[test]
    fn a_subtitle_in_the_title_group_is_a_lead() {
        let page = Document::from(
            "<body><hgroup><h1>Title</h1><h2>A subtitle long enough to be a lead of the story.</h2>\
             </hgroup><p>Body.</p></body>",
        );
        assert_eq!(
            find(&page).as_deref(),
            Some("A subtitle long enough to be a lead of the story.")
        );
    }
}
