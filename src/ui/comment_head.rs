//! A comment's head as both thread layouts show it: depth guides, the fold marker, the author
//! (marked when new), the replies a fold hides; and on the right its score and age.

use ratatui::text::Span;

use super::Look;
use crate::app::date_display::age;
use crate::app::thread_doc::ThreadDoc;
use crate::comments::Row;
use crate::config::Element;

/// The left part (with `guides` depth guides) and the right part of the head of `row`'s
/// comment; `None` for a row with no comment.
pub fn comment_head<'a>(
    row: &Row,
    doc: &ThreadDoc,
    guides: usize,
    look: &Look,
) -> Option<(Vec<Span<'a>>, Vec<Span<'a>>)> {
    let theme = look.theme;
    let comment = doc.comments.get(row.node)?;
    let mut left = Vec::with_capacity(guides + 4);
    for depth in 0..guides {
        left.push(Span::styled("│ ", theme.depth_guide(depth)));
    }
    let marker = match (row.hidden_replies, doc.view.reply_count(row.node)) {
        (Some(_), _) => "▸ ",
        (None, 0) => "  ",
        (None, _) => "▾ ",
    };
    left.push(Span::styled(marker, theme.style(Element::Collapsed)));
    let author_style = if comment.is_new {
        Element::NewComment
    } else {
        Element::Author
    };
    left.push(Span::styled(comment.author.clone(), theme.style(author_style)));
    if let Some(hidden) = row.hidden_replies {
        let noun = if hidden == 1 { "reply" } else { "replies" };
        left.push(Span::styled(
            format!(" [+{hidden} {noun}]"),
            theme.style(Element::Collapsed),
        ));
    }
    let mut right = Vec::new();
    if let Some(score) = comment.score {
        right.push(Span::styled(format!("{score:+} "), theme.style(Element::Score)));
    }
    right.push(Span::styled(
        format!("{:>4} ", age(comment.date, look.now)),
        theme.style(Element::Age),
    ));
    Some((left, right))
}
