//! Comment bodies kept out of the HTML parse.
//!
//! On a page with a thousand comments, most bytes are the bodies inside WordPress's
//! `div.comment-content`, and parsing them into a DOM only to render it back to text is wasted
//! work. A body whose markup is plain (paragraphs, links, emphasis, quotes, lists: tags
//! that nest properly, no attributes but a link's, character references the text renderer reads
//! the same as the HTML parser) renders to the same text from its source as from its DOM
//! ([`Renderer::run`](crate::comments::body_text::Renderer::run) and the DOM walk agree on such
//! markup). So [`cut`] takes such bodies out of the page, leaving in each box a marker element,
//! and [`Cut::locate`] finds the boxes again in the parsed page. Anything unexpected (a marker the
//! parser moved, as it does inside tables or `select`s, or one that is missing) makes the caller
//! parse the whole page instead: the cut never changes what is extracted.

use std::collections::HashMap;

use dom_query::{Document, NodeId, NodeRef};

/// The attribute of the marker element; a page that already holds the string is not cut.
const MARKER: &str = "data-folio-body";
/// The class of the box whose content is cut (WordPress core's comment walker and most themes).
const BOX_CLASS: &str = "comment-content";

/// Elements a plain body may hold, and whether each is a block (a block may not open inside a
/// `p`: the HTML parser would close the `p` there, and the source then no longer reads as its DOM).
const PLAIN_ELEMENTS: &[(&str, bool)] = &[
    ("p", true),
    ("blockquote", true),
    ("ul", true),
    ("ol", true),
    ("li", true),
    ("a", false),
    ("em", false),
    ("strong", false),
    ("b", false),
    ("i", false),
    ("u", false),
    ("s", false),
    ("code", false),
    ("span", false),
    ("sub", false),
    ("sup", false),
    ("del", false),
    ("ins", false),
    ("small", false),
    ("br", false),
];
/// The only attributes allowed, on `a` only: what the renderer reads (`href`) and what changes
/// nothing it reads.
const LINK_ATTRIBUTES: &[&str] = &["href", "rel", "target", "title"];
/// Named character references the renderer decodes exactly as the HTML parser does (with `;`).
const NAMED_REFERENCES: &[&str] = &[
    "amp", "lt", "gt", "quot", "apos", "nbsp", "hellip", "mdash", "ndash", "lsquo", "rsquo", "ldquo",
    "rdquo", "laquo", "raquo", "bull", "middot", "copy", "reg", "trade", "euro", "pound", "times", "deg",
];

/// A page with its plain comment bodies cut out.
pub(super) struct Cut<'a> {
    /// The page to parse: each cut body replaced by a marker element holding its number.
    pub html: String,
    bodies: Vec<&'a str>,
}

/// Cuts the plain bodies out of `html`; `None` when there is none (or the page holds the marker).
pub(super) fn cut(html: &str) -> Option<Cut<'_>> {
    let bytes = html.as_bytes();
    if memchr::memmem::find(bytes, MARKER.as_bytes()).is_some() {
        return None;
    }
    let mut cut = Cut {
        html: String::with_capacity(html.len() / 4),
        bodies: Vec::new(),
    };
    let (mut copied, mut from) = (0, 0);
    let finder = memchr::memmem::Finder::new(BOX_CLASS);
    while let Some(found) = finder.find(&bytes[from..]) {
        let at = from + found;
        from = at + BOX_CLASS.len();
        let Some((start, end)) = box_content(html, at) else {
            continue;
        };
        cut.html.push_str(&html[copied..start]);
        // Writing to a String cannot fail.
        let _ = std::fmt::Write::write_fmt(
            &mut cut.html,
            format_args!("<span {MARKER}=\"{}\"></span>", cut.bodies.len()),
        );
        cut.bodies.push(&html[start..end]);
        copied = end;
        from = end;
    }
    if cut.bodies.is_empty() {
        return None;
    }
    cut.html.push_str(&html[copied..]);
    Some(cut)
}

