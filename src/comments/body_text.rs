//! Comment bodies: HTML to plain text, in the same conventions as articles (paragraphs separated by
//! a blank line, quotes as `> `, list items as `* ` / `1. `, code blocks verbatim, links as
//! `[text][n]` with `[n]: url` listed after the text), made terminal-safe.
//!
//! Comment HTML is a small vocabulary (p, br, a, em, strong, code, pre, blockquote, lists), and a
//! thread holds thousands of bodies, so this is a single pass over the tags rather than a full
//! HTML parse per comment. Whatever the nesting, the pass is iterative and linear.

use std::fmt::Write as _;

use crate::markup::entities;
use crate::markup::tags::{self, Tag, Token, hides_content, lowercase_name};
use crate::sanitize;

use super::spacing::{single_spaced_ascii, skip_whitespace, spaced_run_end};

/// The text of an HTML fragment (a comment's body).
pub(crate) fn html_to_text(html: &str) -> String {
    let mut renderer = Renderer::with_capacity(html.len());
    renderer.run(html);
    renderer.finish()
}

/// A plain-text body (Markdown from Reddit, `comment_plain` from Lobsters): only made tidy and safe.
pub(crate) fn plain_text(text: &str) -> String {
    tidy(&sanitize::multi_line(text))
}

/// Trailing spaces off every line, at most one blank line in a row, no blank lines at the ends.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank_run = 0;
    for line in text.lines().map(str::trim_end) {
        if line.is_empty() {
            blank_run += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank_run > 0 { "\n\n" } else { "\n" });
        }
        blank_run = 0;
        out.push_str(line);
    }
    out
}

/// The rendering state. Fed either HTML source ([`Renderer::run`]) or, by a walk over a parsed
/// document, its elements and text ([`Renderer::start`], [`Renderer::end`], [`Renderer::text`]):
/// both give the same text for the same markup.
#[derive(Default)]
pub(crate) struct Renderer {
    /// The text so far: finished lines, written as they end (one buffer for the whole body, not a
    /// `String` per line to allocate).
    out: String,
    /// A blank line is due before the next line written.
    blank: bool,
    /// The line being filled (its buffer is reused from line to line).
    line: String,
    /// Prefix of the current list item's first line ("* ", "2. ").
    bullet: Option<String>,
    quote_depth: usize,
    pre_depth: usize,
    /// Inside script/style/template/etc.: text is dropped.
    hidden_depth: usize,
    /// Open lists: Some(next number) for ordered, None for bullets.
    lists: Vec<Option<usize>>,
    /// Open links: (href, where the link text starts in `line`).
    open_links: Vec<(Option<String>, usize)>,
    links: Vec<String>,
    /// A space is due before the next word (collapsed whitespace).
    space: bool,
    /// Reused for text with character references, decoded.
    decoded: String,
}

/// Elements whose end or start breaks the text into a new paragraph.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "blockquote"
            | "pre"
            | "ul"
            | "ol"
            | "li"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "table"
            | "tr"
            | "section"
            | "article"
            | "header"
            | "footer"
            | "figure"
            | "figcaption"
            | "dl"
            | "dt"
            | "dd"
            | "hr"
            | "details"
            | "summary"
            | "aside"
            | "address"
    )
}

impl Renderer {
    /// A renderer for a body of about `len` bytes of HTML (the text is rarely longer).
    pub(crate) fn with_capacity(len: usize) -> Self {
        Renderer {
            out: String::with_capacity(len),
            ..Renderer::default()
        }
    }

    /// Renders HTML source.
    pub(crate) fn run(&mut self, html: &str) {
        for token in tags::tokens(html) {
            match token {
                Token::Text(raw) => self.source_text(raw),
                Token::Tag(tag) => self.tag(&tag),
            }
        }
    }

    fn tag(&mut self, tag: &Tag) {
        let mut buffer = [0u8; 16];
        let name = lowercase_name(tag.name, &mut buffer);
        if name.is_empty() || name.starts_with('!') || name.starts_with('?') {
            return; // declarations, processing instructions, unknown long names
        }
        if tag.closing {
            self.end(name);
        } else {
            self.start(name, tag.self_closing(), &|attr| tag.attribute(attr));
        }
    }

