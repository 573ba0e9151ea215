//! Cleaning what Readability kept: boilerplate lines (share prompts, "read more" teasers, ad
//! labels and their ads, image-link chrome, copyright and tag lines), blocks made of links
//! (related-story lists), payment and share widgets, the author's closing line, and the title
//! repeated at the top of the body.

use dom_query::{Document, NodeRef};

use super::boilerplate::{
    is_ad_label, is_author_tagline, is_boilerplate_line, is_byline, is_caption_label_line,
    is_captioned_credit, is_credit_line, is_mixed_script_text, is_notice_line, is_teaser_line,
};
use super::date_lines::is_date_line;
use super::dom::{collapse, is_named, link_density, within};

/// Lines longer than this are prose, whatever words they start with.
const MAX_BOILERPLATE_CHARS: usize = 120;
/// Containers whose child span stands as a line of its own.
const BLOCK_PARENTS: &[&str] = &[
    "div", "section", "article", "td", "body", "header", "footer", "li",
];
/// Legal and paywall notices run to a few sentences; longer blocks are prose.
const MAX_NOTICE_CHARS: usize = 300;

/// Cleans the extracted article in place. `title` is the article's title, shown once above the body.
pub fn clean_extracted(content: &Document, title: Option<&str>) {
    remove_image_link_chrome(content);
    remove_boilerplate_lines(content);
    remove_caption_labels(content);
    remove_link_lists(content);
    remove_lone_links(content);
    remove_author_tagline(content);
    if let Some(title) = title {
        remove_repeated_title(content, title);
    }
    remove_empty_containers(content);
}

/// "Click to enlarge" text inside image links: drop the words, keep the image.
fn remove_image_link_chrome(content: &Document) {
    for link in content.select("a").nodes() {
        let text = collapse(&link.text());
        if text.is_empty() || !is_boilerplate_line(&text) {
            continue;
        }
        if within(link, "img").exists() {
            for child in link.children().into_iter().filter(|c| c.is_text()) {
                child.remove_from_parent();
            }
        } else {
            link.remove_from_parent();
        }
    }
}

fn remove_boilerplate_lines(content: &Document) {
    for node in content
        .select("p, li, h2, h3, h4, h5, h6, figcaption, dt, dd, div, span, center, blockquote")
        .nodes()
    {
        if node.parent().is_none()
            || node.normalized_char_count() > MAX_BOILERPLATE_CHARS * 4
            // A span inside a paragraph is part of its sentence; only a span standing as a
            // block of its own ("(No ratings yet)" in a div) is a line.
            || node.has_name("span") && !node.parent().is_some_and(|p| is_named(&p, BLOCK_PARENTS))
        {
            continue;
        }
        let text = collapse(&node.text());
        let chars = text.chars().count();
        let short = chars <= MAX_BOILERPLATE_CHARS;
        if !text.is_empty()
            && (short
                && (is_boilerplate_line(&text)
                    || is_credit_line(&text)
                    || !is_named(node, &["h2", "h3", "h4", "h5", "h6"]) && is_byline(&text)
                    || !is_named(node, &["h2", "h3", "h4", "h5", "h6"]) && is_date_line(&text))
                || chars <= MAX_NOTICE_CHARS && is_notice_line(&text)
                || is_captioned_credit(&text)
                || is_mixed_script_text(&text)
                || is_teaser_line(&text))
            && !within(node, "img, picture, video, iframe").exists()
            || is_ad_label(&text)
        {
            // A heading that is a link ("See also: <story>") points at one page; only a label
            // heading opens a section of chrome.
            if short
                && is_named(node, SECTION_HEADINGS)
                && is_boilerplate_line(&text)
                && !within(node, "a").exists()
            {
                remove_section_after(node);
            }
            node.remove_from_parent();
        }
    }
}

/// Captions labelled as such ("Abbildung: ...", "Figure 3: ..."), wherever they sit: often a span
/// beside the image inside a paragraph. The image stays.
fn remove_caption_labels(content: &Document) {
    for node in content.select("p, span, div, figcaption").nodes() {
        if node.parent().is_some()
            && !within(node, "img, picture, video, iframe").exists()
            && is_caption_label_line(&collapse(&node.text()))
        {
            node.remove_from_parent();
        }
    }
}

