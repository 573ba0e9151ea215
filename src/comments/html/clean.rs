//! A comment's name and text cleaned of the comment system's own words: "Comment by", "says:",
//! badges, comment numbers, date lines above the text, reply and like labels below it.
//!
//! Pure string functions over what the DOM readers found. The word lists cover the languages the
//! comment systems ship (English, German, French, Spanish, Italian, Portuguese, Dutch, Polish);
//! they name the UI's vocabulary, never a site's.

use std::sync::LazyLock;

use regex_lite::Regex;

use super::vocabulary::{
    self, BADGES, CALL_TO_COMMENT, RELATIVE_MARKERS, SAYS, TIME_WORDS, UI_WORDS, WEEKDAYS,
};
use crate::comments::date_parse;
use crate::sanitize;

/// Whether a line states only when a comment was posted ("März 7, 2018", "17.07, 2011 @ 13:04",
/// "#2.1 — vor 8 Stunden", "3 days ago"), with perhaps its comment number.
pub(super) fn is_date_line(line: &str) -> bool {
    let line = line.trim();
    if line.is_empty() || line.chars().count() > 64 {
        return false;
    }
    let mut numbers = 0;
    let mut clock = false;
    let mut relative = false;
    let mut named = false;
    for raw in line.split_whitespace() {
        let token = raw
            .trim_matches(|c: char| matches!(c, ',' | ';' | '(' | ')' | '[' | ']' | '"'))
            .to_lowercase();
        if token.is_empty() {
            continue;
        }
        if is_number_token(&token) {
            numbers += 1;
            clock = clock || is_clock(&token);
            continue;
        }
        let word = token.trim_end_matches('.');
        if date_parse::month_number(word).is_some() || vocabulary::contains(WEEKDAYS, word) {
            named = true;
            continue;
        }
        if vocabulary::contains(RELATIVE_MARKERS, word) {
            relative = true;
            continue;
        }
        if !vocabulary::contains(TIME_WORDS, word) && !vocabulary::contains(TIME_WORDS, &token) {
            return false;
        }
    }
    // A lone number is a date only when it is one written in a single token ("17.07.2021").
    let one_token_date = || line.contains(['.', '/', '-']) && date_parse::parse(line).is_some();
    numbers > 0 && (named || relative || clock || numbers >= 2 || one_token_date()) || relative && named
}

/// "13:04", "16h02", "9:00".
fn is_clock(token: &str) -> bool {
    let Some((hours, minutes)) = token.split_once([':', 'h']) else {
        return false;
    };
    let minutes = minutes.get(..2).unwrap_or("");
    (1..=2).contains(&hours.len())
        && hours.chars().all(|c| c.is_ascii_digit())
        && minutes.len() == 2
        && minutes.chars().all(|c| c.is_ascii_digit())
}

/// `token` without the first of `suffixes` that follows a digit ("8th", "10pm").
fn without_number_suffix<'a>(token: &'a str, suffixes: &[&str]) -> &'a str {
    (suffixes.iter())
        .find_map(|suffix| (token.strip_suffix(suffix)).filter(|t| t.ends_with(|c: char| c.is_ascii_digit())))
        .unwrap_or(token)
}

/// "12", "17.07", "13:04", "2011", "#3", "2.1", "8th", "16h02", "12/03/2021", "#12:".
fn is_number_token(token: &str) -> bool {
    let token = token.trim_start_matches('#').trim_end_matches([':', '.']);
    let token = without_number_suffix(token, &["am", "pm", "a.m", "p.m", "uhr", "h"]);
    let token = without_number_suffix(token, &["st", "nd", "rd", "th", "er", "e", "º", "°"]);
    token.starts_with(|c: char| c.is_ascii_digit())
        && token
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | ':' | '/' | '-' | 'h'))
}

/// Whether `text` is a comment number alone ("#3", "12.", "2.1").
pub(super) fn is_comment_number(text: &str) -> bool {
    let text = text.trim();
    !text.is_empty() && text.split_whitespace().count() == 1 && is_number_token(text)
}

