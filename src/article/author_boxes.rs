//! Author boxes found by their structure, whatever their names: a short biography beside at least
//! two of an avatar (a small or avatar-named picture), a link to the author's page (`rel=author`,
//! `/author/…`, `itemprop=author`) and a heading that introduces the author ("About the author",
//! "About Jane Doe", "Über die Autorin"). A byline has the picture and the link but no biography;
//! a photo in the article has neither the link nor the heading.

use std::collections::{HashMap, HashSet};

use dom_query::{Document, NodeId, NodeRef};

use super::dom::{collapse, is_named, visible_chars};
use super::guard::Guard;

/// An author box holds at most this much text.
const MAX_BOX_CHARS: usize = 1200;
/// A biography: this much text outside links, in a sentence.
const MIN_BIO_CHARS: usize = 60;
/// How far above its first clue a box may start.
const MAX_LEVELS: usize = 5;
/// A wrapper around the box that adds at most this much text goes with it.
const MAX_WRAPPER_EXTRA_CHARS: usize = 40;
/// Pictures at most this wide (or tall) are portraits, not article images.
const MAX_AVATAR_PIXELS: u32 = 200;

/// One kind of clue to an author box.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Clue {
    Avatar,
    AuthorLink,
    Heading,
}

/// Removes author boxes (see the module notes).
pub fn remove_author_boxes(doc: &Document, guard: &Guard) {
    let Some(body) = doc.select_single("body").nodes().first().copied() else {
        return;
    };
    let clues: Vec<(NodeRef<'_>, Clue)> = body.descendants_it().filter_map(|n| clue(&n)).collect();
    if clues.len() < 2 {
        return;
    }
    let kinds = kinds_inside(&clues);
    let mut removed: HashSet<NodeId> = HashSet::new();
    for (start, _) in &clues {
        if start.ancestors_it(None).any(|a| removed.contains(&a.id)) || start.parent().is_none() {
            continue;
        }
        let Some(found) = author_box(start, &clues, &kinds, guard) else {
            continue;
        };
        removed.insert(found.id);
        found.remove_from_parent();
    }
}

/// The smallest box above `start` holding two kinds of clue and a biography, widened to the
/// wrappers around it that add next to no text.
fn author_box<'a>(
    start: &NodeRef<'a>,
    clues: &[(NodeRef<'a>, Clue)],
    kinds_inside: &HashMap<NodeId, u8>,
    guard: &Guard,
) -> Option<NodeRef<'a>> {
    let mut node = start.parent()?;
    for _ in 0..MAX_LEVELS {
        if guard.protects(&node) || is_named(&node, &["html", "body"]) {
            return None;
        }
        if is_named(&node, &["a", "span", "strong", "b", "em", "i"]) {
            node = node.parent()?;
            continue;
        }
        let distinct = kinds_inside.get(&node.id).map_or(0, |kinds| kinds.count_ones());
        if distinct >= 2 {
            let chars = visible_chars(&node);
            if chars > MAX_BOX_CHARS {
                return None;
            }
            if has_biography(&node) && !is_article_header(&node, clues) {
                let mut found = node;
                while let Some(parent) = found.parent() {
                    if guard.protects(&parent)
                        || is_named(&parent, &["html", "body"])
                        || visible_chars(&parent) > chars + MAX_WRAPPER_EXTRA_CHARS
                    {
                        break;
                    }
                    found = parent;
                }
                return Some(found);
            }
        }
        node = node.parent()?;
    }
    None
}

/// For each element a few levels above a clue, the kinds of clue inside it (one bit per kind).
fn kinds_inside(clues: &[(NodeRef<'_>, Clue)]) -> HashMap<NodeId, u8> {
    let mut kinds: HashMap<NodeId, u8> = HashMap::new();
    for (node, clue) in clues {
        let bit = match clue {
            Clue::Avatar => 1,
            Clue::AuthorLink => 2,
            Clue::Heading => 4,
        };
        for ancestor in node.ancestors_it(Some(MAX_LEVELS * 2)) {
            *kinds.entry(ancestor.id).or_default() |= bit;
        }
    }
    kinds
}

/// The kind of clue `node` is, if any.
fn clue<'a>(node: &NodeRef<'a>) -> Option<(NodeRef<'a>, Clue)> {
    if node.is_text() {
        return heading_clue(node).map(|heading| (heading, Clue::Heading));
    }
    if node.has_name("img") {
        return is_avatar(node).then_some((*node, Clue::Avatar));
    }
    if node.has_name("a") {
        let rel_author = node
            .attr("rel")
            .is_some_and(|rel| rel.split_whitespace().any(|r| r.eq_ignore_ascii_case("author")));
        let href = node.attr("href").unwrap_or_default().to_ascii_lowercase();
        let author_page = AUTHOR_PATHS.iter().any(|p| href.contains(p));
        return (rel_author || author_page).then_some((*node, Clue::AuthorLink));
    }
    node.attr("itemprop")
        .is_some_and(|p| p.split_whitespace().any(|p| p == "author"))
        .then_some((*node, Clue::AuthorLink))
}

/// The heading a text node starts, when it introduces the author: its element (the text may go
/// on in a link, "About <a>Jane Doe</a>").
fn heading_clue<'a>(text: &NodeRef<'a>) -> Option<NodeRef<'a>> {
    let own = text.text();
    let own = own.trim();
    if own.is_empty() || own.len() > MAX_HEADING_CHARS * 2 || !starts_author_heading(own) {
        return None;
    }
    let mut heading = text.parent()?;
    while is_named(&heading, &["a", "span", "em", "i"]) {
        heading = heading.parent()?;
    }
    (is_named(
        &heading,
        &[
            "h2", "h3", "h4", "h5", "h6", "strong", "b", "dt", "p", "div", "span",
        ],
    ) && short_text(&heading, MAX_HEADING_CHARS).is_some_and(|full| is_author_heading(&full)))
    .then_some(heading)
}

