//! A comment body from the parsed page: the widgets inside it removed, and its nodes fed in
//! document order to the body renderer (or its source, when it was cut out of the parse).

use dom_query::{NodeData, NodeRef, Selection};

use super::raw_bodies::RawBodies;
use super::selectors::Selector;
use crate::comments::body_text::Renderer;

/// Widgets that sit inside a comment's body in some themes but are not what the person wrote: these
/// elements, elements with one of [`CHROME_CLASSES`], and elements whose class attribute contains
/// one of [`CHROME_CLASS_PARTS`]. (Checked by hand rather than as one CSS selector list, which
/// every element of every body would be matched against.)
const CHROME_ELEMENTS: &[&str] = &[
    "script", "style", "noscript", "template", "button", "form", "input", "select", "textarea", "svg",
];
const CHROME_CLASSES: &[&str] = &[
    "reply",
    "comment-reply-link",
    "comment-edit-link",
    "comment-likes",
    "sharedaddy",
    "jetpack-likes-widget-wrapper",
    "sd-like",
    "wpl-likebox",
    "says",
    "wpd-comment-footer",
    "wpd-reply-to",
    "wpd-comment-last-edited",
    "wpd-comment-label",
    "wpd-readmore",
    "wpdiscuz-readmore",
    "wpd-vote",
    "comment-awaiting-moderation",
    "reply-link",
    "comment-actions",
    "comment-footer",
];
const CHROME_CLASS_PARTS: &[&str] = &["report-link", "flag-link", "comments-report"];

/// Whether an element is chrome inside a comment's body (see [`CHROME_ELEMENTS`]).
pub(super) fn is_chrome(node: &NodeRef) -> bool {
    let Some(element) = node.element_ref() else {
        return false;
    };
    CHROME_ELEMENTS.contains(&&*element.name.local)
        || element
            .attrs
            .iter()
            .find(|a| &*a.name.local == "class")
            .is_some_and(|class| {
                class
                    .value
                    .split_ascii_whitespace()
                    .any(|token| CHROME_CLASSES.contains(&token))
                    || CHROME_CLASS_PARTS.iter().any(|part| class.value.contains(part))
            })
}

/// Removes the chrome inside `node` (not `node` itself) from the document.
fn remove_chrome(node: &NodeRef) {
    let mut chrome = Vec::new();
    let mut stack: Vec<NodeRef> = node.children_it(false).collect();
    while let Some(next) = stack.pop() {
        if !next.is_element() {
            continue;
        }
        if is_chrome(&next) {
            chrome.push(next); // its own descendants go with it
        } else {
            stack.extend(next.children_it(false));
        }
    }
    for element in chrome {
        element.remove_from_parent();
    }
}

/// A comment body: chrome removed, then rendered to text (from its source when it was cut out of
/// the parse: see [`RawBodies`]).
pub(super) fn body_text(node: &NodeRef, raw: &RawBodies) -> String {
    let mut renderer = Renderer::default();
    if let Some(source) = raw.of(node) {
        renderer.run(source);
        return renderer.finish();
    }
    remove_chrome(node);
    render(
        &mut renderer,
        node.children_it(true).map(|c| Step::Open(c, false)).collect(),
        raw,
        &|_| false,
    );
    renderer.finish()
}

/// The text of `node`'s content without its chrome and without the elements `skip` names (with
/// all they hold). The DOM is left intact.
pub(super) fn text_without(node: &NodeRef, skip: &dyn Fn(&NodeRef) -> bool) -> String {
    let mut renderer = Renderer::default();
    render(
        &mut renderer,
        node.children_it(true).map(|c| Step::Open(c, false)).collect(),
        &RawBodies::none(),
        &|n| is_chrome(n) || skip(n),
    );
    renderer.finish()
}