    /// An element of a parsed document starts (it has no self-closing form there).
    pub(crate) fn start_element(&mut self, name: &str, attr: &dyn Fn(&str) -> Option<String>) {
        let mut buffer = [0u8; 16];
        let name = lowercase_name(name, &mut buffer);
        if !name.is_empty() {
            self.start(name, false, attr);
        }
    }

    /// An element of a parsed document ends.
    pub(crate) fn end_element(&mut self, name: &str) {
        let mut buffer = [0u8; 16];
        let name = lowercase_name(name, &mut buffer);
        if !name.is_empty() {
            self.end(name);
        }
    }

    /// An element starts: `name` in lowercase, `void` for a self-closed tag, `attr` its attributes'
    /// values (trimmed).
    pub(crate) fn start(&mut self, name: &str, void: bool, attr: &dyn Fn(&str) -> Option<String>) {
        if hides_content(name) {
            if !void {
                self.hidden_depth += 1;
            }
            return;
        }
        if self.hidden_depth > 0 {
            return;
        }
        match name {
            "br" => self.break_line(),
            "img" => self.image(attr),
            "a" => {
                let href = attr("href");
                self.open_links.push((href, self.line.len()));
            }
            "blockquote" => {
                self.paragraph();
                self.quote_depth += 1;
            }
            "pre" => {
                self.paragraph();
                self.pre_depth += 1;
            }
            "ul" => {
                self.paragraph();
                self.lists.push(None);
            }
            "ol" => {
                self.paragraph();
                self.lists.push(Some(1));
            }
            "li" => {
                self.flush_line();
                let bullet = match self.lists.last_mut() {
                    Some(Some(n)) => {
                        *n += 1;
                        format!("{}. ", *n - 1)
                    }
                    _ => "* ".to_string(),
                };
                self.bullet = Some(bullet);
            }
            name if is_block(name) => self.paragraph(),
            _ => {}
        }
    }

    /// An element ends (`name` in lowercase).
    pub(crate) fn end(&mut self, name: &str) {
        if hides_content(name) {
            self.hidden_depth = self.hidden_depth.saturating_sub(1);
            return;
        }
        if self.hidden_depth > 0 {
            return;
        }
        match name {
            "br" => self.break_line(),
            "a" => self.close_link(),
            "blockquote" => {
                self.paragraph();
                self.quote_depth = self.quote_depth.saturating_sub(1);
            }
            "pre" => {
                self.flush_line();
                self.paragraph();
                self.pre_depth = self.pre_depth.saturating_sub(1);
            }
            "ul" | "ol" => {
                self.paragraph();
                self.lists.pop();
            }
            "li" => self.flush_line(),
            name if is_block(name) => self.paragraph(),
            _ => {}
        }
    }

    /// Text as HTML source writes it: character references are decoded first.
    fn source_text(&mut self, raw: &str) {
        if self.hidden_depth > 0 || raw.is_empty() {
            return;
        }
        if memchr::memchr(b'&', raw.as_bytes()).is_none() {
            self.text(raw);
            return;
        }
        let mut decoded = std::mem::take(&mut self.decoded);
        decoded.clear();
        entities::decode_into(raw, &mut decoded);
        self.text(&decoded);
        self.decoded = decoded;
    }

    /// Text already decoded (a text node of a parsed document).
    pub(crate) fn text(&mut self, decoded: &str) {
        if self.hidden_depth > 0 || decoded.is_empty() {
            return;
        }
        if self.pre_depth > 0 {
            let mut parts = decoded.split('\n');
            if let Some(first) = parts.next() {
                self.line.push_str(first);
            }
            for part in parts {
                self.break_line();
                self.line.push_str(part);
            }
            return;
        }
        if let Some((leading, words, trailing)) = single_spaced_ascii(decoded) {
            // The common case, in one copy: what the loop below would do for this text.
            self.space |= leading;
            if !words.is_empty() {
                if self.space && !self.line.is_empty() {
                    self.line.push(' ');
                }
                self.line.push_str(words);
                self.space = trailing;
            }
            return;
        }
        if decoded.starts_with(char::is_whitespace) {
            self.space = true;
        }
        // Whitespace collapses to one space between words. A run of words already single-spaced
        // is copied as it is, in one piece (most text is such runs).
        let mut at = skip_whitespace(decoded, 0);
        while at < decoded.len() {
            let end = spaced_run_end(decoded, at);
            if self.space && !self.line.is_empty() {
                self.line.push(' ');
            }
            self.line.push_str(&decoded[at..end]);
            self.space = true;
            at = skip_whitespace(decoded, end);
        }
        self.space = decoded.ends_with(char::is_whitespace) || (self.space && decoded.trim().is_empty());
    }

