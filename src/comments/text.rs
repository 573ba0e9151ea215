//! Comment bodies: HTML to plain text the way articles are rendered (html2text: quotes as `> `,
//! lists, code blocks kept, links numbered with their URLs listed after the text), made terminal-safe.

use crate::sanitize;

/// Rendering width: wide enough that paragraphs stay one line; the screen wraps them to fit.
const UNWRAPPED: usize = 10_000;

/// The text of an HTML fragment (a comment's body).
pub(crate) fn html_to_text(html: &str) -> String {
    let rendered = html2text::config::plain_no_decorate()
        .link_footnotes(true)
        .string_from_read(html.as_bytes(), UNWRAPPED)
        // html2text fails only on I/O errors of its reader; a byte slice has none. Fall back to
        // the tags stripped rather than lose the comment.
        .unwrap_or_else(|_| strip_tags(html));
    tidy(&sanitize::multi_line(&rendered))
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

fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
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
}
