//! Page chrome removal before Readability scores the page: hidden elements, navigation and
//! landmark regions, forms and widgets, elements whose class/id words mark chrome (share bars,
//! comment sections, donation boxes, cookie banners...), link blocks pointing at payment or share
//! services, and the user's own hide rules. Removing them first keeps Readability from picking a
//! comment thread or a related-posts list as the article and from keeping chrome inside it.
//!
//! Guard: an element holding the page's main heading, a `main` region or the marked-up article
//! body is never removed, and a "weak" signal (sidebar, widget...) only removes elements that hold
//! a small part of the page's text, since themes put those words on page wrappers too.

use dom_query::{Document, NodeRef};

use super::appeal::remove_appeals;
use super::author_boxes::remove_author_boxes;
use super::chrome_words::{ChromeWord, HIDING_CLASSES, chrome_pair, chrome_word, is_caption_word};
use super::dom::{elements_where, is_named, link_density, within};
use super::guard::Guard;
use super::names::{attribute_words, class_and_id_words, is_named_element, whole_class_and_id_words};
use super::teasers::remove_card_lists;
use super::{ExtractOptions, Names};

/// Removed whatever their class: landmarks and controls that never hold article text.
const CHROME_TAGS: &[&str] = &[
    "nav", "aside", "footer", "dialog", "progress", "meter", "button", "select", "textarea", "input", "label",
];
/// ARIA roles of the same landmarks and controls.
const CHROME_ROLES: &[&str] = &[
    "navigation",
    "complementary",
    "contentinfo",
    "search",
    "dialog",
    "alertdialog",
    "progressbar",
    "menu",
    "menubar",
    "toolbar",
    "tablist",
];

/// A landmark or control of `CHROME_TAGS` / `CHROME_ROLES`, a meter (`aria-valuenow`) or an element
/// that asks search engines to leave it out of snippets. Checked on each element in one walk,
/// cheaper than matching a selector list of the same.
fn is_chrome_element(node: &NodeRef<'_>) -> bool {
    is_named(node, CHROME_TAGS)
        || node
            .attr("role")
            .is_some_and(|role| CHROME_ROLES.contains(&role.as_ref()))
        || node.has_attr("aria-valuenow")
        || node.has_attr("data-nosnippet")
}

/// Parts of link targets at payment, membership and share services: their blocks are widgets.
const SERVICE_LINK_PARTS: &[&str] = &[
    "patreon.com/",
    "ko-fi.com/",
    "buymeacoffee.com/",
    "liberapay.com/",
    "paypal.com/donate",
    "paypal.me/",
    "/donate",
    "facebook.com/sharer",
    "twitter.com/intent",
    "x.com/intent",
    "linkedin.com/share",
    "pinterest.com/pin/create",
    "reddit.com/submit",
    "t.me/share",
    "wa.me/?",
    "api.whatsapp.com/send",
    "vk.com/share",
];

/// A link to a payment, membership or share service, or a "mail this" link.
fn is_service_link(node: &NodeRef<'_>) -> bool {
    node.has_name("a")
        && node.attr("href").is_some_and(|href| {
            href.starts_with("mailto:?") || SERVICE_LINK_PARTS.iter().any(|part| href.contains(part))
        })
}

/// Removes page chrome from `doc` in place (see the module notes for what and why). Returns the
/// page's densest block of text (`densest_text_container`), which the guard kept in the tree.
pub fn remove_before_extraction<'a>(
    doc: &'a Document,
    host: Option<&str>,
    options: &ExtractOptions,
    names: Names,
) -> Option<NodeRef<'a>> {
    if let Some(host) = host {
        for selector in options.selectors_for(host) {
            if let Some(found) = doc.try_select(selector) {
                found.remove();
            }
        }
    }
    make_embed_attributes_ascii(doc);
    // Ruby annotations (furigana) are pronunciation hints printed above the text; inline they
    // would interleave every word with its reading.
    doc.select("rt, rp").remove();
    let guard = Guard::new(doc, names);
    // Before hidden elements and controls go: forms, fields, progress bars and the hidden slots
    // scripts fill with a payment widget are evidence of appeal boxes.
    remove_appeals(doc, &guard);
    remove_hidden(doc, &guard);
    remove_author_boxes(doc, &guard);
    remove_card_lists(doc, &guard);
    for node in elements_where(doc, is_chrome_element) {
        if !guard.protects(&node) {
            node.remove_from_parent();
        }
    }
    mark_image_captions(doc, &guard);
    if names == Names::Read {
        remove_by_class_words(doc, &guard);
    }
    remove_service_link_blocks(doc, &guard);
    for form in doc.select("form").nodes() {
        if !guard.protects(form) && guard.text_share(form) < 0.4 {
            form.remove_from_parent();
        }
    }
    guard.dense.map(|id| NodeRef::new(id, &doc.tree))
}