    fn image(&mut self, attr: &dyn Fn(&str) -> Option<String>) {
        // Emoji drawn as images (WordPress `wp-smiley`, `emoji`) carry the character in `alt`.
        let class = attr("class").unwrap_or_default();
        if class.contains("emoji") || class.contains("smiley") {
            if let Some(alt) = attr("alt") {
                self.source_text(&alt);
            }
        }
    }

    fn close_link(&mut self) {
        let Some((href, start)) = self.open_links.pop() else {
            return;
        };
        let Some(href) =
            href.filter(|h| !h.is_empty() && !h.starts_with('#') && !h.starts_with("javascript:"))
        else {
            return;
        };
        let start = start.min(self.line.len());
        let label = self.line[start..].trim();
        // A bare URL as its own text needs no footnote.
        let no_label = label.is_empty();
        if no_label
            || href
                .trim_end_matches('/')
                .ends_with(label.trim_end_matches(['/', '…']))
        {
            if no_label {
                self.source_text(&href);
            }
            return;
        }
        self.links.push(href);
        let number = self.links.len();
        let at = start + (self.line.len() - start - self.line[start..].trim_start().len());
        self.line.insert(at, '[');
        // Writing to a String cannot fail.
        let _ = write!(self.line, "][{number}]");
    }

    /// Ends the current line (a `<br>` or a newline in `<pre>`).
    fn break_line(&mut self) {
        self.write_line();
        self.clear_line();
        self.space = false;
    }

    fn flush_line(&mut self) {
        if !self.line.trim().is_empty() {
            self.break_line();
        } else {
            self.clear_line();
        }
    }

    /// Starts a new line. A link still open goes on at the start of it: its text on the line that
    /// ended is written, and its old offset could fall inside a character of the new line.
    fn clear_line(&mut self) {
        self.line.clear();
        for (_, start) in &mut self.open_links {
            *start = 0;
        }
    }

    /// Ends the current paragraph: a blank line before whatever comes next.
    fn paragraph(&mut self) {
        self.flush_line();
        // Blank lines at the start or in a row fold away when the next line is written.
        self.blank = true;
        self.space = false;
    }

    /// Writes the current line, trimmed and with its quote and list prefix, to the output. An
    /// empty line without a prefix is a paragraph break; blank lines never start the text and
    /// never come two in a row.
    fn write_line(&mut self) {
        let bullet = self.bullet.take();
        let line = if self.pre_depth > 0 {
            self.line.trim_end()
        } else {
            self.line.trim()
        };
        if line.is_empty() && bullet.is_none() && self.quote_depth == 0 && self.lists.is_empty() {
            self.blank = true;
            return;
        }
        if !self.out.is_empty() {
            self.out.push_str(if self.blank { "\n\n" } else { "\n" });
        }
        self.blank = false;
        for _ in 0..self.quote_depth {
            self.out.push_str("> ");
        }
        let indent = self.lists.len().saturating_sub(1) * 2;
        match bullet {
            Some(bullet) => {
                self.out.extend(std::iter::repeat_n(' ', indent));
                self.out.push_str(&bullet);
            }
            None if !self.lists.is_empty() => self.out.extend(std::iter::repeat_n(' ', indent + 2)),
            None => {}
        }
        self.out.push_str(line);
    }

