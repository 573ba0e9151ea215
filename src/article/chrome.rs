//! Page chrome removal before Readability scores the page: hidden elements, navigation and
//! landmark regions, forms and widgets, elements whose class/id words mark chrome (share bars,
//! comment sections, donation boxes, cookie banners...), link blocks pointing at payment or share
//! services, and the user's own hide rules. Removing them first keeps Readability from picking a
//! comment thread or a related-posts list as the article and from keeping chrome inside it.
//!
//! Guard: an element holding the page's main heading, a `main` region or the marked-up article
//! body is never removed, and a "weak" signal (sidebar, widget...) only removes elements that hold
//! a small part of the page's text, since themes put those words on page wrappers too.

use std::collections::HashSet;

use dom_query::{Document, NodeId, NodeRef};

use super::ExtractOptions;
use super::dom::{elements_where, is_named, link_density, main_heading, within};
use super::text::{ChromeWord, HIDING_CLASSES, attribute_words, chrome_pair, chrome_word, is_caption_word};

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
/// that asks search engines to leave it out of snippets. Checked on each element in one walk:
/// a selector list of the same (two dozen alternatives) cost several times more to match.
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
    let guard = Guard::new(doc);
    remove_hidden(doc, &guard);
    for node in elements_where(doc, is_chrome_element) {
        if !guard.protects(&node) {
            node.remove_from_parent();
        }
    }
    mark_image_captions(doc, &guard);
    remove_by_class_words(doc, &guard);
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

/// What must survive chrome removal.
pub(super) struct Guard {
    /// The page's main heading (`dom::main_heading`), its `main` region, its marked-up article body and
    /// the element holding the most paragraph text, with all their ancestors: the article's place.
    protected: HashSet<NodeId>,
    /// Characters of text on the whole page (whitespace runs count once).
    text_chars: usize,
    /// The densest block of text, one of the protected elements.
    dense: Option<NodeId>,
}

impl Guard {
    pub(super) fn new(doc: &Document) -> Self {
        let marked = doc.select("main, [role=main], [itemprop=articleBody]");
        let mut protected = HashSet::new();
        let dense =
            densest_text_container(doc).filter(|n| !is_named(n, &["footer", "nav", "aside", "header"]));
        for anchor in marked
            .nodes()
            .iter()
            .copied()
            .chain(main_heading(doc))
            .chain(dense)
        {
            protected.insert(anchor.id);
            protected.extend(anchor.ancestors_it(None).map(|a| a.id));
        }
        let text_chars = doc.root().normalized_char_count();
        Guard {
            protected,
            text_chars,
            dense: dense.map(|n| n.id),
        }
    }

    /// The element is (or holds) the article, the main heading or the page structure.
    pub(super) fn protects(&self, node: &NodeRef<'_>) -> bool {
        self.protected.contains(&node.id) || is_named(node, &["html", "body"])
    }

    /// The element's share of the page's text, 0.0 to 1.0.
    pub(super) fn text_share(&self, node: &NodeRef<'_>) -> f32 {
        if self.text_chars == 0 {
            return 0.0;
        }
        node.normalized_char_count() as f32 / self.text_chars as f32
    }
}

/// Less text than this in one container is not an article body.
const MIN_BODY_CHARS: usize = 200;

