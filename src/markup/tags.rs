//! HTML source read as tags and text without a parse, for small fragments read in bulk (feed
//! titles and bodies, comment bodies): the one tag scanner, and the plain text it leaves once
//! the tags are stripped.

use super::entities;

/// A piece of HTML source: text as written (character references not yet decoded), or a tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Token<'a> {
    Text(&'a str),
    Tag(Tag<'a>),
}

/// A start or end tag as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tag<'a> {
    /// `</name>`.
    pub closing: bool,
    /// The name as written (any case); starts with `!` or `?` for declarations.
    pub name: &'a str,
    /// Everything between `<` (or `</`) and `>`, the name included.
    pub inside: &'a str,
}

impl<'a> Tag<'a> {
    /// `<br/>`: written as closing itself.
    pub fn self_closing(&self) -> bool {
        self.inside.ends_with('/')
    }

    /// The value of attribute `name` (lowercase), character references decoded, trimmed.
    pub fn attribute(&self, name: &str) -> Option<String> {
        attribute(self.inside, name)
    }
}

/// The tokens of `html`: what lies between `<` and `>` is a tag when a letter, `/`, `!` or `?`
/// follows the `<` ("a < b" is text); comments are skipped; a `<` with no `>` after it is text.
pub fn tokens(html: &str) -> Tokens<'_> {
    Tokens { rest: html }
}

/// The iterator of [`tokens`].
pub struct Tokens<'a> {
    rest: &'a str,
}

impl Tokens<'_> {
    /// Skips the content of a raw-text element just opened (`script`, `style`): up to its end
    /// tag, which comes next. Its `<` are not tags (`if (a<b)`).
    pub fn skip_raw_text(&mut self, name: &str) {
        let bytes = self.rest.as_bytes();
        let mut from = 0;
        while let Some(found) = memchr::memmem::find(&bytes[from..], b"</") {
            let at = from + found;
            let after = &bytes[at + 2..];
            if after.len() >= name.len() && after[..name.len()].eq_ignore_ascii_case(name.as_bytes()) {
                self.rest = &self.rest[at..];
                return;
            }
            from = at + 2;
        }
        self.rest = "";
    }
}

impl<'a> Iterator for Tokens<'a> {
    type Item = Token<'a>;

    fn next(&mut self) -> Option<Token<'a>> {
        loop {
            let rest = self.rest;
            if rest.is_empty() {
                return None;
            }
            // memchr's vector search: most of a fragment is text between tags.
            let Some(lt) = memchr::memchr(b'<', rest.as_bytes()) else {
                self.rest = "";
                return Some(Token::Text(rest));
            };
            if lt > 0 {
                self.rest = &rest[lt..];
                return Some(Token::Text(&rest[..lt]));
            }
            let starts_tag =
                rest[1..].starts_with(|c: char| c.is_ascii_alphabetic() || matches!(c, '/' | '!' | '?'));
            if !starts_tag {
                self.rest = &rest[1..];
                return Some(Token::Text("<"));
            }
            if let Some(after) = rest.strip_prefix("<!--") {
                self.rest =
                    memchr::memmem::find(after.as_bytes(), b"-->").map_or("", |end| &after[end + 3..]);
                continue;
            }
            let Some(gt) = memchr::memchr(b'>', rest.as_bytes()) else {
                // A lone "<" in text (invalid but common): kept.
                self.rest = "";
                return Some(Token::Text(rest));
            };
            self.rest = &rest[gt + 1..];
            let inside = &rest[1..gt];
            let (closing, inside) = match inside.strip_prefix('/') {
                Some(after_slash) => (true, after_slash),
                None => (false, inside),
            };
            let name_end = inside
                .find(|c: char| c.is_ascii_whitespace() || c == '/')
                .unwrap_or(inside.len());
            return Some(Token::Tag(Tag {
                closing,
                name: &inside[..name_end],
                inside,
            }));
        }
    }
}

/// A tag name in lowercase, in `buffer` (names are short: no new `String` per tag); empty when
/// longer than the buffer, which no element a reader acts on is.
pub fn lowercase_name<'b>(raw: &str, buffer: &'b mut [u8; 16]) -> &'b str {
    match buffer.get_mut(..raw.len()) {
        Some(slot) => {
            slot.copy_from_slice(raw.as_bytes());
            slot.make_ascii_lowercase();
            std::str::from_utf8(slot).unwrap_or("")
        }
        None => "",
    }
}

