//! Comment bodies: HTML to plain text, in the same conventions as articles (paragraphs separated by
//! a blank line, quotes as `> `, list items as `* ` / `1. `, code blocks verbatim, links as
//! `[text][n]` with `[n]: url` listed after the text), made terminal-safe.
//!
//! Comment HTML is a small vocabulary (p, br, a, em, strong, code, pre, blockquote, lists), and a
//! thread holds thousands of bodies, so this is a single pass over the tags rather than a full
//! HTML parse per comment: html2text took ~100 µs a comment, which put a 5,000-comment thread far
//! over its 30 ms budget. Whatever the nesting, the pass is iterative and linear.

use std::fmt::Write as _;

use crate::sanitize;

/// The text of an HTML fragment (a comment's body).
pub(crate) fn html_to_text(html: &str) -> String {
    let mut renderer = Renderer::default();
    renderer.run(html);
    let text = renderer.finish();
    match sanitize::multi_line(&text) {
        std::borrow::Cow::Borrowed(_) => text,
        std::borrow::Cow::Owned(safe) => safe,
    }
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

#[derive(Default)]
struct Renderer {
    /// The text so far: finished lines, written as they end (one buffer for the whole body rather
    /// than a `String` per line, which made allocation the larger part of a comment's cost).
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

/// Elements whose content is not text a reader should see.
fn is_hidden(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "template"
            | "noscript"
            | "svg"
            | "iframe"
            | "object"
            | "head"
            | "title"
            | "textarea"
            | "select"
            | "button"
    )
}

impl Renderer {
    fn run(&mut self, html: &str) {
        let mut rest = html;
        while !rest.is_empty() {
            let Some(lt) = rest.find('<') else {
                self.text(rest);
                break;
            };
            self.text(&rest[..lt]);
            rest = &rest[lt..];
            let starts_tag =
                rest[1..].starts_with(|c: char| c.is_ascii_alphabetic() || matches!(c, '/' | '!' | '?'));
            if !starts_tag {
                // "a < b": a bracket in text.
                self.text("<");
                rest = &rest[1..];
                continue;
            }
            if let Some(after) = rest.strip_prefix("<!--") {
                rest = after.find("-->").map_or("", |end| &after[end + 3..]);
                continue;
            }
            let Some(gt) = rest.find('>') else {
                // A lone "<" in text (invalid but common): keep it.
                self.text(rest);
                break;
            };
            self.tag(&rest[1..gt]);
            rest = &rest[gt + 1..];
        }
    }

    fn tag(&mut self, inside: &str) {
        let (closing, inside) = match inside.strip_prefix('/') {
            Some(rest) => (true, rest),
            None => (false, inside),
        };
        let name_end = inside
            .find(|c: char| c.is_ascii_whitespace() || c == '/')
            .unwrap_or(inside.len());
        // Tag names are short: lowercase them on the stack, not in a new String per tag.
        let mut buffer = [0u8; 16];
        let raw_name = &inside.as_bytes()[..name_end];
        let name = match buffer.get_mut(..raw_name.len()) {
            Some(slot) => {
                slot.copy_from_slice(raw_name);
                slot.make_ascii_lowercase();
                std::str::from_utf8(slot).unwrap_or("")
            }
            None => "", // longer than any element we act on
        };
        if name.is_empty() || name.starts_with('!') || name.starts_with('?') {
            return; // declarations, processing instructions, unknown long names
        }
        let void = inside.ends_with('/');
        if is_hidden(name) {
            match (closing, void) {
                (true, _) => self.hidden_depth = self.hidden_depth.saturating_sub(1),
                (false, false) => self.hidden_depth += 1,
                (false, true) => {}
            }
            return;
        }
        if self.hidden_depth > 0 {
            return;
        }
        match (name, closing) {
            ("br", _) => self.break_line(),
            ("img", false) => self.image(inside),
            ("a", false) => {
                let href = attribute(inside, "href");
                self.open_links.push((href, self.line.len()));
            }
            ("a", true) => self.close_link(),
            ("blockquote", false) => {
                self.paragraph();
                self.quote_depth += 1;
            }
            ("blockquote", true) => {
                self.paragraph();
                self.quote_depth = self.quote_depth.saturating_sub(1);
            }
            ("pre", false) => {
                self.paragraph();
                self.pre_depth += 1;
            }
            ("pre", true) => {
                self.flush_line();
                self.paragraph();
                self.pre_depth = self.pre_depth.saturating_sub(1);
            }
            ("ul", false) => {
                self.paragraph();
                self.lists.push(None);
            }
            ("ol", false) => {
                self.paragraph();
                self.lists.push(Some(1));
            }
            ("ul" | "ol", true) => {
                self.paragraph();
                self.lists.pop();
            }
            ("li", false) => {
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
            ("li", true) => self.flush_line(),
            (name, _) if is_block(name) => self.paragraph(),
            _ => {}
        }
    }

    fn text(&mut self, raw: &str) {
        if self.hidden_depth > 0 || raw.is_empty() {
            return;
        }
        let decoded = decode_entities(raw);
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
        if decoded.starts_with(char::is_whitespace) {
            self.space = true;
        }
        for word in Words::new(&decoded) {
            if self.space && !self.line.is_empty() {
                self.line.push(' ');
            }
            self.line.push_str(word);
            self.space = true;
        }
        self.space = decoded.ends_with(char::is_whitespace) || (self.space && decoded.trim().is_empty());
    }

    fn image(&mut self, inside: &str) {
        // Emoji drawn as images (WordPress `wp-smiley`, `emoji`) carry the character in `alt`.
        let class = attribute(inside, "class").unwrap_or_default();
        if class.contains("emoji") || class.contains("smiley") {
            if let Some(alt) = attribute(inside, "alt") {
                self.text(&alt);
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
                self.text(&href);
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

    fn finish(mut self) -> String {
        while !self.open_links.is_empty() {
            self.close_link();
        }
        self.flush_line();
        for (i, url) in self.links.iter().enumerate() {
            self.out.push_str(if i == 0 { "\n\n" } else { "\n" });
            // Writing to a String cannot fail.
            let _ = write!(self.out, "[{}]: {url}", i + 1);
        }
        self.out
    }
}

/// The words of a text, split as `str::split_whitespace` does (Unicode whitespace), a byte at a
/// time for ASCII: comment text is mostly ASCII, and decoding every character cost more than the
/// rest of the rendering.
struct Words<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Words<'a> {
    fn new(text: &'a str) -> Self {
        Words { text, at: 0 }
    }

    /// Moves past characters while they are (or are not) whitespace.
    fn skip(&mut self, whitespace: bool) {
        let bytes = self.text.as_bytes();
        loop {
            // Runs of ASCII first, a byte at a time; a non-ASCII character is decoded.
            let rest = bytes.get(self.at..).unwrap_or_default();
            let run = rest
                .iter()
                .position(|&b| !b.is_ascii() || is_ascii_whitespace(b) != whitespace)
                .unwrap_or(rest.len());
            self.at += run;
            let Some(c) = self.text.get(self.at..).and_then(|rest| rest.chars().next()) else {
                return;
            };
            if c.is_ascii() || c.is_whitespace() != whitespace {
                return;
            }
            self.at += c.len_utf8();
        }
    }
}

/// `char::is_whitespace` for an ASCII byte (which, unlike `u8::is_ascii_whitespace`, counts the
/// vertical tab).
fn is_ascii_whitespace(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t'..=b'\r')
}

impl<'a> Iterator for Words<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        self.skip(true);
        let start = self.at;
        self.skip(false);
        (self.at > start).then(|| &self.text[start..self.at])
    }
}

/// The value of attribute `name` in a tag's inside (`a href="x" class=y`), entities decoded.
fn attribute(inside: &str, name: &str) -> Option<String> {
    let lower = inside.to_ascii_lowercase();
    let mut from = 0;
    while let Some(found) = lower[from..].find(name) {
        let at = from + found;
        from = at + name.len();
        let before_ok = at == 0 || lower.as_bytes()[at - 1].is_ascii_whitespace();
        let rest = inside[from..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let value = rest[1..].trim_start();
        let raw = match value.chars().next() {
            Some(quote @ ('"' | '\'')) => value[1..].split(quote).next().unwrap_or(""),
            _ => value
                .split(|c: char| c.is_ascii_whitespace() || c == '>')
                .next()
                .unwrap_or(""),
        };
        return Some(decode_entities(raw).trim().to_string());
    }
    None
}

/// Decodes character references: numeric ones and the named ones comment HTML uses.
fn decode_entities(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('&') {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest[1..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))
            .map(|e| e + 1);
        let (name, consumed) = match end {
            Some(e) if rest[e..].starts_with(';') => (&rest[1..e], e + 1),
            Some(e) => (&rest[1..e], e),
            None => (&rest[1..], rest.len()),
        };
        match entity(name) {
            Some(c) => {
                out.push(c);
                rest = &rest[consumed..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

fn entity(name: &str) -> Option<char> {
    if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse().ok()?,
        };
        return char::from_u32(code).filter(|c| *c != '\0');
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "hellip" => '…',
        "mdash" => '—',
        "ndash" => '–',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "laquo" => '«',
        "raquo" => '»',
        "bull" => '•',
        "middot" => '·',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "euro" => '€',
        "pound" => '£',
        "times" => '×',
        "deg" => '°',
        "shy" => '\u{ad}',
        "zwj" => '\u{200d}',
        "zwnj" => '\u{200c}',
        _ => return None,
    })
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
    fn nested_quotes_and_unclosed_tags() {
        let text =
            html_to_text("<blockquote>outer<blockquote>inner</blockquote>back</blockquote><p>after <b>bold");
        assert_eq!(text, "> outer\n\n> > inner\n\n> back\n\nafter bold");
    }
}