/// The element whose paragraphs (or loose text lines) add up to the most text: the article body on
/// nearly every page, since comments and teasers split their text over many small containers.
/// Text inside landmarks that never hold the article (navigation, asides, footers, forms) or
/// inside elements whose class/id marks chrome (author boxes, comments, cookie notices) does not
/// count, so a long author bio or consent text never outweighs a short post.
/// `None` when no container holds `MIN_BODY_CHARS`, or when the text sits loose in `<body>`.
pub(super) fn densest_text_container(doc: &Document) -> Option<NodeRef<'_>> {
    const INLINE: &[&str] = &[
        "p", "span", "a", "em", "strong", "b", "i", "u", "font", "small", "sup", "sub", "q", "cite", "abbr",
        "code", "mark",
    ];
    // In document order, so ties always go the same way.
    let mut totals: Vec<(NodeRef<'_>, usize)> = Vec::new();
    let mut index: std::collections::HashMap<NodeId, usize> = Default::default();
    let body = doc.select_single("body");
    let root = body.nodes().first().copied()?;
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        if node.is_element() {
            // Not `noscript`: without scripting its contents are the page (some wrap all of it).
            if is_named(&node, &["script", "style", "template"])
                || node.id != root.id && is_chrome_region(&node)
            {
                continue;
            }
            // Children pushed in reverse, so they pop in document order.
            let children: Vec<NodeRef<'_>> = node.children_it(false).collect();
            stack.extend(children.into_iter().rev());
            continue;
        }
        if !node.is_text() {
            continue;
        }
        let chars = node.normalized_char_count();
        if chars < 2 {
            continue;
        }
        let Some(mut container) = node.parent() else {
            continue;
        };
        // Text inside a paragraph or inline markup counts for the paragraph's parent.
        while is_named(&container, INLINE) {
            match container.parent() {
                Some(parent) => container = parent,
                None => break,
            }
        }
        let at = *index.entry(container.id).or_insert_with(|| {
            totals.push((container, 0));
            totals.len() - 1
        });
        totals[at].1 += chars;
    }
    totals
        .into_iter()
        .rev()
        .max_by_key(|(_, chars)| *chars)
        .filter(|(node, chars)| *chars >= MIN_BODY_CHARS && !is_named(node, &["html", "body", "head"]))
        .map(|(node, _)| node)
}

/// A landmark or widget that never holds the article's text (for the density count only: the
/// removal passes have their own guards).
fn is_chrome_region(node: &NodeRef<'_>) -> bool {
    // Not `form`: ASP.NET pages wrap the whole page in one.
    if is_named(node, &["nav", "aside", "footer", "header", "dialog"]) {
        return true;
    }
    if node.attr("role").is_some_and(|role| {
        matches!(
            role.trim(),
            "navigation" | "complementary" | "contentinfo" | "search" | "dialog" | "banner"
        )
    }) {
        return true;
    }
    let class = node.attr("class").unwrap_or_default();
    let id = node.attr("id").unwrap_or_default();
    if class.is_empty() && id.is_empty() {
        return false;
    }
    // A whole class token or id naming a sidebar (not "with-sidebar" on a page wrapper).
    if class
        .split_whitespace()
        .chain([id.trim()])
        .any(|token| token.eq_ignore_ascii_case("sidebar") || token.eq_ignore_ascii_case("aside"))
    {
        return true;
    }
    let words = class_and_id_words(node);
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    // Not every strong chrome word: themes put "share" or "paywall" on the article's own wrapper.
    chrome_pair(&words) || words.iter().any(|w| never_holds_the_article(w))
}

/// The words of an element's class and id. Long ids are slugs of headings
/// ("sharing-with-a-single-developer"), not widget names ("mvp-author-box-text"): left out.
fn class_and_id_words(node: &NodeRef<'_>) -> Vec<String> {
    let mut words = attribute_words(&node.attr("class").unwrap_or_default());
    let id_words = attribute_words(&node.attr("id").unwrap_or_default());
    if id_words.len() <= 4 {
        words.extend(id_words);
    }
    words
}

