//! Making outside strings safe for a terminal, and measuring them on screen.
//!
//! Every string that comes from a feed, a page or an API passes through [`terminal_safe`] before it
//! reaches stdout, stderr, the screen or an exported file. A hostile feed can hide escape sequences
//! in raw bytes (`ESC [2J`), in C1 controls (`U+009B` is a one-character CSI), or behind entities
//! that a later decoding step turns into ESC (`&#x1b;`, double-escaped `&amp;#27;` in HTML-typed
//! titles). We decode entity references that spell control characters first, then drop every
//! control character together with the sequence it introduces.

use std::borrow::Cow;

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

const ESC: char = '\u{1b}';
const BEL: char = '\u{07}';
/// C1 single-character forms of CSI, OSC, DCS, SOS, PM, APC and ST.
const C1_CSI: char = '\u{9b}';
const C1_OSC: char = '\u{9d}';
const C1_DCS: char = '\u{90}';
const C1_SOS: char = '\u{98}';
const C1_PM: char = '\u{9e}';
const C1_APC: char = '\u{9f}';
const C1_ST: char = '\u{9c}';

/// Returns `text` with every terminal control sequence and control character removed.
///
/// Newlines and tabs are kept when `keep_newlines` is true (article bodies); a single-line field
/// (titles, authors, URLs) should use [`single_line`] instead, which folds them into spaces.
pub fn terminal_safe(text: &str, keep_newlines: bool) -> Cow<'_, str> {
    if !needs_cleaning(text) {
        return Cow::Borrowed(text);
    }
    let decoded = decode_control_entities(text);
    Cow::Owned(strip_controls(&decoded, keep_newlines))
}

/// A one-line field: controls and sequences removed, any run of whitespace folded into one space,
/// and the invisible characters that reorder or hide a line's text dropped (see
/// [`is_hidden_in_a_line`]).
pub fn single_line(text: &str) -> String {
    one_line(text).into_owned()
}

/// [`single_line`], borrowing the text when it already is one clean line (most titles and URLs):
/// for listings of many rows.
pub fn one_line(text: &str) -> Cow<'_, str> {
    if is_clean_ascii_line(text) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(fold_whitespace(&terminal_safe(text, false)))
}

/// Printable ASCII without `&` (which could spell a control character), single-spaced, not padded:
/// nothing [`single_line`] would change. Listings call it for every title and link of every row,
/// so it is written to vectorise: flags OR-ed over the whole text, without an early exit, compile
/// to wide compares (titles and links are short, so stopping early would save little).
fn is_clean_ascii_line(text: &str) -> bool {
    let bytes = text.as_bytes();
    let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else {
        return true;
    };
    let unprintable = bytes.iter().fold(0u8, |seen, &byte| {
        seen | u8::from(!(b' '..=b'~').contains(&byte) | (byte == b'&'))
    });
    let double_space = bytes
        .iter()
        .zip(&bytes[1..])
        .fold(0u8, |seen, (&a, &b)| seen | u8::from((a == b' ') & (b == b' ')));
    first != b' ' && last != b' ' && unprintable | double_space == 0
}

fn fold_whitespace(safe: &str) -> String {
    let mut out = String::with_capacity(safe.len());
    for word in safe.split_whitespace() {
        let mut visible = word.chars().filter(|&c| !is_hidden_in_a_line(c)).peekable();
        if visible.peek().is_none() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(visible);
    }
    out
}

/// Characters a one-line field (a title, a name, a URL) loses: direction marks, embeddings,
/// overrides and isolates, which can show a title reversed or move text around it, and the
/// zero-width space and BOM, which hide text between two look-alike strings. ZWJ and ZWNJ stay:
/// emoji sequences and several scripts need them.
pub fn is_hidden_in_a_line(c: char) -> bool {
    matches!(c, '\u{061c}' | '\u{200b}' | '\u{200e}' | '\u{200f}' | '\u{feff}') || is_bidi_control(c)
}

/// `text` without the characters [`is_hidden_in_a_line`] names, spacing left as it is: for pieces
/// of a one-line field laid out already (a wrapped title).
pub fn without_hidden_characters(text: &str) -> Cow<'_, str> {
    if text.is_ascii() || !text.chars().any(is_hidden_in_a_line) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.chars().filter(|&c| !is_hidden_in_a_line(c)).collect())
}

/// Multi-line text (article bodies, comments): controls removed, newlines and tabs kept.
pub fn multi_line(text: &str) -> Cow<'_, str> {
    terminal_safe(text, true)
}

