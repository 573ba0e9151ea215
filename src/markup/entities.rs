//! Character references (`&amp;`, `&eacute;`, `&#8217;`, `&#x27;`) decoded the way an HTML parser
//! decodes them, for text that reaches us as markup without going through the parser (feed
//! titles, comment bodies rendered from source, attribute values, API fields).
//!
//! The names are html5ever's table (every name of the HTML standard, legacy ones without `;`
//! included), so such text decodes exactly as the same markup parsed as a page would. A reference
//! that names nothing, and a bare `&`, stay as written; the rest of the text is decoded all the same.

use std::borrow::Cow;

use html5ever::data::{C1_REPLACEMENTS, NAMED_ENTITIES};

/// `text` made safe to put into markup, as text or as a quoted attribute value: the way back
/// from [`decode`], for the few places that build HTML from plain text.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Text content with its character references decoded.
pub fn decode(text: &str) -> Cow<'_, str> {
    decode_in(text, Context::Text)
}

/// An attribute value with its character references decoded. Unlike text, a legacy name without
/// `;` followed by `=` or a letter or digit stays as written (`?a=1&copy=2` is a query string).
pub fn decode_attribute(value: &str) -> Cow<'_, str> {
    decode_in(value, Context::Attribute)
}

/// [`decode`], appending to `out` (for callers that reuse one buffer over many texts).
pub fn decode_into(text: &str, out: &mut String) {
    decode_into_in(text, out, Context::Text);
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Context {
    Text,
    Attribute,
}

fn decode_in(text: &str, context: Context) -> Cow<'_, str> {
    if memchr::memchr(b'&', text.as_bytes()).is_none() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    decode_into_in(text, &mut out, context);
    Cow::Owned(out)
}