/// A comment body made of `node`'s content minus the parts matching `skip` at any level (xhtml
/// WordPress puts the paragraphs directly in `.comment-body` beside the author and date blocks;
/// custom themes put a `header` with the author inside the content box). The DOM is left intact.
pub(super) fn body_text_without(
    node: &NodeRef,
    skip: &[Selector],
    author: Option<&NodeRef>,
    raw: &RawBodies,
) -> String {
    remove_chrome(node);
    enum Visit<'a> {
        Node(NodeRef<'a>),
        Close,
    }
    // The author's element is skipped too: `<cite><strong>Ramón</strong> dijo:</cite><p>…`.
    let is_author = |n: &NodeRef| author.is_some_and(|a| a.id == n.id);
    let matches_skip = |n: &NodeRef| n.is_element() && (is_author(n) || skip.iter().any(|m| m.matches(n)));
    let holds_skip = |n: &NodeRef| {
        author.is_some_and(|a| a.ancestors_it(None).any(|up| up.id == n.id))
            || skip
                .iter()
                .any(|m| Selection::from(*n).select_matcher(m.matcher()).exists())
    };
    let mut renderer = Renderer::default();
    let mut visits: Vec<Visit> = node.children_it(true).map(Visit::Node).collect();
    while let Some(visit) = visits.pop() {
        match visit {
            Visit::Close => renderer.end("div"),
            Visit::Node(child) if matches_skip(&child) => {}
            // A wrapper around both text and skipped parts: kept as a block, looked inside.
            Visit::Node(child) if child.is_element() && holds_skip(&child) => {
                renderer.start("div", false, &|_| None);
                visits.push(Visit::Close);
                visits.extend(child.children_it(true).map(Visit::Node));
            }
            Visit::Node(child) => render(&mut renderer, vec![Step::Open(child, false)], raw, &|_| false),
        }
    }
    renderer.finish()
}