/// An author heading is a few words.
const MAX_HEADING_CHARS: usize = 60;

/// The text of `node` whitespace-collapsed, or `None` as soon as it runs past `max` characters or
/// a heading's few nodes (most elements hold far more than a heading: no need to read them whole).
fn short_text(node: &NodeRef<'_>, max: usize) -> Option<String> {
    const MAX_NODES: usize = 40;
    let mut text = String::new();
    for (seen, part) in node.descendants_it().enumerate() {
        if seen > MAX_NODES || text.len() > max * 4 {
            return None;
        }
        if part.is_text() {
            text.push_str(&part.text());
            text.push(' ');
        }
    }
    let text = collapse(&text);
    (text.chars().count() <= max).then_some(text)
}

/// Path parts of an author's page.
const AUTHOR_PATHS: &[&str] = &[
    "/author/",
    "/authors/",
    "/autor/",
    "/autoren/",
    "/autorin/",
    "/auteur/",
    "/auteurs/",
    "/autore/",
    "/autori/",
    "/autores/",
    "/autorzy/",
    "/writer/",
    "/writers/",
    "/columnist/",
    "/profile/",
    "/profil/",
];

/// A portrait: named as an avatar or an author's picture, or a picture declared small.
fn is_avatar(img: &NodeRef<'_>) -> bool {
    let named = ["src", "class", "alt", "itemprop", "data-src", "data-lazy-src"]
        .iter()
        .filter_map(|attr| img.attr(attr))
        .any(|value| {
            let value = value.to_ascii_lowercase();
            ["avatar", "gravatar", "author", "autor", "profile", "portrait"]
                .iter()
                .any(|word| value.contains(word))
        });
    let pixels = |attr: &str| {
        img.attr(attr)
            .and_then(|v| v.trim().trim_end_matches("px").parse::<u32>().ok())
    };
    let small = matches!((pixels("width"), pixels("height")), (Some(w), _) if w <= MAX_AVATAR_PIXELS)
        || matches!((pixels("width"), pixels("height")), (None, Some(h)) if h <= MAX_AVATAR_PIXELS);
    named || small
}

/// Text that may open an author heading (its first word), before the whole heading is read.
fn starts_author_heading(text: &str) -> bool {
    const FIRST_WORDS: &[&str] = &[
        "about",
        "über",
        "zum",
        "zur",
        "der",
        "die",
        "à",
        "l'auteur",
        "l'autrice",
        "l'autore",
        "sull'autore",
        "sobre",
        "el",
        "la",
        "over",
        "o",
        "об",
    ];
    let first = text
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .trim_end_matches(':')
        .to_lowercase()
        .replace('\u{2019}', "'");
    FIRST_WORDS.contains(&first.as_str())
}

/// A heading that introduces the author: "About the author", "About Jane Doe", "Über den Autor",
/// "À propos de l'auteur", "Sobre el autor"...
fn is_author_heading(text: &str) -> bool {
    const FIXED: &[&str] = &[
        "about the author",
        "about the authors",
        "about the writer",
        "about me",
        "über den autor",
        "über die autorin",
        "über die autoren",
        "über mich",
        "zum autor",
        "zur autorin",
        "der autor",
        "die autorin",
        "à propos de l'auteur",
        "à propos de l'autrice",
        "l'auteur",
        "sobre el autor",
        "sobre la autora",
        "sobre o autor",
        "el autor",
        "la autora",
        "l'autore",
        "sull'autore",
        "over de auteur",
        "o autorze",
        "об авторе",
    ];
    const ABOUT: &[&str] = &["about ", "über ", "à propos de ", "sobre ", "over "];
    let text = text.trim().trim_end_matches([':', '.']).replace('\u{2019}', "'");
    let lower = text.to_lowercase();
    if FIXED.contains(&lower.as_str()) {
        return true;
    }
    // "About Jane Doe": the words after "about" are a name, capitalised, at most four.
    ABOUT.iter().any(|about| {
        lower.starts_with(about)
            && text.get(about.len()..).is_some_and(|name| {
                let words: Vec<&str> = name.split_whitespace().collect();
                (2..=4).contains(&words.len()) && words.iter().all(|w| w.starts_with(char::is_uppercase))
            })
    })
}