    /// The text, made terminal-safe.
    pub(crate) fn finish(mut self) -> String {
        while !self.open_links.is_empty() {
            self.close_link();
        }
        self.flush_line();
        for (i, url) in self.links.iter().enumerate() {
            self.out.push_str(if i == 0 { "\n\n" } else { "\n" });
            // Writing to a String cannot fail.
            let _ = write!(self.out, "[{}]: {url}", i + 1);
        }
        match sanitize::multi_line(&self.out) {
            std::borrow::Cow::Borrowed(_) => self.out,
            std::borrow::Cow::Owned(safe) => safe,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_links_and_paragraphs_survive_and_controls_do_not() {
        let text = html_to_text(
            "<p>See <a href=\"https://x.org/\">this</a></p><blockquote><p>quoted</p></blockquote><p></p>",
        );
        assert_eq!(text, "See [this][1]\n\n> quoted\n\n[1]: https://x.org/");
        let hostile = html_to_text("<p>a\u{1b}]0;title\u{7}b &#x1b;[2J c\u{9b}31m</p>");
        assert!(
            !hostile.chars().any(|c| c.is_control() && c != '\n'),
            "{hostile:?}"
        );
    }

    #[test]
    fn hn_style_paragraphs_code_lists_and_entities() {
        let text = html_to_text(
            "First para&#x27;s end<p>Second &amp; last<pre><code>fn main() {\n    x\n}</code></pre>\
             <ul><li>one</li><li>two <i>em</i></li></ul><ol><li>a</li><li>b</li></ol>Line<br>break",
        );
        assert_eq!(
            text,
            "First para's end\n\nSecond & last\n\nfn main() {\n    x\n}\n\n* one\n* two em\n\n1. a\n2. b\n\nLine\nbreak"
        );
    }

    #[test]
    fn bare_urls_hidden_content_emoji_and_stray_brackets() {
        let text = html_to_text(
            "<p><a href=\"https://e.org/x\" rel=\"nofollow\">https://e.org/x</a> a < b <script>alert(1)</script>\
             <img class=\"wp-smiley emoji\" alt=\"💪\" src=\"x.png\"> <img src=\"avatar.png\" alt=\"avatar\"></p>",
        );
        assert_eq!(text, "https://e.org/x a < b 💪");
    }

    #[test]
    fn a_link_across_a_line_break_is_labelled_by_its_text_on_the_last_line() {
        // Its start on the first line used to be applied to the second, inside the "é": a panic.
        let text = html_to_text("X<a href=\"https://e.org/x\"><br>é<a href=\"https://e.org/y\">");
        assert_eq!(text, "X\n[éhttps://e.org/y][1]\n\n[1]: https://e.org/x");
        let text = html_to_text("Hello <a href=\"https://e.org/x\">one<br>two three</a>");
        assert_eq!(text, "Hello one\n[two three][1]\n\n[1]: https://e.org/x");
    }

    #[test]
    fn spaces_around_tags_collapse_alike_in_single_spaced_and_other_text() {
        // Single-spaced ASCII takes the one-copy path; tabs, double spaces and non-ASCII the walk.
        let text =
            html_to_text("<p> a b <b>c</b> d</p><p>e<i> f </i>g</p><p> x \t y  z <b>é</b>\u{a0}w </p>");
        assert_eq!(text, "a b c d\n\ne f g\n\nx y z é w");
        assert_eq!(html_to_text("a<b> </b>b<b></b>c <i> </i> d"), "a bc d");
    }

    #[test]
    fn references_decode_as_a_browser_would_in_text_and_in_links() {
        // `&copy=` in a link is a query, `&#150;` the dash windows-1252 puts there, `&hellip`
        // without its `;` no reference, and an unknown name leaves the rest decoded.
        let text = html_to_text(
            "<p><a href=\"https://e.org/?a=1&copy=2&amp;b=3\">x</a> &#150; &hellip &bogus; &eacute;</p>",
        );
        assert_eq!(
            text,
            "[x][1] – &hellip &bogus; é\n\n[1]: https://e.org/?a=1&copy=2&b=3"
        );
    }

    #[test]
    fn nested_quotes_and_unclosed_tags() {
        let text =
            html_to_text("<blockquote>outer<blockquote>inner</blockquote>back</blockquote><p>after <b>bold");
        assert_eq!(text, "> outer\n\n> > inner\n\n> back\n\nafter bold");
    }
}