/// The longest button or link label, in bytes.
const MAX_LABEL_BYTES: usize = 64;

/// Whether `text` is a button or link label of the comment UI ("Reply", "Antworten", "[–]").
pub(super) fn is_ui_word(text: &str) -> bool {
    // The longest label is a few words; a longer text is no label (and is not copied).
    if text.len() > MAX_LABEL_BYTES {
        return false;
    }
    let text = sanitize::single_line(text).to_lowercase();
    let text = text.trim_matches(|c: char| c.is_whitespace() || matches!(c, '|' | '·' | '•' | '(' | ')'));
    vocabulary::contains(UI_WORDS, text)
}

/// Whether a would-be name is the comment section's own heading or call to action ("Comments",
/// "Post a Comment", "Iniciar sesión para comentar"): it names comments or logging in.
pub(super) fn is_call_to_comment(text: &str) -> bool {
    let lower = text.to_lowercase();
    CALL_TO_COMMENT.iter().any(|s| lower.contains(s))
}

/// Whether `text` is a badge printed beside a name ("Author", "Moderator").
pub(super) fn is_badge(text: &str) -> bool {
    let text = sanitize::single_line(text).to_lowercase();
    vocabulary::contains(
        BADGES,
        text.trim_matches(|c: char| !c.is_alphanumeric() && c != ' '),
    )
}

/// A display name from the text of the element that holds it: without "Comment by", the date
/// after it, "says:", badges, comment numbers and stray punctuation.
pub(super) fn author_name(raw: &str) -> String {
    static BY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)^(?:(?:comment(?:ed)?|kommentar|kommentiert|commentaire|comment[éÉe]|comentario|comentado|commento|reactie|komentarz|posted|written|geschrieben|[éÉe]crit|escrito|scritto|antwort|reply|r[éÉe]ponse|respuesta)\s+(?:by|von|de|par|por|di|da|door|van|av|af|przez)|by|par|por|door|przez)\s+",
        )
        .expect("a constant pattern compiles")
    });
    static NUMBER: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^#?\d+[.):]?\s+").expect("a constant pattern compiles"));
    let mut name = sanitize::single_line(raw);
    if let Some(rest) = NUMBER.find(&name).map(|m| name[m.end()..].to_string()) {
        if rest.chars().any(char::is_alphabetic) {
            name = rest;
        }
    }
    if let Some(rest) = BY.find(&name).map(|m| name[m.end()..].to_string()) {
        if !rest.trim().is_empty() {
            name = rest;
        }
    }
    // What follows a separator, or a date, is not the name: "Mirko — 17.07, 2011 @ 13:04".
    for separator in [" — ", " – ", " | ", " · ", " • ", " @ ", " - "] {
        if let Some((before, after)) = name.split_once(separator) {
            let always = matches!(separator, " — " | " – " | " | " | " · " | " • ");
            if !before.trim().is_empty() && (always || is_date_line(after)) {
                name = before.to_string();
            }
        }
    }
    name = without_trailing_date(&name);
    name = without_says(&name);
    // "On March 11, 2024 9:00 am, Ines" (the date first, then the name).
    if let Some((before, after)) = name.rsplit_once(", ") {
        if is_date_line(before) && !after.trim().is_empty() {
            name = after.to_string();
        }
    }
    // "Hedda Lund (not verified)", "Ines (Autorin)": a badge in brackets.
    if let Some((before, bracketed)) = name.rsplit_once(" (") {
        let inside = bracketed.trim_end_matches(')');
        if is_badge(inside) && !before.trim().is_empty() {
            name = before.to_string();
        }
    }
    let trimmed = name.trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, ',' | ';' | ':' | '·' | '|' | '—' | '–' | '•')
    });
    trimmed.to_string()
}

/// "Ana on 3 March 2021", "Jörg am 10. Februar 2019 um 18:05 Uhr" → the name.
fn without_trailing_date(name: &str) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    for cut in 1..words.len() {
        let rest = words[cut..].join(" ");
        if is_date_line(&rest) {
            let mut kept = &words[..cut];
            // The connective before the date ("on", "am", "le") goes with it.
            if let [before @ .., last] = kept {
                if !before.is_empty() && vocabulary::contains(TIME_WORDS, &last.to_lowercase()) {
                    kept = before;
                }
            }
            return kept.join(" ");
        }
    }
    name.to_string()
}

