//! An article to styled, width-wrapped lines: html2text's rich output mapped onto our own line and
//! style types (the TUI maps each `Style` to a theme colour), links numbered `[3]` in the text with
//! the list at the end, images as `[image: alt or caption]`.

use dom_query::Document;
use html2text::render::RichAnnotation;
use serde::Serialize;

use super::dom::{collapse, within};
use super::{Article, BlockKind};
use crate::sanitize;

/// Narrowest width we wrap to; below it html2text cannot lay out lists and tables.
const MIN_WIDTH: usize = 20;
/// Link numbers point at `#folio-link-N`, so the renderer can tell them from real links.
const LINK_NUMBER_PREFIX: &str = "#folio-link-";

/// How a span of text is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Style {
    Plain,
    Title,
    /// Byline, date and site under the title.
    Meta,
    /// Why the article is empty or partial.
    Note,
    Heading,
    Bold,
    Italic,
    Strike,
    Code,
    Preformatted,
    Quote,
    Link,
    LinkNumber,
    Image,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Span {
    pub text: String,
    pub style: Style,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Line {
    pub spans: Vec<Span>,
}

impl Line {
    fn plain(text: impl Into<String>, style: Style) -> Self {
        Line {
            spans: vec![Span {
                text: text.into(),
                style,
            }],
        }
    }

    /// The line's text without styles.
    pub fn text(&self) -> String {
        self.spans.iter().map(|s| s.text.as_str()).collect()
    }
}

/// An article laid out for one width.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Rendered {
    pub width: usize,
    pub lines: Vec<Line>,
    /// Link targets; `links[0]` is `[1]` in the text.
    pub links: Vec<String>,
}

impl Rendered {
    /// All lines as plain text, one per line.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for line in &self.lines {
            out.push_str(line.text().trim_end());
            out.push('\n');
        }
        out
    }
}

/// Whether links are numbered in the text and listed at the end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkMode {
    /// `word[3]` in the text, `[3] URL` at the end (the reader's view).
    Numbered,
    /// Link text only (plain text for pipes and scripts).
    Hidden,
}

/// Lays the article out at `width` columns: title, byline line, note, body, numbered link list.
/// Every string is terminal-safe.
pub fn render(article: &Article, width: usize) -> Rendered {
    render_with(article, width, LinkMode::Numbered)
}

/// `render`, choosing whether links are numbered.
pub fn render_with(article: &Article, width: usize, link_mode: LinkMode) -> Rendered {
    let width = width.max(MIN_WIDTH);
    let mut lines = Vec::new();
    if let Some(title) = &article.title {
        for wrapped in wrap_words(&sanitize::single_line(title), width) {
            lines.push(Line::plain(wrapped, Style::Title));
        }
    }
    let meta: Vec<String> = [&article.byline, &article.date, &article.site]
        .into_iter()
        .flatten()
        .map(|s| sanitize::single_line(s))
        .collect();
    if !meta.is_empty() {
        for wrapped in wrap_words(&meta.join(" · "), width) {
            lines.push(Line::plain(wrapped, Style::Meta));
        }
    }
    if let Some(note) = &article.note {
        for wrapped in wrap_words(&format!("({})", sanitize::single_line(note)), width) {
            lines.push(Line::plain(wrapped, Style::Note));
        }
    }
    if !lines.is_empty() {
        lines.push(Line::default());
    }
    let (html, links) = numbered_html(article, link_mode);
    lines.extend(body_lines(&html, width));
    if !links.is_empty() {
        lines.push(Line::default());
        lines.push(Line::plain("Links:", Style::Heading));
        for (i, link) in links.iter().enumerate() {
            lines.push(Line {
                spans: vec![
                    Span {
                        text: format!("[{}] ", i + 1),
                        style: Style::LinkNumber,
                    },
                    Span {
                        text: sanitize::single_line(link),
                        style: Style::Link,
                    },
                ],
            });
        }
    }
    Rendered { width, lines, links }
}

/// The blocks that make the plain text: the prose, without figures (an image's caption or credit
/// means little without the image; the rendered view shows it as the image's label).
fn prose_blocks(article: &Article) -> impl Iterator<Item = &super::Block> {
    article.blocks.iter().filter(|b| b.kind != BlockKind::Figure)
}