/// Where the content of the box whose start tag holds `class_at` starts and ends, when the tag
/// is a `div` of class [`BOX_CLASS`] and its content is plain.
fn box_content(html: &str, class_at: usize) -> Option<(usize, usize)> {
    let bytes = html.as_bytes();
    let open = memchr::memrchr(b'<', &bytes[..class_at])?;
    let close = class_at + memchr::memchr(b'>', &bytes[class_at..])?;
    let tag = html.get(open + 1..close)?;
    let inside = tag.strip_prefix("div")?;
    if !inside.starts_with(|c: char| c.is_ascii_whitespace()) || inside.contains(['<', '>']) {
        return None;
    }
    let class = attributes(inside)?
        .into_iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("class"))?
        .1;
    if !class.split_ascii_whitespace().any(|token| token == BOX_CLASS) {
        return None;
    }
    let start = close + 1;
    let end = start + plain_content_len(&html[start..])?;
    Some((start, end))
}

/// The length of the plain markup at the start of `html` up to the `</div>` that closes its box;
/// `None` when the markup is not plain.
fn plain_content_len(html: &str) -> Option<usize> {
    let bytes = html.as_bytes();
    // The elements open around the current point, innermost last.
    let mut open: Vec<&str> = Vec::new();
    let mut at = 0;
    loop {
        at += memchr::memchr3(b'<', b'&', b'\0', &bytes[at..])?;
        match bytes[at] {
            b'&' => at += plain_reference_len(&html[at..])?,
            b'<' => {
                let rest = &html[at + 1..];
                let closing = rest.starts_with('/');
                let name_from = usize::from(closing);
                let name_len = rest.as_bytes()[name_from..]
                    .iter()
                    .position(|b| !b.is_ascii_alphanumeric())
                    .unwrap_or(rest.len() - name_from);
                if name_len == 0 {
                    // "a < b" is text to both the parser and the renderer; `<!`, `<?`, `</ ` are not.
                    if closing || rest.starts_with(['!', '?']) {
                        return None;
                    }
                    at += 1;
                    continue;
                }
                if !rest.as_bytes()[name_from].is_ascii_alphabetic() {
                    return None;
                }
                let gt = memchr::memchr(b'>', rest.as_bytes())?;
                let name = &rest[name_from..name_from + name_len];
                let inside = &rest[name_from + name_len..gt];
                if memchr::memchr2(b'<', b'\r', inside.as_bytes()).is_some() {
                    return None;
                }
                if closing {
                    if !inside.trim().is_empty() {
                        return None;
                    }
                    if open.is_empty() && name.eq_ignore_ascii_case("div") {
                        return Some(at);
                    }
                    let last = open.pop()?;
                    if !last.eq_ignore_ascii_case(name) {
                        return None;
                    }
                } else {
                    let name = plain_start(name, inside, &open)?;
                    if name != "br" {
                        open.push(name);
                    }
                }
                at += 1 + gt + 1;
            }
            _ => return None,
        }
    }
}

/// The element a start tag opens (as listed in [`PLAIN_ELEMENTS`]) when the tag is plain where it
/// stands, given the elements `open` around it.
fn plain_start(name: &str, inside: &str, open: &[&str]) -> Option<&'static str> {
    let &(name, block) = PLAIN_ELEMENTS
        .iter()
        .find(|(known, _)| known.eq_ignore_ascii_case(name))?;
    let inside = inside.trim_end();
    let self_closed = inside.ends_with('/');
    // Most tags have no attributes: nothing to read then.
    let attrs = match inside.trim_end_matches('/') {
        "" => Vec::new(),
        attrs => attributes(attrs)?,
    };
    let fits = match name {
        "a" => {
            !open.contains(&"a")
                && attrs
                    .iter()
                    .all(|(n, _)| LINK_ATTRIBUTES.iter().any(|known| known.eq_ignore_ascii_case(n)))
        }
        "li" => attrs.is_empty() && matches!(open.last(), Some(&"ul" | &"ol")),
        _ => attrs.is_empty(),
    };
    let nests = !(block && open.contains(&"p"));
    (fits && nests && (!self_closed || name == "br")).then_some(name)
}