/// dom_smoothie 0.19 slices embed attribute values (and `<object>` contents) at byte offsets found
/// near video host names, and panics when a multi-byte character sits there. URLs are ASCII when
/// well-formed: percent-encode anything else, and empty `<object>`s with non-ASCII contents.
fn make_embed_attributes_ascii(doc: &Document) {
    for node in doc.select("object, embed, iframe").nodes() {
        for attr in node.attrs() {
            if !attr.value.is_ascii() {
                let encoded: String = attr
                    .value
                    .chars()
                    .map(|c| {
                        if c.is_ascii() {
                            c.to_string()
                        } else {
                            percent_encode(c)
                        }
                    })
                    .collect();
                node.set_attr(&attr.name.local, &encoded);
            }
        }
        if node.has_name("object") && !node.inner_html().is_ascii() {
            node.remove_children();
        }
    }
}

fn percent_encode(c: char) -> String {
    let mut buf = [0u8; 4];
    c.encode_utf8(&mut buf)
        .bytes()
        .map(|b| format!("%{b:02X}"))
        .collect()
}

fn remove_hidden(doc: &Document, guard: &Guard) {
    for node in &elements_where(doc, is_hidden) {
        if !is_hidden(node) {
            continue;
        }
        if is_hidden_slide(node) {
            // Shown, so that Readability (which skips what it reads as hidden) keeps it too.
            node.remove_attr("style");
            node.remove_class("hidden");
        } else if !guard.protects(node) {
            node.remove_from_parent();
        }
    }
}

/// A slide or tab of a set that scripts show one at a time: hidden by its class or style, beside
/// siblings of the same kind (same tag and first class) of which one is shown. Reading the page
/// without scripts, all of them are the article.
fn is_hidden_slide(node: &NodeRef<'_>) -> bool {
    let hidden_by_attribute =
        node.has_attr("hidden") || node.attr("aria-hidden").is_some_and(|v| v.trim() == "true");
    let Some(kind) = node
        .attr("class")
        .and_then(|c| c.split_whitespace().next().map(str::to_string))
    else {
        return false;
    };
    if hidden_by_attribute || HIDING_CLASSES.contains(&kind.to_ascii_lowercase().as_str()) {
        return false;
    }
    let Some(parent) = node.parent() else {
        return false;
    };
    let same_kind: Vec<NodeRef<'_>> = parent
        .element_children()
        .into_iter()
        .filter(|sibling| {
            sibling.node_name() == node.node_name()
                && sibling
                    .attr("class")
                    .is_some_and(|c| c.split_whitespace().next() == Some(kind.as_str()))
        })
        .collect();
    same_kind.len() >= 3 && same_kind.iter().any(|sibling| !is_hidden(sibling))
}

fn is_hidden(node: &NodeRef<'_>) -> bool {
    if node.has_attr("hidden") || node.attr("aria-hidden").is_some_and(|v| v.trim() == "true") {
        return true;
    }
    if let Some(style) = node.attr("style") {
        let style: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        if style.contains("display:none") || style.contains("visibility:hidden") {
            return true;
        }
    }
    node.attr("class").is_some_and(|class| {
        class
            .split_whitespace()
            .any(|c| HIDING_CLASSES.contains(&c.to_ascii_lowercase().as_str()))
    })
}

/// Longer spans named by a chrome word hold text of the article (a styled quote, a lead).
const MAX_WIDGET_SPAN_CHARS: usize = 100;

fn remove_by_class_words(doc: &Document, guard: &Guard) {
    for node in &elements_where(doc, is_named_element) {
        if node.parent().is_none()
            || is_named(
                node,
                &[
                    "img", "picture", "figure", "em", "strong", "b", "i", "time", "html", "body", "head", "meta",
                    "link", "script", "style", "title",
                ],
            )
            // A link is a word of a sentence; only one wrapping blocks is a card (`a.relatedPost`).
            || node.has_name("a") && !within(node, "p, div, h2, h3, h4, h5, h6, figure").exists()
        {
            continue;
        }
        // A span is most often a word of a sentence styled by class; only a short one named by a
        // strong word is a widget (a star rating, a share count).
        let span = node.has_name("span");
        if span && node.normalized_char_count() > MAX_WIDGET_SPAN_CHARS {
            continue;
        }
        let words = class_and_id_words(node);
        let word_refs: Vec<&str> = words.iter().map(String::as_str).collect();
        let strong = chrome_pair(&word_refs)
            || word_refs
                .iter()
                .any(|w| chrome_word(w) == Some(ChromeWord::Strong));
        let strength = if strong {
            Some(ChromeWord::Strong)
        } else {
            // Weak words only as whole parts of a name: `ctxtMenu` is no menu.
            whole_class_and_id_words(node)
                .iter()
                .any(|w| chrome_word(w) == Some(ChromeWord::Weak))
                .then_some(ChromeWord::Weak)
        };
        let remove = match strength {
            Some(ChromeWord::Strong) => !guard.protects(node) && guard.text_share(node) < 0.9,
            _ if span => false,
            // Teasers of other stories are links, or a linked title and a line of summary; an
            // article's own "teaser" is its lead paragraph.
            None if word_refs.iter().any(|w| matches!(*w, "teaser" | "teasers")) => {
                !guard.protects(node) && (link_density(node) > 0.5 || has_linked_title(node))
            }
            None => false,
            Some(ChromeWord::Weak) => !guard.protects(node) && guard.text_share(node) < 0.3,
        };
        if remove {
            node.remove_from_parent();
        }
    }
}