/// The body as plain text: each block's text, a blank line between blocks.
pub(super) fn plain_text(article: &Article) -> String {
    prose_blocks(article)
        .map(|b| b.text.as_str())
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// The body as plain text wrapped at `width`: paragraphs, headings and quotes re-flowed, list items
/// wrapped one by one, code and tables kept as they are.
pub(super) fn plain_text_wrapped(article: &Article, width: usize) -> String {
    let width = width.max(MIN_WIDTH);
    let mut out = String::new();
    for block in prose_blocks(article).filter(|b| !b.text.is_empty()) {
        if !out.is_empty() {
            out.push('\n');
        }
        let text = sanitize::multi_line(&block.text);
        match block.kind {
            BlockKind::Code | BlockKind::Table => {
                out.push_str(&text);
                out.push('\n');
            }
            _ => {
                for line in text.lines() {
                    for wrapped in wrap_words(line, width) {
                        out.push_str(&wrapped);
                        out.push('\n');
                    }
                }
            }
        }
    }
    out
}

/// Distinct link targets of the body in reading order.
pub(super) fn links(article: &Article) -> Vec<String> {
    numbered_html(article, LinkMode::Numbered).1
}

/// The body's HTML with a `[n]` marker after each link and images replaced by `[image: ...]`.
fn numbered_html(article: &Article, link_mode: LinkMode) -> (String, Vec<String>) {
    let html: String = article
        .blocks
        .iter()
        .map(|b| b.html.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let doc = Document::fragment(html.as_str());
    let mut links: Vec<String> = Vec::new();
    for link in doc.select("a[href]").nodes() {
        let href = link
            .attr("href")
            .map(|h| h.trim().to_string())
            .unwrap_or_default();
        if href.is_empty() || href.starts_with('#') || href.starts_with("javascript:") {
            continue;
        }
        let number = match links.iter().position(|l| *l == href) {
            Some(i) => i + 1,
            None => {
                links.push(href);
                links.len()
            }
        };
        if link_mode == LinkMode::Numbered {
            link.after_html(format!("<a href=\"{LINK_NUMBER_PREFIX}{number}\">[{number}]</a>"));
        }
    }
    if link_mode == LinkMode::Hidden {
        links.clear();
    }
    // A figure's caption becomes its image's label (shown once, in place of the figcaption).
    for figure in doc.select("figure").nodes() {
        let caption = within(figure, "figcaption");
        let text = collapse(&caption.text());
        let images = within(figure, "img");
        if !text.is_empty() && images.length() == 1 {
            images.set_attr("alt", &text);
            caption.remove();
        }
    }
    let title = article.title.as_deref().map(collapse).unwrap_or_default();
    for img in doc.select("img").nodes() {
        let alt = img.attr("alt").map(|a| collapse(&a)).unwrap_or_default();
        // An image labelled with the article's title would show the title a second time.
        let label = if alt.is_empty() || alt == title {
            "[image]".to_string()
        } else {
            format!("[image: {alt}]")
        };
        img.replace_with_html(format!(
            "<span>{}</span>",
            crate::markup::entities::escape(&label)
        ));
    }
    (doc.html().to_string(), links)
}

fn body_lines(html: &str, width: usize) -> Vec<Line> {
    let Ok(tagged) = html2text::config::rich()
        .link_footnotes(false)
        .lines_from_read(html.as_bytes(), width)
    else {
        // html2text only fails on a width too narrow for a table: fall back to unstyled text.
        return wrap_words(&collapse(html), width)
            .into_iter()
            .map(|l| Line::plain(l, Style::Plain))
            .collect();
    };
    tagged
        .into_iter()
        .map(|line| {
            let mut spans: Vec<Span> = Vec::new();
            let mut line_style = None;
            for (i, piece) in line.tagged_strings().enumerate() {
                if i == 0 && piece.tag.is_empty() {
                    line_style = prefix_style(&piece.s);
                }
                let style = line_style.unwrap_or_else(|| span_style(&piece.tag));
                let text = sanitize::terminal_safe(&piece.s, false).into_owned();
                match spans.last_mut() {
                    Some(last) if last.style == style => last.text.push_str(&text),
                    _ => spans.push(Span { text, style }),
                }
            }
            Line { spans }
        })
        .collect()
}

/// html2text marks headings and quotes with a line prefix, not an annotation.
fn prefix_style(first: &str) -> Option<Style> {
    let hashes = first.chars().take_while(|c| *c == '#').count();
    if hashes > 0 && first[hashes..].starts_with(' ') {
        return Some(Style::Heading);
    }
    first.starts_with("> ").then_some(Style::Quote)
}

/// The most telling style among nested annotations (innermost last).
fn span_style(tags: &[RichAnnotation]) -> Style {
    let mut style = Style::Plain;
    for tag in tags {
        let this = match tag {
            RichAnnotation::Link(target) if target.starts_with(LINK_NUMBER_PREFIX) => Style::LinkNumber,
            RichAnnotation::Link(_) => Style::Link,
            RichAnnotation::Image(_) => Style::Image,
            RichAnnotation::Emphasis => Style::Italic,
            RichAnnotation::Strong => Style::Bold,
            RichAnnotation::Strikeout => Style::Strike,
            RichAnnotation::Code => Style::Code,
            RichAnnotation::Preformat(_) => Style::Preformatted,
            _ => continue,
        };
        if priority(this) >= priority(style) {
            style = this;
        }
    }
    style
}

fn priority(style: Style) -> u8 {
    match style {
        Style::LinkNumber => 6,
        Style::Link => 5,
        Style::Preformatted | Style::Code => 4,
        Style::Image => 3,
        Style::Bold | Style::Strike => 2,
        Style::Italic => 1,
        _ => 0,
    }
}

/// Greedy word wrap for our own one-line fields (title, byline, note).
fn wrap_words(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let needed = sanitize::display_width(&current) + 1 + sanitize::display_width(word);
        if !current.is_empty() && needed > width {
            lines.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(word);
    }
    if !current.is_empty() {
        lines.push(current);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{Block, BlockKind};

    fn article(html: &str) -> Article {
        Article {
            title: Some("A title".into()),
            byline: Some("Jane".into()),
            blocks: vec![Block {
                kind: BlockKind::Paragraph,
                html: html.into(),
                text: String::new(),
            }],
            ..Article::default()
        }
    }

    #[test]
    fn numbers_links_and_lists_them_at_the_end() {
        let rendered = render(
            &article(
                "<p>See <a href='https://a.example/'>this</a> and <a href='https://b.example/'>that</a>, \
                      again <a href='https://a.example/'>this</a>.</p>",
            ),
            80,
        );
        let text = rendered.to_text();
        assert!(text.contains("See this[1] and that[2], again this[1]."), "{text}");
        assert_eq!(rendered.links, ["https://a.example/", "https://b.example/"]);
        assert!(
            text.ends_with("Links:\n[1] https://a.example/\n[2] https://b.example/\n"),
            "{text}"
        );
        assert_eq!(rendered.lines[0].spans[0].style, Style::Title);
        let styles: Vec<Style> = rendered
            .lines
            .iter()
            .flat_map(|l| l.spans.iter().map(|s| s.style))
            .collect();
        assert!(styles.contains(&Style::Link) && styles.contains(&Style::LinkNumber));
        let plain = render_with(
            &article("<p>See <a href='https://a.example/'>this</a>.</p>"),
            80,
            LinkMode::Hidden,
        );
        assert!(plain.links.is_empty());
        assert!(plain.to_text().ends_with("See this.\n"), "{}", plain.to_text());
    }

    #[test]
    fn wraps_to_width_and_shows_images_headings_and_code() {
        let rendered = render(
            &article(
                "<h2>Part</h2><p>word word word word word word word word word word word word</p>\
                      <figure><img src='x.jpg'><figcaption>The harbour</figcaption></figure>\
                      <pre>let  x = 1;</pre><p><strong>bold</strong> <em>slanted</em></p>",
            ),
            24,
        );
        assert!(
            rendered
                .lines
                .iter()
                .all(|l| sanitize::display_width(&l.text()) <= 24)
        );
        let text = rendered.to_text();
        assert!(text.contains("[image: The harbour]"), "{text}");
        assert!(text.contains("let  x = 1;"), "{text}");
        let style_of = |needle: &str| {
            rendered
                .lines
                .iter()
                .flat_map(|l| l.spans.iter())
                .find(|s| s.text.contains(needle))
                .map(|s| s.style)
        };
        assert_eq!(style_of("Part"), Some(Style::Heading));
        assert_eq!(style_of("bold"), Some(Style::Bold));
        assert_eq!(style_of("slanted"), Some(Style::Italic));
        assert_eq!(style_of("let"), Some(Style::Preformatted));
    }
}