/// The attributes of a tag's inside (after its name): names and quoted values, each value plain
/// ([`plain_reference_len`] for every `&`); `None` for any other syntax or a repeated name.
fn attributes(inside: &str) -> Option<Vec<(&str, &str)>> {
    let mut attrs: Vec<(&str, &str)> = Vec::new();
    let mut rest = inside.trim_start();
    while !rest.is_empty() {
        let name_len = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))?;
        if name_len == 0 {
            return None;
        }
        let name = &rest[..name_len];
        let after = rest[name_len..].trim_start().strip_prefix('=')?.trim_start();
        let quote = after.chars().next().filter(|q| matches!(q, '"' | '\''))?;
        let value_len = after[1..].find(quote)?;
        let value = &after[1..1 + value_len];
        let mut amp = 0;
        while let Some(found) = value[amp..].find('&') {
            amp += found + plain_reference_len(&value[amp + found..])?;
        }
        // The renderer finds `href` by name in the raw tag: no value may spell it.
        let spells_href = value
            .as_bytes()
            .windows(4)
            .any(|w| w.eq_ignore_ascii_case(b"href"));
        if spells_href || attrs.iter().any(|(n, _)| n.eq_ignore_ascii_case(name)) {
            return None;
        }
        attrs.push((name, value));
        rest = after[2 + value_len..].trim_start();
        if rest.len() == after[2 + value_len..].len() && !rest.is_empty() {
            return None; // attributes must be separated by whitespace
        }
    }
    Some(attrs)
}

/// The length of the `&…` at the start of `text` when the renderer and the HTML parser read it
/// alike: a lone `&`, a numeric reference to a printable character, or a named one the renderer
/// knows, each closed by `;`.
fn plain_reference_len(text: &str) -> Option<usize> {
    let rest = &text[1..];
    if !rest.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '#') {
        return Some(1);
    }
    let semicolon = rest.find(';')?;
    let name = &rest[..semicolon];
    let code = match name.strip_prefix('#') {
        Some(number) => match number.strip_prefix(['x', 'X']) {
            Some(hex) if !hex.is_empty() && hex.len() <= 6 => u32::from_str_radix(hex, 16).ok()?,
            Some(_) => return None,
            None if !number.is_empty() && number.len() <= 7 => number.parse().ok()?,
            None => return None,
        },
        None => return NAMED_REFERENCES.contains(&name).then_some(semicolon + 2),
    };
    let printable = matches!(code, 0x20..=0x7e | 0xa0..=0xd7ff | 0xe000..=0xfffd | 0x1_0000..=0x10_ffff);
    printable.then_some(semicolon + 2)
}

impl<'a> Cut<'a> {
    /// The cut bodies by the box that held each, in the page parsed from [`Cut::html`]; `None`
    /// when a marker is not alone in its box (the parser moved it), missing or repeated.
    pub(super) fn locate(&self, doc: &Document) -> Option<RawBodies<'a>> {
        let mut by_box = HashMap::with_capacity(self.bodies.len());
        for marker in doc.select("span[data-folio-body]").nodes() {
            let number: usize = marker.attr(MARKER)?.parse().ok()?;
            let body = *self.bodies.get(number)?;
            let holder = marker.parent().filter(|p| p.has_name("div"))?;
            let alone =
                holder.first_child().is_some_and(|c| c.id == marker.id) && marker.next_sibling().is_none();
            if !alone || by_box.insert(holder.id, body).is_some() {
                return None;
            }
        }
        (by_box.len() == self.bodies.len()).then_some(RawBodies { by_box })
    }
}

/// Bodies rendered from their source rather than from the DOM, by the element that holds each
/// (empty when the whole page was parsed).
#[derive(Default)]
pub(super) struct RawBodies<'a> {
    by_box: HashMap<NodeId, &'a str>,
}