/// "Ines says:", "Jean a dit :", "Ana dijo" → the name.
fn without_says(name: &str) -> String {
    let mut words: Vec<&str> = name.split_whitespace().collect();
    if words.last() == Some(&":") {
        words.pop();
    }
    if words.len() >= 2 {
        let last = words[words.len() - 1].trim_end_matches(':').to_lowercase();
        if vocabulary::contains(SAYS, &last) {
            words.pop();
            // "a dit", "ha scritto", "hat geschrieben"
            if words.len() >= 2 && matches!(words[words.len() - 1], "a" | "ha" | "hat" | "has") {
                words.pop();
            }
        }
    }
    if let Some(last) = words.last_mut() {
        *last = last.trim_end_matches(':');
    }
    words.retain(|w| !w.is_empty());
    words.join(" ")
}

/// The name in a line that ends with a verb of saying ("On March 11, Ines wrote:", "Ana dijo:"),
/// the way old themes print who wrote a comment.
pub(super) fn name_from_says_line(line: &str) -> Option<String> {
    let line = sanitize::single_line(line);
    let before_colon = line.trim_end().strip_suffix(':')?.trim_end();
    let last = before_colon.rsplit(' ').next()?.to_lowercase();
    if !vocabulary::contains(SAYS, &last) || line.chars().count() > 120 {
        return None;
    }
    Some(author_name(&line)).filter(|name| !name.is_empty() && name.split_whitespace().count() <= 6)
}

/// A comment's text without the lines the comment system put around it: date and number lines and
/// the author's name above, button labels below. Never empties a text that has more than those.
pub(super) fn comment_text(text: &str, author: &str) -> String {
    let author_key = sanitize::single_line(author).to_lowercase();
    let lines: Vec<&str> = text.lines().collect();
    let is_meta = |line: &str| {
        let line = line.trim();
        let line = line.strip_prefix("* ").unwrap_or(line);
        if line.is_empty() || line.ends_with(':') && is_says(line) {
            return true;
        }
        let lower = line.to_lowercase();
        is_date_line(line)
            || is_comment_number(line)
            || is_ui_word(line)
            || (!author_key.is_empty()
                && (lower == author_key
                    || lower
                        .strip_prefix(&author_key)
                        .is_some_and(|rest| is_says(rest) || is_date_line(rest))))
    };
    let start = lines
        .iter()
        .position(|line| !is_meta(line))
        .unwrap_or(lines.len());
    let end = lines
        .iter()
        .rposition(|line| {
            let line = line.trim();
            !(line.is_empty() || is_ui_word(line) || is_date_line(line))
        })
        .map_or(start, |i| i + 1)
        .max(start);
    lines[start..end].join("\n")
}

/// " says:", " sagt:", ":" after a name.
fn is_says(rest: &str) -> bool {
    let rest = rest.trim().trim_end_matches(':').trim().to_lowercase();
    let verb = rest.strip_prefix("a ").unwrap_or(&rest);
    rest.is_empty() || vocabulary::contains(SAYS, verb)
}

/// The title of a pingback or trackback written as the comment's text or name ("Pingback: Title",
/// "Trackback von Title").
pub(super) fn pingback_title(text: &str) -> Option<&str> {
    let text = text.trim_start();
    let word = ["pingback", "trackback"].iter().find(|w| {
        text.get(..w.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(w))
    })?;
    let rest = &text[word.len()..];
    let rest = if let Some(after_colon) = rest.trim_start().strip_prefix(':') {
        after_colon
    } else {
        let rest = rest.strip_prefix(char::is_whitespace)?.trim_start();
        ["von ", "from ", "de ", "by ", "da ", "di ", "van ", "od "]
            .iter()
            .find_map(|c| {
                rest.get(..c.len())
                    .filter(|s| s.eq_ignore_ascii_case(c))
                    .map(|_| &rest[c.len()..])
            })?
    };
    Some(rest.trim()).filter(|r| !r.is_empty())
}

