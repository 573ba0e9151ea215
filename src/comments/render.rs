//! A thread as indented plain text (what `folio read --comments` prints after the article).
//! Iterative over the tree; indentation stops growing at half the width so deep threads stay legible.

use unicode_segmentation::UnicodeSegmentation;

use super::model::{Comment, Preorder, Thread};
use crate::sanitize::display_width;

const INDENT: usize = 2;

/// The thread as lines of at most `width` columns (narrower widths are raised to 20).
pub fn thread_lines(thread: &Thread, width: usize) -> Vec<String> {
    let width = width.max(20);
    let mut lines = Vec::new();
    for (comment, depth) in Preorder::of(&thread.comments) {
        let pad = " ".repeat((depth * INDENT).min(width / 2));
        let room = width - pad.len();
        if !lines.is_empty() {
            lines.push(String::new());
        }
        for line in wrap(&header(comment), room) {
            lines.push(format!("{pad}{line}"));
        }
        for paragraph in comment.text.lines() {
            for line in wrap(paragraph, room) {
                lines.push(format!("{pad}{line}"));
            }
        }
        if let Some(more) = comment.more_replies {
            lines.push(format!(
                "{pad}{}[{more} more replies]",
                " ".repeat(INDENT.min(room))
            ));
        }
    }
    if let Some(more) = thread.more_replies {
        lines.push(String::new());
        lines.push(format!("[{more} more replies]"));
    }
    if !thread.pingbacks.is_empty() {
        lines.push(String::new());
        for pingback in &thread.pingbacks {
            let title = crate::sanitize::single_line(&pingback.title);
            lines.extend(wrap(&format!("Pingback: {title}"), width));
        }
    }
    if let Some(next) = &thread.next_page {
        lines.push(String::new());
        let next = crate::sanitize::single_line(next);
        lines.extend(wrap(&format!("[more comments on another page: {next}]"), width));
    }
    lines
}

/// "author · 2021-07-17 16:02 · 3 points · edited".
pub fn header(comment: &Comment) -> String {
    let mut parts = vec![comment.author.clone()];
    if let Some(date) = comment.date {
        parts.push(date.format("%Y-%m-%d %H:%M").to_string());
    }
    if let Some(score) = comment.score {
        parts.push(points(score));
    }
    if comment.edited.is_some() {
        parts.push("edited".to_string());
    }
    parts.join(" · ")
}

/// "1 point", "12 points", "-2 points".
pub fn points(score: i64) -> String {
    if score == 1 {
        "1 point".to_string()
    } else {
        format!("{score} points")
    }
}

/// Greedy word wrap by display width; a word longer than the line is cut at grapheme boundaries.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used = 0;
    for word in text.split_whitespace() {
        let w = display_width(word);
        if used > 0 && used + 1 + w > width {
            lines.push(std::mem::take(&mut line));
            used = 0;
        }
        if w > width {
            for grapheme in word.graphemes(true) {
                let g = display_width(grapheme);
                if used + g > width && used > 0 {
                    lines.push(std::mem::take(&mut line));
                    used = 0;
                }
                line.push_str(grapheme);
                used += g;
            }
            continue;
        }
        if used > 0 {
            line.push(' ');
            used += 1;
        }
        line.push_str(word);
        used += w;
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::comments::model::Source;

    #[test]
    fn replies_are_indented_under_their_parent_and_lines_fit() {
        let mut parent = Comment::new("1", Some("ada"), "a fairly long first comment that must wrap");
        let mut reply = Comment::new("2", None, "short reply");
        reply.more_replies = Some(3);
        parent.children.push(reply);
        let mut thread = Thread::new(Source::Generic, None);
        thread.comments.push(parent);
        let lines = thread_lines(&thread, 24);
        assert!(lines.iter().all(|l| display_width(l) <= 24), "{lines:?}");
        assert_eq!(lines[0], "ada");
        assert!(lines.contains(&"  Anonymous".to_string()), "{lines:?}");
        assert!(lines.contains(&"  short reply".to_string()), "{lines:?}");
        assert!(lines.contains(&"    [3 more replies]".to_string()), "{lines:?}");
    }

    #[test]
    fn one_point_is_singular() {
        let mut comment = Comment::new("1", Some("ada"), "x");
        comment.score = Some(1);
        assert_eq!(header(&comment), "ada · 1 point");
        comment.score = Some(0);
        assert_eq!(header(&comment), "ada · 0 points");
    }

    #[test]
    fn pingbacks_and_further_pages_are_listed_after_the_comments() {
        let mut thread = Thread::new(Source::Generic, None);
        thread.comments.push(Comment::new("1", Some("ada"), "text"));
        thread.pingbacks.push(super::super::model::Pingback {
            title: "A post \u{1b}[31melsewhere".to_string(),
            url: None,
        });
        thread.next_page = Some("https://e.org/p/comment-page-2/".to_string());
        let lines = thread_lines(&thread, 80);
        let text = lines.join("\n");
        assert!(text.contains("Pingback: A post"), "{text}");
        assert!(!text.contains('\u{1b}'), "{text}");
        assert!(
            text.ends_with("[more comments on another page: https://e.org/p/comment-page-2/]"),
            "{text}"
        );
    }
}