/// Class/id words of regions that sit beside the article, never around it.
fn never_holds_the_article(word: &str) -> bool {
    matches!(
        word,
        "comments"
            | "comment"
            | "commentlist"
            | "respond"
            | "disqus"
            | "wpdiscuz"
            | "cookie"
            | "cookies"
            | "consent"
            | "gdpr"
            | "newsletter"
            | "breadcrumb"
            | "breadcrumbs"
            | "related"
            | "relatedposts"
            | "outbrain"
            | "taboola"
            | "modal"
            | "popup"
            | "privacy"
            | "dsgvo"
            | "rgpd"
    )
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
    for node in &elements_where(doc, |node| node.has_attr("class") || node.has_attr("id")) {
        if node.parent().is_none()
            || is_named(
                node,
                &[
                    "a", "img", "picture", "figure", "em", "strong", "b", "i", "time", "html", "body",
                    "head", "meta", "link", "script", "style", "title",
                ],
            )
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
        let strength = if chrome_pair(&word_refs) {
            Some(ChromeWord::Strong)
        } else {
            word_refs
                .iter()
                .filter_map(|w| chrome_word(w))
                .max_by_key(|s| matches!(s, ChromeWord::Strong))
        };
        let remove = match strength {
            Some(ChromeWord::Strong) => !guard.protects(node) && guard.text_share(node) < 0.9,
            _ if span => false,
            // Teasers of other stories are links; an article's own "teaser" is its lead paragraph.
            None if word_refs.iter().any(|w| matches!(*w, "teaser" | "teasers")) => {
                !guard.protects(node) && link_density(node) > 0.5
            }
            None => false,
            Some(ChromeWord::Weak) => !guard.protects(node) && guard.text_share(node) < 0.3,
        };
        if remove {
            node.remove_from_parent();
        }
    }
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
                &["figure", "figcaption", "img", "picture", "html", "body", "a"],
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
        remove_before_extraction(&doc, Some("example.com"), &ExtractOptions::default());
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
        remove_before_extraction(&doc, None, &ExtractOptions::default());
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
    fn the_densest_text_is_not_an_author_box_or_a_cookie_notice() {
        let bio = "The author writes about many things and has done so for many years. ".repeat(5);
        let doc = Document::from(format!(
            "<body class='has-sidebar'><noscript><article class='post tag-comments'>\
             <div class='entry-content'><p>{post}</p><p>{post}</p></div>\
             <footer><div id='author-info'><p>{bio}</p></div></footer></article>\
             <div class='cookie-notice'><p>{bio}</p></div></noscript></body>",
            post = "A short post of two paragraphs, each of them two sentences long. ".repeat(2),
        ));
        let dense = densest_text_container(&doc).map(|n| n.attr("class").unwrap_or_default().to_string());
        assert_eq!(dense.as_deref(), Some("entry-content"));
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
    fn the_densest_text_is_not_a_consent_popup_or_a_sidebar() {
        let long = "Words of a longer block that is not the article at all, repeated. ".repeat(6);
        let doc = Document::from(format!(
            "<body><div class='with-sidebar'><div class='post-body'><p>{post}</p><p>{post}</p></div>\
             <div id='sidebar'><div class='textwidget'><p>{long}</p></div></div>\
             <div class='privacy-popup'><div class='category'><p>{long}</p></div></div>\
             <div class='aside'><p>{long}</p></div></div></body>",
            post = "A short post of two paragraphs, each of them two sentences long. ".repeat(2),
        ));
        let dense = densest_text_container(&doc).map(|n| n.attr("class").unwrap_or_default().to_string());
        assert_eq!(dense.as_deref(), Some("post-body"));
    }

    #[test]
    fn removes_disclaimers_ratings_and_teasers_of_other_stories() {
        let text = cleaned(
            "<body><h1>Title</h1><div class='entry-content'><p>Body text.</p>\
             <p class='aawp-disclaimer'>We earn a commission.</p>\
             <div class='post-ratings'>No ratings yet</div>\
             <div class='teaser'><a href='/other'>Another story</a></div></div>\
             <p class='article-teaser'>The lead of this story.</p></body>",
        );
        assert_eq!(text, "Title Body text. The lead of this story.");
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
        remove_before_extraction(&doc, None, &ExtractOptions::default());
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
        remove_before_extraction(&doc, Some("www.example.com"), &options);
        let text = doc.select("body").text();
        assert!(text.contains("Story."));
        assert!(!text.contains("patron"));
        assert!(!text.contains("mug"));
    }
}