fn decode_into_in(text: &str, out: &mut String, context: Context) {
    let mut rest = text;
    while let Some(amp) = memchr::memchr(b'&', rest.as_bytes()) {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        match reference(after, context) {
            Some((consumed, first, second)) => {
                out.push(first);
                if let Some(second) = second {
                    out.push(second);
                }
                rest = &after[consumed..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
}

/// The reference at the start of `after` (the text after a `&`): how many bytes it spans and
/// the one or two characters it stands for; `None` when it is not one.
fn reference(after: &str, context: Context) -> Option<(usize, char, Option<char>)> {
    match after.as_bytes().first()? {
        b'#' => numeric(&after[1..]).map(|(len, c)| (len + 1, c, None)),
        b if b.is_ascii_alphanumeric() => named(after, context),
        _ => None,
    }
}

/// `#` already read: `x1F4A9;`, `8217;`, with or without the `;`. Out-of-range, surrogate and
/// NUL code points become U+FFFD, and 0x80-0x9F the windows-1252 characters pages meant by them,
/// as the HTML standard says.
fn numeric(digits: &str) -> Option<(usize, char)> {
    let bytes = digits.as_bytes();
    let (radix, start) = match bytes.first() {
        Some(b'x' | b'X') => (16, 1),
        _ => (10, 0),
    };
    let run = bytes[start..]
        .iter()
        .take_while(|&&b| char::from(b).is_digit(radix))
        .count();
    if run == 0 {
        return None;
    }
    let value = bytes[start..start + run]
        .iter()
        .filter_map(|&b| char::from(b).to_digit(radix))
        // Saturates past the last code point: a thousand digits are still one U+FFFD.
        .fold(0u32, |value, digit| {
            value.saturating_mul(radix).saturating_add(digit).min(0x11_0000)
        });
    let end = start + run;
    let consumed = if bytes.get(end) == Some(&b';') {
        end + 1
    } else {
        end
    };
    let c = match value {
        0 => char::REPLACEMENT_CHARACTER,
        0x80..=0x9F => C1_REPLACEMENTS[(value - 0x80) as usize]
            .or_else(|| char::from_u32(value))
            .unwrap_or(char::REPLACEMENT_CHARACTER),
        _ => char::from_u32(value).unwrap_or(char::REPLACEMENT_CHARACTER),
    };
    Some((consumed, c))
}

/// The longest name of the table that `after` starts with (`&notit;` is `¬it;`: `not` is a legacy
/// name that needs no `;`).
fn named(after: &str, context: Context) -> Option<(usize, char, Option<char>)> {
    let bytes = after.as_bytes();
    // The usual case, a whole name and its `;` (`&quot;`): no longer match exists, and the few
    // names nearly all references use are known without hashing.
    let run = bytes.iter().take_while(|b| b.is_ascii_alphanumeric()).count();
    if bytes.get(run) == Some(&b';') {
        let common = match &after[..run] {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some('\u{a0}'),
            _ => None,
        };
        if let Some(c) = common {
            return Some((run + 1, c, None));
        }
        if let Some(&(first, second)) = NAMED_ENTITIES.get(&after[..=run]) {
            if first != 0 {
                let second = (second != 0).then(|| char::from_u32(second)).flatten();
                return Some((run + 1, char::from_u32(first)?, second));
            }
        }
    }
    let mut found = None;
    for (at, &b) in bytes.iter().enumerate() {
        if !(b.is_ascii_alphanumeric() || b == b';') {
            break;
        }
        // The table holds every prefix of every name (as (0, 0)): no entry, no longer name.
        let Some(&(first, second)) = NAMED_ENTITIES.get(&after[..=at]) else {
            break;
        };
        if first != 0 {
            found = Some((at + 1, first, second));
        }
        if b == b';' {
            break;
        }
    }
    let (len, first, second) = found?;
    if bytes[len - 1] != b';'
        && context == Context::Attribute
        && bytes
            .get(len)
            .is_some_and(|&next| next == b'=' || next.is_ascii_alphanumeric())
    {
        return None;
    }
    let second = (second != 0).then(|| char::from_u32(second)).flatten();
    Some((len, char::from_u32(first)?, second))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaped_text_decodes_back_to_itself() {
        let text = r#"a < b && "c" > d &amp; é"#;
        assert_eq!(
            escape(text),
            "a &lt; b &amp;&amp; &quot;c&quot; &gt; d &amp;amp; é"
        );
        assert_eq!(decode(&escape(text)), text);
        assert_eq!(decode_attribute(&escape(text)), text);
    }

    #[test]
    fn every_known_reference_is_decoded_once() {
        assert_eq!(decode("Caf&amp;eacute; &amp; bar"), "Caf&eacute; & bar");
        assert_eq!(decode("Caf&eacute; &amp; bar"), "Café & bar");
        assert_eq!(
            decode("&lt;b&gt; &quot;q&quot; &apos;a&apos; &hellip;&nbsp;&mdash;"),
            "<b> \"q\" 'a' …\u{a0}—"
        );
        // Two code points for one name.
        assert_eq!(decode("&NotEqualTilde;"), "\u{2242}\u{338}");
    }

    #[test]
    fn unknown_names_and_bare_ampersands_stay_and_the_rest_is_still_decoded() {
        assert_eq!(decode("&bogus; then &eacute;"), "&bogus; then é");
        assert_eq!(decode("AT&T & co &amp; more"), "AT&T & co & more");
        assert_eq!(decode("ends with &"), "ends with &");
        assert_eq!(decode("&#; &#x; &#xZ; &; &&amp;"), "&#; &#x; &#xZ; &; &&");
    }

    #[test]
    fn legacy_names_need_no_semicolon_in_text_but_do_before_letters_in_attributes() {
        assert_eq!(decode("&copy 2024 &amp more &notit;"), "© 2024 & more ¬it;");
        // A name that is not legacy needs its `;`.
        assert_eq!(decode("&hellip and &mdash"), "&hellip and &mdash");
        assert_eq!(
            decode_attribute("?a=1&copy=2&amp;b=3&lang=en"),
            "?a=1&copy=2&b=3&lang=en"
        );
        assert_eq!(decode_attribute("x &copy y"), "x © y");
    }

    #[test]
    fn numeric_references_valid_and_invalid() {
        assert_eq!(decode("&#233;&#xE9;&#XE9;&#39&#x27;x"), "ééé''x");
        assert_eq!(decode("&#x1F4A9;"), "💩");
        // NUL, surrogates and numbers past the last code point are U+FFFD.
        assert_eq!(
            decode("&#0;&#xD800;&#x110000;&#99999999999999999999;"),
            "\u{fffd}".repeat(4)
        );
        // 0x80-0x9F are the windows-1252 characters pages mean by them; 0x81 has none.
        assert_eq!(decode("&#150;&#x92;&#129;"), "–’\u{81}");
    }

    #[test]
    fn text_without_references_is_borrowed() {
        assert!(matches!(decode("plain text"), Cow::Borrowed(_)));
        let mut out = String::from("> ");
        decode_into("a &amp; b", &mut out);
        assert_eq!(out, "> a & b");
    }
}