/// The longest rendered text [`is_only_links`] looks at: a few titles and their addresses.
const MAX_TEASER_BYTES: usize = 800;

/// Whether a rendered text is made of links and little else (`[Title][1]` and its `[1]: url`
/// line, perhaps a label): a teaser of another page, not what someone wrote.
pub(super) fn is_only_links(text: &str) -> bool {
    static LINK: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\[([^\]\n]*)\]\[\d+\]").expect("a constant pattern compiles"));
    static REFERENCE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?m)^\[\d+\]: \S+$").expect("a constant pattern compiles"));
    // A teaser is a few links; a text without a link, or a long one, is none.
    if !text.contains("][") || text.len() > MAX_TEASER_BYTES {
        return false;
    }
    let without_references = REFERENCE.replace_all(text, "");
    let link_words: usize = LINK
        .captures_iter(&without_references)
        .map(|c| c[1].split_whitespace().count())
        .sum();
    let rest_words = LINK
        .replace_all(&without_references, "")
        .split_whitespace()
        .count();
    link_words >= 3 && (rest_words < 2 || rest_words * 5 <= link_words)
}

/// Whether a text is a deleted comment's stub ("[deleted]", "[removed]", "[flagged]", "[dead]").
pub(super) fn is_deleted_note(text: &str) -> bool {
    let text = text.trim().to_lowercase();
    matches!(
        text.as_str(),
        "[deleted]" | "[removed]" | "[flagged]" | "[dead]" | "[gelöscht]" | "[supprimé]" | "[eliminado]"
    )
}

/// Whether a line is an edit note ("Edited 3 days ago", "Zuletzt bearbeitet vor 2 Tagen von X"):
/// perhaps a bracket, perhaps "last", then an edit word ending there. Plain code rather than a
/// pattern: every short element of every comment is asked.
pub(super) fn is_edit_note(line: &str) -> bool {
    const EDIT_WORDS: &[&str] = &[
        "edited",
        "modified",
        "updated",
        "bearbeitet",
        "geändert",
        "modifié",
        "édité",
        "editado",
        "modificado",
        "modificato",
        "bewerkt",
        "edytowany",
    ];
    let line = line.trim();
    if line.chars().count() > 80 {
        return false;
    }
    let rest = line.strip_prefix(['(', '[']).unwrap_or(line);
    if rest.starts_with(char::is_whitespace) {
        return false;
    }
    let lower = rest.to_lowercase();
    let mut words = lower.split_whitespace();
    let mut word = words.next();
    if word == Some("last") {
        word = words.next();
    }
    if word == Some("zuletzt") {
        return words
            .next()
            .is_some_and(|next| starts_with_word(next, "bearbeitet"));
    }
    word.is_some_and(|word| EDIT_WORDS.iter().any(|edit| starts_with_word(word, edit)))
}