/// A step of [`render`].
enum Step<'a> {
    /// A node to render; the flag says its parent holds raw text (a script's, say).
    Open(NodeRef<'a>, bool),
    /// The end of an element.
    Close(NodeRef<'a>),
}

/// Feeds parsed nodes to the renderer in document order, as their serialized HTML would: the
/// same text as serializing them and rendering the HTML, without writing it and reading it back.
/// Iterative, for any depth.
fn render(
    renderer: &mut Renderer,
    mut steps: Vec<Step<'_>>,
    raw: &RawBodies,
    skip: &dyn Fn(&NodeRef) -> bool,
) {
    while let Some(step) = steps.pop() {
        let node = match step {
            Step::Open(node, _) if skip(&node) => continue,
            Step::Close(node) => {
                if let Some(name) = node.qual_name_ref() {
                    renderer.end_element(&name.local);
                }
                continue;
            }
            Step::Open(node, raw_parent) => {
                node.query(|tree_node| match &tree_node.data {
                    // Raw text (a script's or an `xmp`'s) is written unescaped, so it reads as markup.
                    NodeData::Text { contents } if raw_parent => {
                        renderer.run(contents);
                        None
                    }
                    NodeData::Text { contents } => {
                        renderer.text(contents);
                        None
                    }
                    NodeData::Element(element) => {
                        let html = &*element.name.ns == HTML_NAMESPACE;
                        let name: &str = &element.name.local;
                        let attr = |wanted: &str| {
                            element
                                .attrs
                                .iter()
                                .find(|a| a.name.ns.is_empty() && &*a.name.local == wanted)
                                .map(|a| a.value.trim().to_string())
                        };
                        renderer.start_element(name, &attr);
                        if let Some(source) = raw.of(&node) {
                            renderer.run(source);
                            renderer.end_element(name);
                            return None;
                        }
                        let void = html && VOID_ELEMENTS.contains(&name);
                        (!void).then(|| {
                            (
                                html && RAW_TEXT_ELEMENTS.contains(&name),
                                element.template_contents,
                            )
                        })
                    }
                    NodeData::Document | NodeData::Fragment => Some((false, None)),
                    _ => None,
                })
                .flatten()
                .map(|inside| (node, inside))
            }
        };
        let Some((node, (raw, template))) = node else {
            continue;
        };
        if node.is_element() {
            steps.push(Step::Close(node));
        }
        steps.extend(node.children_it(true).map(|c| Step::Open(c, raw)));
        if let Some(contents) = template {
            steps.push(Step::Open(NodeRef::new(contents, node.tree), false));
        }
    }
}

const HTML_NAMESPACE: &str = "http://www.w3.org/1999/xhtml";
/// Elements serialized without content or end tag.
const VOID_ELEMENTS: &[&str] = &[
    "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "img", "input", "keygen",
    "link", "meta", "param", "source", "track", "wbr",
];
/// Elements whose text is serialized unescaped.
const RAW_TEXT_ELEMENTS: &[&str] = &[
    "style",
    "script",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "plaintext",
];

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use dom_query::Document;

    use super::*;
    use crate::comments::body_text::html_to_text;

    /// The body of `<div id=body>…</div>` rendered both ways: from the DOM, and from its serialized
    /// HTML (what the extractors did before rendering from the DOM).
    fn both_ways(html: &str) -> (String, String) {
        let doc = Document::from(format!("<html><body><div id=body>{html}</div></body></html>"));
        let body = doc.select("#body").nodes().first().copied().unwrap();
        let via_html = html_to_text(&body.inner_html());
        (body_text(&body, &RawBodies::none()), via_html)
    }

    #[test]
    fn rendering_the_dom_gives_the_text_of_rendering_its_html() {
        let cases = [
            "<p>One &amp; two &lt;three&gt;&nbsp;four</p><p>AT&T and a&b</p>",
            "Hi <a href=\" https://e.org/x?a=1&amp;b=2 \" title='x'>there</a>, <a href=\"#top\">top</a> \
             <a href=\"https://e.org/y\">https://e.org/y</a>",
            "<blockquote><p>quoted <b>bold</b></p><blockquote>deeper</blockquote></blockquote>after",
            "<pre><code>fn main() {\n    let x = 1;\n\n}</code></pre><p>  spaced   out\ttext \u{2003} here </p>",
            "<ul><li>one<ol><li>a</li><li>b</li></ol></li><li>two</li></ul>",
            "<img class=\"wp-smiley emoji\" alt=\"&lt;3 💪\" src=x.png> <img alt=avatar src=a.png>",
            "text<br>line<br/>end<hr>rule<!-- a comment --><wbr>",
            "<xmp>raw <p>markup</p> stays</xmp><iframe>frame <b>text</b></iframe>after",
            "<svg><title>icon</title><text>drawn</text></svg><math><mi>x</mi></math>",
            "<template><p>inert</p><style>a{}</style></template>visible",
            "<my-very-long-custom-element-name>custom</my-very-long-custom-element-name><section>s</section>",
            "<table><tr><td>cell</td><td>two</td></tr></table><details><summary>sum</summary>more</details>",
            "unclosed <b>bold <i>italic <a href=x>link",
            "<p>ünïcödé — “quotes” … 日本語</p>",
        ];
        for case in cases {
            let (dom, html) = both_ways(case);
            assert_eq!(dom, html, "{case}");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_mix_of_comment_markup_renders_the_same_both_ways(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "<p>", "</p>", "<a href=\"https://e.org/a\">", "<a href='#x'>", "</a>", "<br>", "<blockquote>",
                "</blockquote>", "<pre>", "</pre>", "<ul>", "<ol>", "<li>", "</li>", "</ul>", "</ol>", "<b>",
                "</b>", "<code>", "</code>", "<xmp>", "</xmp>", "<div>", "</div>", "word", " ", "\n", "  two words ",
                "&amp;", "&lt;b&gt;", "&nbsp;", "&#x27;", "é", "\u{a0}", "<img class=emoji alt=\":)\">",
                "<!--c-->", "<span>", "</span>", "<h2>", "</h2>", "<table><tr><td>", "</td></tr></table>",
            ]), 0..40)
        ) {
            let html = parts.concat();
            let (dom, via_html) = both_ways(&html);
            proptest::prop_assert_eq!(dom, via_html, "{}", html);
        }
    }
}