/// Headings that open a section of their own.
const SECTION_HEADINGS: &[&str] = &["h2", "h3", "h4", "h5", "h6"];

/// The section a boilerplate heading opens ("Related articles", "About the author", "Tags"): its
/// following siblings up to the next heading of the same or a higher rank.
fn remove_section_after(heading: &NodeRef<'_>) {
    let rank = |node: &NodeRef<'_>| {
        node.node_name()
            .and_then(|name| name.strip_prefix(['h', 'H']).and_then(|n| n.parse::<u8>().ok()))
    };
    let Some(own) = rank(heading) else { return };
    let mut next = heading.next_element_sibling();
    while let Some(sibling) = next {
        if rank(&sibling).is_some_and(|r| r <= own) {
            break;
        }
        next = sibling.next_element_sibling();
        sibling.remove_from_parent();
    }
}

/// Lists whose items are nothing but short links ("Related: ...", "More from ...").
fn remove_link_lists(content: &Document) {
    for list in content.select("ul, ol").nodes() {
        let items = within(list, "li").nodes().to_vec();
        if items.len() < 2 {
            continue;
        }
        let chars: usize = items.iter().map(|li| collapse(&li.text()).chars().count()).sum();
        if link_density(list) > 0.8 && chars / items.len() < 90 {
            list.remove_from_parent();
        }
    }
}

/// A short block that is one link and nothing else ("Photos of the meeting", ">> Another story <<",
/// "Contact"): a pointer to another page, not a sentence of this one.
fn remove_lone_links(content: &Document) {
    const MAX_LINK_LINE_CHARS: usize = 150;
    for node in content.select("p, h2, h3, h4, h5, h6, div").nodes() {
        if node.parent().is_none()
            || node.normalized_char_count() > MAX_LINK_LINE_CHARS
            || node.ancestors_it(None).any(|a| a.has_name("li"))
            || within(node, "img, picture, video, iframe").exists()
        {
            continue;
        }
        if node.normalized_char_count() > 0 && link_density(node) >= 0.9 {
            node.remove_from_parent();
        }
    }
}

/// The line about the author that closes an opinion piece or a guest post, set in italics ("Jane
/// Doe is a professor of economics at ..."): among the body's last two paragraphs.
fn remove_author_tagline(content: &Document) {
    const MAX_TAGLINE_CHARS: usize = 600;
    let paragraphs = content.select("p").nodes().to_vec();
    for paragraph in paragraphs.iter().rev().take(2) {
        let text = collapse(&paragraph.text());
        let italic = collapse(&within(paragraph, "em, i").text());
        if !text.is_empty()
            && text.chars().count() <= MAX_TAGLINE_CHARS
            && italic.chars().count() * 10 >= text.chars().count() * 9
            && is_author_tagline(&text)
        {
            paragraph.remove_from_parent();
        }
    }
}

/// The title repeated as a heading or paragraph near the start of the body.
fn remove_repeated_title(content: &Document, title: &str) {
    let title = normalize(title);
    if title.is_empty() {
        return;
    }
    let candidates = content.select("h1, h2, h3, p, figcaption, div");
    for node in candidates.nodes().iter().take(12) {
        if node.parent().is_some() && is_title(node, &title) {
            node.remove_from_parent();
        }
    }
}

fn is_title(node: &NodeRef<'_>, title: &str) -> bool {
    let text = normalize(&node.text());
    !text.is_empty() && text == title
}

fn normalize(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
        .replace(['\u{2018}', '\u{2019}'], "'")
        .replace(['\u{201c}', '\u{201d}'], "\"")
}