/// A heading that is a link (or inside one), the title of a teaser card. Custom elements link with
/// an `href` of their own (`<pp-link href>`).
fn has_linked_title(node: &NodeRef<'_>) -> bool {
    within(node, "h2, h3, h4, h5, h6").nodes().iter().any(|heading| {
        heading.has_attr("href")
            || within(heading, "[href]").exists()
            || heading
                .ancestors_it(None)
                .take_while(|a| a.id != node.id)
                .any(|a| a.has_attr("href"))
    })
}

/// Media an image caption belongs to.
const MEDIA: &str = "img, picture, video, svg, iframe";

/// Captions and photo credits marked by class (`wp-caption`, `image-credit`, `copyright-note`...)
/// become `figure` / `figcaption`, so the body shows them with their image (and the plain text,
/// which is prose only, leaves them out); a caption or credit with no image near it is removed.
/// Longer text under such a class is not a caption: it stays as it is.
fn mark_image_captions(doc: &Document, guard: &Guard) {
    const MAX_CAPTION_CHARS: usize = 400;
    for node in &elements_where(doc, |node| node.has_attr("class")) {
        if node.parent().is_none()
            || is_named(
                node,
                // Not headings: "caption" there is a typography class (a deck styled as a caption).
                &[
                    "figure",
                    "figcaption",
                    "img",
                    "picture",
                    "html",
                    "body",
                    "a",
                    "h1",
                    "h2",
                    "h3",
                    "h4",
                    "h5",
                    "h6",
                ],
            )
            || !attribute_words(&node.attr("class").unwrap_or_default())
                .iter()
                .any(|w| is_caption_word(w))
            || node.normalized_char_count() > MAX_CAPTION_CHARS
            || guard.protects(node)
        {
            continue;
        }
        if within(node, MEDIA).exists() {
            node.rename("figure");
        } else if node.ancestors_it(Some(4)).any(|a| a.has_name("figure")) {
            node.rename("figcaption");
        } else {
            node.remove_from_parent();
        }
    }
}