impl<'a> RawBodies<'a> {
    /// None: every body is in the DOM.
    pub(super) fn none() -> Self {
        RawBodies::default()
    }

    /// The source of the body that `node` holds, when it was cut.
    pub(super) fn of(&self, node: &NodeRef) -> Option<&'a str> {
        self.by_box.get(&node.id).copied()
    }

    /// The elements whose bodies were cut.
    pub(super) fn boxes<'d>(&self, doc: &'d Document) -> impl Iterator<Item = NodeRef<'d>> {
        self.by_box.keys().map(|id| NodeRef::new(*id, &doc.tree))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use dom_query::Document;

    use super::*;
    use crate::comments::html::{wordpress, wordpress_without_parsing_bodies};
    use crate::comments::model::Thread;

    /// A WordPress html5 page whose one comment has `body` in its content box, after `before`.
    fn page(before: &str, body: &str) -> String {
        format!(
            "<html><body>{before}<ol class=\"comment-list\"><li id=\"comment-7\" class=\"comment depth-1\">\
             <article class=\"comment-body\"><footer class=\"comment-meta\"><b class=\"fn\">Ana</b>\
             <time datetime=\"2024-03-11T09:00:00+00:00\">March 11</time></footer>\
             <div class=\"comment-content\">{body}</div><div class=\"reply\"><a>Reply</a></div>\
             </article></li></ol></body></html>"
        )
    }

    /// The thread read the usual way, parsing the whole page.
    fn parsed_whole(html: &str) -> Option<Thread> {
        wordpress::extract(&Document::from(html), None, &RawBodies::none()).map(|(thread, _)| thread)
    }

    #[test]
    fn plain_bodies_are_cut_and_read_as_when_parsed() {
        let body = "<p>I&#x27;ve seen <a href=\"https://e.org/?a=1&amp;b=2\" rel=\"nofollow ugc\">this</a> &amp; \
                    <em>that</em> a < b</p>\n<blockquote><p>quoted<br/>line</p></blockquote><ul><li>one</li></ul>";
        let html = page("", body);
        let cut = cut(&html).unwrap();
        assert_eq!(cut.bodies, vec![body]);
        assert!(!cut.html.contains("quoted"));
        let fast = wordpress_without_parsing_bodies(&html, None).unwrap();
        assert_eq!(Some(&fast), parsed_whole(&html).as_ref());
        assert!(
            fast.comments[0].text.contains("> quoted\n> line"),
            "{:?}",
            fast.comments[0].text
        );
    }

    #[test]
    fn markup_the_renderer_may_read_otherwise_is_not_cut() {
        for body in [
            "<p>a<ul><li>b</li></ul></p>", // a list closes the paragraph in the parser
            "<p>a</p><div>b</div>",
            "<p class=\"x\">a</p>",
            "<p>&copyright; &#128; &#0; &#xD800; &amp</p>",
            "<img class=\"emoji\" alt=\":)\">",
            "<p>a<!-- c --></p>",
            "<li>stray item</li>",
            "<a href=\"x\"><a href=\"y\">nested</a></a>",
            "<p>unclosed",
            "<pre>\ncode</pre>",
            "<a title=\"see href=x\" href=\"y\">z</a>",
            "<p>a\0b</p>",
        ] {
            assert!(cut(&page("", body)).is_none(), "{body}");
        }
        // The marker itself in a page: nothing is cut.
        assert!(cut(&page("<p data-folio-body=\"0\"></p>", "<p>a</p>")).is_none());
    }

    #[test]
    fn a_box_the_parser_moves_or_reads_whole_means_the_whole_page_is_parsed() {
        // A link left open before the box is reopened inside it by the parser (the body's text is
        // then a link): the marker is not alone in its box.
        let html = page("<p><a href=\"https://e.org/open\">open link", "<p>text</p>");
        assert!(cut(&html).is_some());
        assert_eq!(wordpress_without_parsing_bodies(&html, None), None);
        assert!(
            parsed_whole(&html).unwrap().comments[0]
                .text
                .contains("[1]: https://e.org/open")
        );
        // Moved out of a table with the whole list, the box keeps its marker: the same thread.
        let html = page("<table><tr>", "<p>text</p>");
        assert!(wordpress_without_parsing_bodies(&html, None).is_some());
        assert_eq!(wordpress_without_parsing_bodies(&html, None), parsed_whole(&html));
        // A box inside what the extractor reads as the author.
        let html = "<html><body><ol><li id=\"comment-1\" class=\"comment depth-1\"><div class=\"comment-author\">\
                    <div class=\"comment-content\"><p>text</p></div></div></li></ol></body></html>";
        let cut_page = cut(html).unwrap();
        let doc = Document::from(cut_page.html.as_str());
        let raw = cut_page.locate(&doc).unwrap();
        assert!(!wordpress::reads_only_bodies(&doc, &raw));
        assert_eq!(wordpress_without_parsing_bodies(html, None), None);
    }

    proptest::proptest! {
        #[test]
        fn any_body_that_is_cut_reads_as_when_parsed(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "<p>", "</p>", "<a href=\"https://e.org/a\">", "<a href='#x' rel=\"nofollow\">", "</a>", "<br>",
                "<br />", "<blockquote>", "</blockquote>", "<ul>", "<ol>", "<li>", "</li>", "</ul>", "</ol>",
                "<b>", "</b>", "<code>", "</code>", "<em>", "</em>", "<span>", "</span>", "<div>", "</div>",
                "word", " ", "\n", "  two words ", "\t", "&amp;", "&lt;b&gt;", "&nbsp;", "&#x27;", "&#39;",
                "&hellip;", "&", "a < b", "é", "\u{a0}", "<P>", "</P>", "<I>", "</I>",
            ]), 0..40)
        ) {
            let body: String = parts.concat();
            let html = page("", &body);
            if let Some(fast) = wordpress_without_parsing_bodies(&html, None) {
                proptest::prop_assert_eq!(Some(fast), parsed_whole(&html), "{}", body);
            }
        }

        #[test]
        fn nested_plain_markup_reads_as_when_parsed(
            items in proptest::collection::vec((0..WRAPPERS.len(), 0..WRAPPERS.len(), 0..TEXTS.len()), 0..12)
        ) {
            // Well-nested markup, so that most bodies are cut (some nest a block in a `p`: not cut).
            let body: String = items
                .iter()
                .map(|&(outer, inner, text)| {
                    let ((open_outer, close_outer), (open_inner, close_inner)) = (WRAPPERS[outer], WRAPPERS[inner]);
                    format!("{open_outer}{open_inner}{}{close_inner}{close_outer}", TEXTS[text])
                })
                .collect();
            let html = page("", &body);
            if let Some(fast) = wordpress_without_parsing_bodies(&html, None) {
                proptest::prop_assert_eq!(Some(fast), parsed_whole(&html), "{}", body);
            }
        }
    }

    const WRAPPERS: [(&str, &str); 9] = [
        ("<p>", "</p>"),
        ("<blockquote>", "</blockquote>"),
        ("<ul><li>", "</li></ul>"),
        ("<ol>\n<li>", "</li><li>two</li></ol>"),
        (
            "<a href=\"https://e.org/a?x=1&amp;y=2\" rel=\"nofollow ugc\">",
            "</a>",
        ),
        ("<em>", "</em>"),
        ("<STRONG>", "</STRONG>"),
        ("<code>", "</code>"),
        ("", "<br />"),
    ];
    const TEXTS: [&str; 6] = [
        "word",
        "  spaced \n out\t",
        "I&#x27;ve &amp; &lt;tag&gt; &hellip;",
        "é — “quoted”\u{a0}x",
        "a < b & c",
        "https://e.org/a",
    ];
}