fn needs_cleaning(text: &str) -> bool {
    // Most text is ASCII: a byte test then, without decoding characters. One pass of flags OR-ed
    // without an early exit (it vectorises: comment threads send megabytes through here).
    let (mut non_ascii, mut suspect) = (0u8, 0u8);
    for &b in text.as_bytes() {
        non_ascii |= u8::from(b >= 0x80);
        suspect |= u8::from(((b < b' ') & (b != b'\n') & (b != b'\t')) | (b == 0x7f) | (b == b'&'));
    }
    if non_ascii == 0 {
        return suspect != 0;
    }
    text.chars()
        .any(|c| (c.is_control() && c != '\n' && c != '\t') || is_bidi_control(c) || c == '&')
}

/// Bidi overrides and isolates can reorder what follows them on screen.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Turns numeric character references that spell a control character (`&#27;`, `&#x1B;`,
/// `&amp;#x9b;`...) into that character, so that [`strip_controls`] sees and removes them.
/// Other references are left exactly as they were: decoding them is the markup parser's job.
fn decode_control_entities(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        match parse_control_reference(tail) {
            Some((ch, consumed)) => {
                out.push(ch);
                rest = &tail[consumed..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Parses `&#NN;`, `&#xHH;` (optionally behind any number of `amp;` layers) at the start of `s`.
/// Returns the character and the bytes consumed, only when it is a control character.
fn parse_control_reference(s: &str) -> Option<(char, usize)> {
    let mut i = 1; // past '&'
    while s[i..].starts_with("amp;") {
        i += 4;
    }
    let body = s[i..].strip_prefix('#')?;
    i += 1;
    let (digits, radix) = match body.strip_prefix(['x', 'X']) {
        Some(hex) => {
            i += 1;
            (hex, 16)
        }
        None => (body, 10),
    };
    let len = digits.chars().take_while(|c| c.is_digit(radix)).count();
    if len == 0 || len > 8 {
        return None;
    }
    let value = u32::from_str_radix(&digits[..len], radix).ok()?;
    i += len;
    if s[i..].starts_with(';') {
        i += 1;
    }
    let ch = char::from_u32(value)?;
    ch.is_control().then_some((ch, i))
}

fn strip_controls(text: &str, keep_newlines: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' | '\t' if keep_newlines => out.push(c),
            '\n' | '\t' | '\r' => out.push(' '),
            ESC => match chars.peek().copied() {
                Some('[') => {
                    chars.next();
                    skip_csi(&mut chars);
                }
                Some(']' | 'P' | 'X' | '^' | '_') => {
                    chars.next();
                    skip_string_sequence(&mut chars);
                }
                // Two-character escapes (ESC c, ESC 7, ESC ( B ...): drop the next char too.
                Some(next) if !next.is_control() => {
                    chars.next();
                    if matches!(next, '(' | ')' | '*' | '+' | '#' | '%') {
                        chars.next();
                    }
                }
                _ => {}
            },
            C1_CSI => skip_csi(&mut chars),
            C1_OSC | C1_DCS | C1_SOS | C1_PM | C1_APC => skip_string_sequence(&mut chars),
            c if c.is_control() => {}
            c if is_bidi_control(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// CSI: parameter and intermediate bytes up to one final byte in `@`..=`~`.
fn skip_csi(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    for c in chars.by_ref() {
        if ('@'..='~').contains(&c) || c.is_control() {
            break;
        }
    }
}

/// OSC, DCS, SOS, PM, APC: everything up to BEL, ST (`ESC \` or U+009C).
fn skip_string_sequence(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while let Some(c) = chars.next() {
        match c {
            BEL | C1_ST => return,
            ESC => {
                if chars.peek() == Some(&'\\') {
                    chars.next();
                }
                return;
            }
            _ => {}
        }
    }
}

/// Columns `text` takes on a terminal.
pub fn display_width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

/// The longest prefix of `text` that fits in `max_cols` columns, cut at a grapheme boundary, with
/// `…` when something was cut. Never splits an emoji ZWJ sequence or a combining mark.
pub fn truncate_to_width(text: &str, max_cols: usize) -> Cow<'_, str> {
    if display_width(text) <= max_cols {
        return Cow::Borrowed(text);
    }
    if max_cols == 0 {
        return Cow::Borrowed("");
    }
    let budget = max_cols - 1; // room for the ellipsis
    let mut used = 0;
    let mut end = 0;
    for (at, grapheme) in text.grapheme_indices(true) {
        let w = display_width(grapheme);
        if used + w > budget {
            break;
        }
        used += w;
        end = at + grapheme.len();
    }
    Cow::Owned(format!("{}…", &text[..end]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed_unchanged() {
        assert!(matches!(
            terminal_safe("hello, world", false),
            Cow::Borrowed("hello, world")
        ));
    }

    #[test]
    fn raw_csi_and_osc_sequences_are_removed() {
        assert_eq!(single_line("a\u{1b}[2Jb"), "ab");
        assert_eq!(single_line("x\u{1b}]52;c;aGVsbG8=\u{7}y"), "xy");
        assert_eq!(
            single_line("x\u{1b}]8;;http://e.vil\u{1b}\\link\u{1b}]8;;\u{1b}\\y"),
            "xlinky"
        );
        assert_eq!(single_line("\u{1b}]2;owned title\u{7}Title"), "Title");
        assert_eq!(single_line("a\u{9b}31mb"), "ab");
        assert_eq!(single_line("a\u{1b}cb"), "ab");
    }

    #[test]
    fn entity_encoded_escapes_are_removed() {
        assert_eq!(single_line("a&#x1b;[2Jb"), "ab");
        assert_eq!(single_line("a&#27;]52;c;ZXZpbA==&#7;b"), "ab");
        assert_eq!(single_line("a&amp;#27;[31mb"), "ab");
        assert_eq!(single_line("a&amp;amp;#x1B;[31mb"), "ab");
    }

    #[test]
    fn ordinary_entities_are_left_for_the_parser() {
        assert_eq!(
            single_line("Tom &amp; Jerry &#8211; &#x2014;"),
            "Tom &amp; Jerry &#8211; &#x2014;"
        );
    }

    #[test]
    fn newlines_kept_only_in_multi_line_text() {
        assert_eq!(multi_line("one\ntwo\r\n\tthree"), "one\ntwo \n\tthree");
        assert_eq!(single_line("one\ntwo\r\n\tthree"), "one two three");
    }

    #[test]
    fn bidi_overrides_are_dropped() {
        assert_eq!(single_line("abc\u{202e}fed"), "abcfed");
    }

    #[test]
    fn one_line_fields_lose_direction_marks_and_invisible_spaces_but_keep_joiners() {
        for hidden in [
            '\u{061c}', '\u{200e}', '\u{200f}', '\u{202a}', '\u{202b}', '\u{202c}', '\u{202d}', '\u{202e}',
            '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}', '\u{200b}', '\u{feff}',
        ] {
            assert_eq!(single_line(&format!("pay{hidden}pal")), "paypal", "{hidden:?}");
            assert_eq!(single_line(&format!("a {hidden} b")), "a b", "{hidden:?}");
            assert_eq!(without_hidden_characters(&format!(" x{hidden}y ")), " xy ");
        }
        let family = "\u{1f468}\u{200d}\u{1f469}\u{200d}\u{1f467}";
        assert_eq!(single_line(family), family, "ZWJ joins an emoji sequence");
        let persian = "\u{0645}\u{06cc}\u{200c}\u{062e}\u{0648}\u{0627}\u{0647}\u{0645}";
        assert_eq!(single_line(persian), persian, "ZWNJ is part of the word");
        assert!(matches!(without_hidden_characters("plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn truncation_respects_wide_characters_and_graphemes() {
        assert_eq!(truncate_to_width("日本語のテキスト", 7), "日本語…");
        assert_eq!(truncate_to_width("short", 10), "short");
        let family = "👨‍👩‍👧 family";
        let cut = truncate_to_width(family, 3);
        assert_eq!(cut, "👨‍👩‍👧…");
        assert!(display_width(&cut) <= 3);
    }

    proptest::proptest! {
        #[test]
        fn output_never_contains_controls(s in "\\PC*|[\\x00-\\x1f\\x7f-\\x9f\\[\\]a-z;&#x0-9]*") {
            let out = multi_line(&s);
            proptest::prop_assert!(!out.chars().any(|c| c.is_control() && c != '\n' && c != '\t'));
            let one = single_line(&s);
            proptest::prop_assert!(!one.chars().any(char::is_control));
        }
    }

    proptest::proptest! {
        #[test]
        fn the_borrowing_fast_path_agrees_with_the_full_cleaning(s in "[ -~\t\n\r\u{7f}\u{1b}\u{9b}é&#;x]{0,80}") {
            let full = fold_whitespace(&terminal_safe(&s, false));
            let fast = one_line(&s);
            proptest::prop_assert_eq!(fast.as_ref(), full.as_str());
        }
    }

    proptest::proptest! {
        #[test]
        fn the_ascii_test_for_cleaning_agrees_with_the_character_test(s in "[\u{0}-\u{7f}]{0,40}") {
            let by_chars = s
                .chars()
                .any(|c| (c.is_control() && c != '\n' && c != '\t') || is_bidi_control(c) || c == '&');
            proptest::prop_assert_eq!(needs_cleaning(&s), by_chars);
        }
    }

    #[test]
    fn clean_lines_are_borrowed_and_others_cleaned() {
        assert!(matches!(one_line("A plain title: 100% ok"), Cow::Borrowed(_)));
        assert_eq!(one_line(" padded  twice "), "padded twice");
        assert_eq!(one_line("Tom \u{1b}[2J Jerry"), "Tom Jerry");
        assert!(
            matches!(one_line("Tom &amp; Jerry"), Cow::Owned(_)),
            "& may hide a control"
        );
    }
}