/// A block made mostly of links to payment or share services is a widget: remove the nearest
/// block around such a link when the links are most of its text.
fn remove_service_link_blocks(doc: &Document, guard: &Guard) {
    for link in &elements_where(doc, is_service_link) {
        let block = link
            .ancestors_it(Some(4))
            .filter(|a| is_named(a, &["p", "li", "ul", "ol", "div", "section", "table"]))
            .take_while(|a| link_density(a) > 0.5 || a.text().trim().chars().count() < 80)
            .last();
        match block {
            Some(block) if !guard.protects(&block) => block.remove_from_parent(),
            _ => link.remove_from_parent(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cleaned(html: &str) -> String {
        let doc = Document::from(html);
        remove_before_extraction(&doc, Some("example.com"), &ExtractOptions::default(), Names::Read);
        // Each remaining element's own text, so words of adjacent elements stay apart.
        let texts = doc
            .select("body *")
            .iter()
            .map(|n| n.immediate_text().trim().to_string())
            .collect::<Vec<_>>();
        texts
            .into_iter()
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn removes_hidden_landmark_and_widget_chrome() {
        let text = cleaned(
            "<body><nav>Home News</nav><h1>Title</h1><div class='entry-content'><p>Body text.</p>\
             <div class='share-buttons'>Share on X</div><p style='display: none'>secret</p>\
             <div role='progressbar' aria-valuenow='3'>0 $ 5,000 $</div></div>\
             <div id='comments'><p>A comment</p></div><footer>Privacy</footer></body>",
        );
        assert_eq!(text, "Title Body text.");
    }

    #[test]
    fn caption_classes_become_figures_and_lone_credits_go() {
        let doc = Document::from(
            "<body><h1>T</h1><div class='entry'><p>Story text that is long enough.</p>\
             <div class='wp-caption'><img src='a.jpg'><p class='wp-caption-text'>The harbour</p></div>\
             <figure><img src='b.jpg'><span class='photo-credit'>Agency/Jane Doe</span></figure>\
             <p class='image-credit'>Photo agency</p></div></body>",
        );
        remove_before_extraction(&doc, None, &ExtractOptions::default(), Names::Read);
        assert_eq!(doc.select("figure").length(), 2);
        let captions: Vec<String> = doc
            .select("figcaption")
            .iter()
            .map(|c| c.text().to_string())
            .collect();
        assert_eq!(captions, ["The harbour", "Agency/Jane Doe"]);
        assert!(!doc.select("body").text().contains("Photo agency"));
    }

    #[test]
    fn hidden_slides_of_a_set_are_shown_but_a_lone_hidden_block_goes() {
        let text = cleaned(
            "<body><h1>Title</h1><div class='gallery'>\
             <div class='slide' style='display: block'>One.</div>\
             <div class='slide hidden' style='display: none'>Two.</div>\
             <div class='slide hidden' style='display: none'>Three.</div></div>\
             <div class='note hidden'>Hidden note.</div><div hidden class='slide'>Gone.</div></body>",
        );
        assert_eq!(text, "Title One. Two. Three.");
    }

    #[test]
    fn an_author_box_named_by_a_four_word_id_is_chrome() {
        let text = cleaned(
            "<body><h1>Title</h1><div class='entry-content'><p>Body text.</p></div>\
             <div id='theme-author-box-wrap'><p>You can keep up with me on social media.</p></div></body>",
        );
        assert_eq!(text, "Title Body text.");
    }

    #[test]
    fn removes_disclaimers_ratings_and_teasers_of_other_stories() {
        let text = cleaned(
            "<body><h1>Title</h1><div class='entry-content'><p>Body text.</p>\
             <p class='aawp-disclaimer'>We earn a commission.</p>\
             <div class='post-ratings'>No ratings yet</div>\
             <div class='teaser'><a href='/other'>Another story</a></div>\
             <pp-inline-teaser><pp-link href='/faq'><h3>Questions</h3></pp-link><p>Answers to your \
             questions about the rules, in one place.</p></pp-inline-teaser></div>\
             <p class='article-teaser'>The lead of this story.</p></body>",
        );
        assert_eq!(text, "Title Body text. The lead of this story.");
    }

    #[test]
    fn a_link_wrapping_a_teaser_card_is_named_chrome_but_a_link_in_a_sentence_is_not() {
        let text = cleaned(
            "<body><h1>Title</h1><div class='entry'><p>See the <a class='related-link' href='/x'>earlier \
             report</a> on this.</p><div class='box'><a class='relatedPost' href='/y'><p>Hay is the basis \
             of a horse's diet.</p></a></div></div></body>",
        );
        assert!(text.contains("earlier report"), "{text}");
        assert!(!text.contains("Hay is the basis"), "{text}");
    }

    #[test]
    fn a_short_span_named_by_a_strong_word_is_a_widget_but_a_styled_word_is_not() {
        let text = cleaned(
            "<body><h1>Title</h1><div class='entry'><p>Body text with a <span class='menu-item'>lunch \
             menu</span> in it.</p><span class='post-ratings'><img src='star.gif'> (No votes yet)</span></div></body>",
        );
        assert!(text.contains("lunch menu"), "{text}");
        assert!(!text.contains("No votes"), "{text}");
    }

    #[test]
    fn non_ascii_embed_urls_are_percent_encoded() {
        let doc = Document::from(
            "<body><iframe src='https://\u{fffd}\u{fffd}youtube.com/embed/x'></iframe></body>",
        );
        remove_before_extraction(&doc, None, &ExtractOptions::default(), Names::Read);
        assert_eq!(
            doc.select("iframe").attr("src").as_deref(),
            Some("https://%EF%BF%BD%EF%BF%BDyoutube.com/embed/x")
        );
    }

    #[test]
    fn keeps_wrappers_of_the_article_even_with_chrome_words() {
        let text = cleaned(
            "<body><div class='layout with-sidebar'><h1>Title</h1><p>Body text here.</p></div></body>",
        );
        assert_eq!(text, "Title Body text here.");
    }

    #[test]
    fn removes_blocks_of_donation_links_and_user_rules() {
        let doc = Document::from(
            "<body><h1>T</h1><p>Story.</p><p><a href='https://www.patreon.com/x'>Become a patron</a></p>\
             <div class='promo-box'>Buy our mug</div></body>",
        );
        let mut options = ExtractOptions::default();
        options
            .hide_selectors
            .insert("example.com".into(), vec![".promo-box".into(), "[[bad".into()]);
        remove_before_extraction(&doc, Some("www.example.com"), &options, Names::Read);
        let text = doc.select("body").text();
        assert!(text.contains("Story."));
        assert!(!text.contains("patron"));
        assert!(!text.contains("mug"));
    }
}