/// An article's header with its byline: the title (an `h1`, or an `h2` that is no author heading)
/// or the publication time. Its standfirst is no biography.
fn is_article_header(node: &NodeRef<'_>, clues: &[(NodeRef<'_>, Clue)]) -> bool {
    let author_heading = |h: &NodeRef<'_>| clues.iter().any(|(n, c)| *c == Clue::Heading && n.id == h.id);
    node.descendants_it()
        .any(|d| d.has_name("h1") || d.has_name("time") || d.has_name("h2") && !author_heading(&d))
}

/// Text outside links and headings, long enough to be a short biography.
fn has_biography(node: &NodeRef<'_>) -> bool {
    let mut text = String::new();
    for part in node.descendants_it() {
        if part.is_text()
            && !part.ancestors_it(None).take_while(|a| a.id != node.id).any(|a| {
                is_named(
                    &a,
                    &["a", "h2", "h3", "h4", "h5", "h6", "script", "style", "noscript"],
                )
            })
        {
            text.push_str(&part.text());
            text.push(' ');
        }
    }
    let text = collapse(&text);
    text.chars().count() >= MIN_BIO_CHARS && text.contains(['.', '!', '?'])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Names;

    fn after(html: &str) -> String {
        let doc = Document::from(html);
        let guard = Guard::new(&doc, Names::Read);
        remove_author_boxes(&doc, &guard);
        collapse(&doc.select("body").text())
    }

    fn article() -> String {
        "<p>The article's own prose goes on here for a good while, sentence after sentence. </p>".repeat(5)
    }

    #[test]
    fn a_box_with_an_avatar_an_author_link_and_a_bio_goes() {
        let text = after(&format!(
            "<body><div class='entry'>{}<div class='x1'><div><img src='/img/jane.jpg' width='100' height='100'></div>\
             <div><a href='/author/jane-doe/'>Jane Doe</a></div><div><p>Jane writes about wine and has \
             worked on vineyards in Europe and overseas for many years.</p></div></div></div></body>",
            article()
        ));
        assert!(!text.contains("worked on vineyards"), "{text}");
        assert!(text.contains("own prose"), "{text}");
    }

    #[test]
    fn a_heading_about_the_author_and_an_avatar_mark_the_box() {
        let text = after(&format!(
            "<body><div class='entry'>{}</div><div class='auth'><p><img class='avatar' src='g.png'>\
             <strong>Über den Autor</strong>: Ich schreibe seit Jahren über Spiele und Technik, meistens \
             am Abend.</p></div></body>",
            article()
        ));
        assert!(!text.contains("Ich schreibe seit Jahren"), "{text}");
    }

    #[test]
    fn a_byline_with_a_picture_and_a_photo_in_the_article_stay() {
        let text = after(&format!(
            "<body><div class='entry'><div class='byline'><img src='a.jpg' width='40'>\
             <a rel='author' href='/author/jane/'>Jane Doe</a> · March 5, 2021</div>{}\
             <figure><img src='harbour.jpg' width='800'><figcaption>The harbour at dawn, seen from the \
             old lighthouse on the northern pier.</figcaption></figure></div></body>",
            article()
        ));
        assert!(text.contains("Jane Doe"), "{text}");
        assert!(text.contains("The harbour at dawn"), "{text}");
    }

    #[test]
    fn an_article_header_with_a_byline_picture_and_a_standfirst_stays() {
        let text = after(&format!(
            "<body><header><h2>The title of the story</h2><div><img class='avatar' src='a.jpg'>\
             <a href='/author/jane/'>Jane Doe</a><time>13.12.2022</time></div><div class='lead'><p>The \
             standfirst of the story says what happened and why it matters to readers.</p></div></header>\
             <div class='entry'>{}</div></body>",
            article()
        ));
        assert!(text.contains("The standfirst of the story"), "{text}");
    }

    #[test]
    fn author_headings_in_several_languages() {
        for heading in [
            "About the author",
            "About Jane Doe",
            "Über die Autorin:",
            "À propos de l'auteur",
        ] {
            assert!(is_author_heading(heading), "{heading}");
        }
        for heading in ["About this story", "About 40 people came", "Der Hafen"] {
            assert!(!is_author_heading(heading), "{heading}");
        }
    }
}
