//! Whitespace collapsing over the text runs of a comment body: one space between words, with the
//! common case (ASCII already single-spaced) copied in one piece.

/// Where the whitespace starting at `at` ends (`char::is_whitespace`; ASCII a byte at a time:
/// comment text is mostly ASCII, and decoding every character would cost more than the rest).
pub(super) fn skip_whitespace(text: &str, mut at: usize) -> usize {
    let bytes = text.as_bytes();
    while let Some(&b) = bytes.get(at) {
        if b.is_ascii() {
            if !is_ascii_whitespace(b) {
                return at;
            }
            at += 1;
        } else {
            match text.get(at..).and_then(|rest| rest.chars().next()) {
                Some(c) if c.is_whitespace() => at += c.len_utf8(),
                _ => return at,
            }
        }
    }
    at
}

/// Where the word at `at` ends, followed by any further words each after exactly one ASCII space:
/// the stretch that whitespace collapsing leaves as it is.
pub(super) fn spaced_run_end(text: &str, mut at: usize) -> usize {
    let bytes = text.as_bytes();
    loop {
        while let Some(&b) = bytes.get(at) {
            if b.is_ascii() {
                if is_ascii_whitespace(b) {
                    break;
                }
                at += 1;
            } else {
                match text.get(at..).and_then(|rest| rest.chars().next()) {
                    Some(c) if !c.is_whitespace() => at += c.len_utf8(),
                    _ => break,
                }
            }
        }
        // One space and then another word: the run goes on.
        if bytes.get(at) == Some(&b' ') && skip_whitespace(text, at + 1) == at + 1 && at + 1 < bytes.len() {
            at += 1;
        } else {
            return at;
        }
    }
}

/// `text` as (a leading space, the words, a trailing space) when it is ASCII whose only
/// whitespace is single spaces: nothing for whitespace collapsing to change between its words.
/// Flags OR-ed over the whole text without an early exit compile to wide compares (text nodes are
/// short, so stopping early would save little).
pub(super) fn single_spaced_ascii(text: &str) -> Option<(bool, &str, bool)> {
    let bytes = text.as_bytes();
    let odd = bytes.iter().fold(0u8, |seen, &byte| {
        seen | u8::from((byte >= 0x80) | (b'\t'..=b'\r').contains(&byte))
    });
    let double_space = bytes
        .iter()
        .zip(bytes.get(1..).unwrap_or_default())
        .fold(0u8, |seen, (&a, &b)| seen | u8::from((a == b' ') & (b == b' ')));
    if odd | double_space != 0 {
        return None;
    }
    let (leading, words) = text.strip_prefix(' ').map_or((false, text), |rest| (true, rest));
    let (words, trailing) = words
        .strip_suffix(' ')
        .map_or((words, false), |rest| (rest, true));
    Some((leading, words, trailing))
}

/// `char::is_whitespace` for an ASCII byte (which, unlike `u8::is_ascii_whitespace`, counts the
/// vertical tab).
fn is_ascii_whitespace(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t'..=b'\r')
}