/// Containers left without text or media after the passes above.
fn remove_empty_containers(content: &Document) {
    for node in content
        .select("div, section, ul, ol, li, p, figure, blockquote")
        .nodes()
        .iter()
        .rev()
    {
        if node.parent().is_some()
            && node.text().trim().is_empty()
            && !within(
                node,
                "img, picture, video, iframe, audio, embed, object, svg, math, table, pre",
            )
            .exists()
        {
            node.remove_from_parent();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cleaned(html: &str, title: Option<&str>) -> String {
        let doc = Document::from(html);
        clean_extracted(&doc, title);
        doc.select("body").inner_html().to_string()
    }

    #[test]
    fn drops_boilerplate_lines_and_link_lists_but_keeps_prose() {
        let html = cleaned(
            "<h1>The Title</h1><p>Real prose about sharing.</p><p>Share this:</p>\
             <ul><li><a href='/a'>Other story one</a></li><li><a href='/b'>Other story two</a></li></ul>\
             <p><a href='big.jpg'><img src='small.jpg'>Click to see full-size image</a></p>",
            Some("The  title"),
        );
        assert!(html.contains("Real prose"));
        assert!(!html.contains("Share this"));
        assert!(!html.contains("Other story"));
        assert!(!html.contains("The Title"));
        assert!(html.contains("small.jpg"));
        assert!(!html.contains("Click to see"));
    }

    #[test]
    fn a_block_that_is_one_link_is_removed_but_list_items_and_prose_with_links_stay() {
        let html = cleaned(
            "<div><p>Prose with <a href='/a'>a link</a> inside it.</p><p><a href='/b'>Photos of the day</a></p>\
             <h3><a href='/c'>&gt;&gt; Another story &lt;&lt;</a></h3><ol><li><p><a href='/d'>Step</a></p></li></ol></div>",
            None,
        );
        assert!(html.contains("a link"));
        assert!(!html.contains("Photos of the day"));
        assert!(!html.contains("Another story"));
        assert!(html.contains("Step"));
    }

    #[test]
    fn a_boilerplate_label_heading_takes_its_section_but_a_linked_one_does_not() {
        let html = cleaned(
            "<div><p>Story prose.</p><h3>Mira: <a href='/x'>Another story</a></h3><p>More prose.</p>\
             <h2>Articles liés</h2><div><h3>Teaser title</h3><p>Teaser text of another page.</p></div>\
             <h2>Notes</h2><p>Closing note.</p></div>",
            None,
        );
        assert!(html.contains("More prose."));
        assert!(!html.contains("Articles liés"));
        assert!(!html.contains("Teaser"));
        assert!(html.contains("Closing note."));
    }

    #[test]
    fn a_labelled_caption_goes_but_its_image_and_prose_about_figures_stay() {
        let html = cleaned(
            "<div><p>Prose as shown in Abbildung 3: the curve rises.</p>\
             <p><img src='map.png'><span>Abbildung: Schneehöhen im Mattertal</span></p></div>",
            None,
        );
        assert!(html.contains("the curve rises"));
        assert!(html.contains("map.png"));
        assert!(!html.contains("Schneehöhen"));
    }

    #[test]
    fn an_italic_author_line_closing_the_body_goes_but_one_in_the_middle_stays() {
        let html = cleaned(
            "<div><p><em>Max Muster is a reporter, said the paper.</em></p><p>Prose of the story.</p>\
             <p>More prose.</p><p><em>Jane Doe is the founder of a consultancy in the city.</em></p>\
             <p>- Anzeige-<br><a href='/ad'><img src='ad.jpg'></a></p></div>",
            None,
        );
        assert!(html.contains("Max Muster"), "{html}");
        assert!(!html.contains("Jane Doe"), "{html}");
        assert!(!html.contains("ad.jpg"), "{html}");
    }

    #[test]
    fn a_span_standing_as_a_block_is_a_line_but_a_span_in_a_sentence_is_not() {
        let html = cleaned(
            "<div><p>Prose.</p><span class='x'>(No ratings yet)</span>\
             <p>Prose before. <span>Share this</span> story was the hardest to write.</p></div>",
            None,
        );
        assert!(!html.contains("No ratings"));
        assert!(html.contains("<span>Share this</span> story"));
    }
}