/// Elements (lowercase names) whose content is not text a reader sees.
pub fn hides_content(name: &str) -> bool {
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

/// The text of an HTML fragment on one line: tags stripped (each one a word break), hidden
/// content dropped, character references decoded, whitespace folded. For titles, the search index
/// and length checks; the readers render bodies with their structure.
pub fn html_to_plain(html: &str) -> String {
    let mut text = String::with_capacity(html.len().min(4096));
    let mut hidden_depth = 0usize;
    let mut tokens = tokens(html);
    while let Some(token) = tokens.next() {
        match token {
            Token::Text(raw) if hidden_depth == 0 => entities::decode_into(raw, &mut text),
            Token::Text(_) => {}
            Token::Tag(tag) => {
                let mut buffer = [0u8; 16];
                let name = lowercase_name(tag.name, &mut buffer);
                if matches!(name, "script" | "style") {
                    if !tag.closing && !tag.self_closing() {
                        tokens.skip_raw_text(name);
                    }
                } else if hides_content(name) && !tag.self_closing() {
                    hidden_depth = if tag.closing {
                        hidden_depth.saturating_sub(1)
                    } else {
                        hidden_depth + 1
                    };
                }
                text.push(' ');
            }
        }
    }
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// The value of attribute `name` (lowercase) in a tag's inside (`a href="x" class=y`), character
/// references decoded, trimmed.
fn attribute(inside: &str, name: &str) -> Option<String> {
    let bytes = inside.as_bytes();
    let mut from = 0;
    while let Some(found) = bytes.get(from..).and_then(|rest| {
        rest.windows(name.len())
            .position(|w| w.eq_ignore_ascii_case(name.as_bytes()))
    }) {
        let at = from + found;
        from = at + name.len();
        let before_ok = at == 0 || bytes[at - 1].is_ascii_whitespace();
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
        return Some(entities::decode_attribute(raw).trim().to_string());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(closing: bool, name: &'static str, inside: &'static str) -> Token<'static> {
        Token::Tag(Tag {
            closing,
            name,
            inside,
        })
    }

    #[test]
    fn tokens_of_tags_text_brackets_and_comments() {
        let found: Vec<_> = tokens("a<b class=x>b</B> 1 < 2<!-- <p> -->c<br/>d <unclosed").collect();
        assert_eq!(
            found,
            [
                Token::Text("a"),
                tag(false, "b", "b class=x"),
                Token::Text("b"),
                tag(true, "B", "B"),
                Token::Text(" 1 "),
                Token::Text("<"),
                Token::Text(" 2"),
                Token::Text("c"),
                tag(false, "br", "br/"),
                Token::Text("d "),
                Token::Text("<unclosed"),
            ]
        );
    }

    #[test]
    fn attributes_quoted_bare_and_decoded() {
        let Some(Token::Tag(a)) =
            tokens("<a data-href=\"no\" HREF = ' https://e.org/?a=1&amp;b=2&copy=3 ' rel=nofollow>").next()
        else {
            panic!("a tag");
        };
        assert_eq!(
            a.attribute("href").as_deref(),
            Some("https://e.org/?a=1&b=2&copy=3")
        );
        assert_eq!(a.attribute("rel").as_deref(), Some("nofollow"));
        assert_eq!(a.attribute("title"), None);
    }

    #[test]
    fn plain_text_strips_tags_decodes_once_and_folds_whitespace() {
        assert_eq!(html_to_plain("Caf&amp;eacute; &amp; bar"), "Caf&eacute; & bar");
        assert_eq!(
            html_to_plain("<p>One&nbsp;<b>two</b></p>\n<p>three &unknown; &eacute;</p>"),
            "One two three &unknown; é"
        );
        assert_eq!(html_to_plain("a < b and c<d"), "a < b and c<d");
        assert_eq!(
            html_to_plain("x<script>if (a<b) {}</script><style>p{}</style>y<!-- note -->z"),
            "x yz"
        );
        assert_eq!(
            html_to_plain("<p>a<button>Share <b>it</b></button> b</p><SCRIPT>x</SCRIPT>c<script>"),
            "a b c"
        );
        assert_eq!(html_to_plain("  "), "");
    }
}