/// Whether `token` starts with `word` and no letter, digit or `_` follows it there.
fn starts_with_word(token: &str, word: &str) -> bool {
    token
        .strip_prefix(word)
        .is_some_and(|after| !after.starts_with(|c: char| c.is_alphanumeric() || c == '_'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_the_words_around_them() {
        let cases = [
            ("Josef Franz Lindner, ", "Josef Franz Lindner"),
            ("Comment by Daniel — 17.07, 2011 @ 13:10", "Daniel"),
            ("Kommentar von Mareike", "Mareike"),
            ("par Jean Dupont le 12/03/2021.", "Jean Dupont"),
            ("Ines says:", "Ines"),
            ("Ramón dijo:", "Ramón"),
            ("Jean a dit :", "Jean"),
            ("#3 farbat", "farbat"),
            ("Ana on March 3, 2021", "Ana"),
            ("Georg77", "Georg77"),
            ("Dr. Webbaer", "Dr. Webbaer"),
            ("Ed B. -Netherlands", "Ed B. -Netherlands"),
            (
                "Sallie Goetsch (rhymes with sketch)",
                "Sallie Goetsch (rhymes with sketch)",
            ),
            ("de Vries", "de Vries"),
            ("Rowena @ rolala loves", "Rowena @ rolala loves"),
            ("omg -_-", "omg -_-"),
            ("Hella @ 10:04", "Hella"),
            ("Hedda Lund (not verified)", "Hedda Lund"),
            ("On March 11, 2024 9:00 am, Ines Moreau wrote:", "Ines Moreau"),
        ];
        for (raw, want) in cases {
            assert_eq!(author_name(raw), want, "{raw}");
        }
    }

    #[test]
    fn date_lines_are_told_from_text() {
        for line in [
            "März 7, 2018",
            "17.07, 2011 @ 13:04",
            "#2.1 — vor 8 Stunden",
            "3 days ago",
            "December 14, 2019 8:44 pm",
            "10. April 2019 @ 16:29",
            "18/02/2020 à 16:42",
            "il y a 2 jours",
            "21 Nov 2017, 9:34pm",
            "21:00",
        ] {
            assert!(is_date_line(line), "{line}");
        }
        for line in [
            "Liebe Claudia,",
            "Thanks. Very helpful.",
            "Short and sweet.",
            "2 cool",
            "Vor allem",
        ] {
            assert!(!is_date_line(line), "{line}");
        }
    }

    #[test]
    fn texts_lose_the_meta_lines_around_them() {
        assert_eq!(
            comment_text("März 7, 2018\n\nLiebe Claudia,\nDu hast", "dottoressa"),
            "Liebe Claudia,\nDu hast"
        );
        assert_eq!(comment_text("Ines says:\nFirst!\nReply", "Ines"), "First!");
        assert_eq!(comment_text("#12\nText here", "x"), "Text here");
        assert_eq!(comment_text("2 hours", "x"), "2 hours");
        assert_eq!(comment_text("sagt:\n\nSo cool.", "Betina"), "So cool.");
    }

    #[test]
    fn accented_words_match_in_any_case_and_end_where_the_word_ends() {
        for note in [
            "Modifié le 3 mars",
            "MODIFIÉ le 3 mars",
            "(Édité)",
            "GEÄNDERT am 2. Mai",
            "Edited",
        ] {
            assert!(is_edit_note(note), "{note}");
        }
        for note in [
            "Zuletzt bearbeitet vor 2 Tagen",
            "[Updated: typo]",
            "(last   EDITED 3 days ago)",
        ] {
            assert!(is_edit_note(note), "{note}");
        }
        for prose in [
            "Modifiées hier",
            "Editedness",
            "Édités",
            "( edited",
            "Zuletzt gesehen",
            "Last time I edited",
        ] {
            assert!(!is_edit_note(prose), "{prose}");
        }
        assert_eq!(author_name("COMMENTÉ PAR Jean"), "Jean");
        assert_eq!(author_name("Réponse de Marie"), "Marie");
    }

    #[test]
    fn labels_badges_pingbacks_and_edit_notes() {
        assert!(is_ui_word(" Reply ") && is_ui_word("Antworten") && !is_ui_word("Reply to all"));
        assert!(is_badge("Author") && is_badge("Moderator") && !is_badge("Ines"));
        assert_eq!(
            pingback_title("Pingback: A post elsewhere"),
            Some("A post elsewhere")
        );
        assert_eq!(pingback_title("Ping me"), None);
        assert_eq!(pingback_title("Pingback von Blog X"), Some("Blog X"));
        assert_eq!(pingback_title("Pingbacks are noise"), None);
        assert!(is_edit_note("Last edited 8 days ago by farbat") && !is_edit_note("Editors wrote"));
        assert!(is_only_links("[Comment: The Budget][1]\n\n[1]: https://e.org/a"));
        assert!(!is_only_links("See [this][1] for more.\n\n[1]: https://e.org/a"));
        assert!(is_only_links(
            "[A long title of a post][1]\n\nPremium\n\n[1]: /news/a/"
        ));
    }
}
