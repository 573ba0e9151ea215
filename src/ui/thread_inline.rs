//! The inline thread: every visible comment's header (author, age, score, fold state) and whole
//! text, indented under its parent with depth guides; the focused comment's header highlighted.
//! Only the comments on screen are laid out.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{Look, highlight_if, left_right};
use crate::app::date_display::age;
use crate::app::thread::ThreadPane;
use crate::app::thread_doc::ThreadDoc;
use crate::app::thread_inline::{InlineLine, Page, block, guides};
use crate::comments::Row;
use crate::config::Element;

pub fn draw(frame: &mut Frame, area: Rect, pane: &ThreadPane, doc: &ThreadDoc, look: &Look) {
    let (width, height) = (usize::from(area.width), usize::from(area.height));
    let page = Page { doc, width, height };
    let (top, skip) = pane.inline.top(&page);
    let mut lines: Vec<Line> = Vec::with_capacity(height);
    'rows: for (index, row) in doc.view.rows().iter().enumerate().skip(top) {
        let skip = if index == top { skip } else { 0 };
        for line in block(doc, row, width).iter().skip(skip) {
            if lines.len() >= height {
                break 'rows;
            }
            lines.push(draw_line(
                line,
                row,
                doc,
                index == pane.cursor.selected,
                width,
                look,
            ));
        }
    }
    frame.render_widget(Paragraph::new(lines), area);
}

fn draw_line<'a>(
    line: &InlineLine,
    row: &Row,
    doc: &ThreadDoc,
    focused: bool,
    width: usize,
    look: &Look,
) -> Line<'a> {
    let theme = look.theme;
    let mut spans: Vec<Span> = (0..guides(row.depth, width))
        .map(|depth| Span::styled("│ ", theme.depth_guide(depth)))
        .collect();
    let text = |text: &str, element| Span::styled(text.to_string(), theme.style(element));
    match line {
        InlineLine::Header => return header(spans, row, doc, focused, width, look),
        InlineLine::Text(line) => {
            spans.push(Span::raw("  "));
            spans.push(text(line, Element::Text));
        }
        InlineLine::Quote(line) => {
            spans.push(Span::raw("  "));
            spans.push(text(line, Element::Quote));
        }
        InlineLine::More(more) => {
            let noun = if *more == 1 { "reply" } else { "replies" };
            spans.push(Span::raw("  "));
            spans.push(text(&format!("[{more} more {noun}]"), Element::Collapsed));
        }
        InlineLine::Gap => {}
    }
    Line::from(spans)
}

/// `│ ▾ author  (edited)  [+3 replies]            +12  3h`.
fn header<'a>(
    mut left: Vec<Span<'a>>,
    row: &Row,
    doc: &ThreadDoc,
    focused: bool,
    width: usize,
    look: &Look,
) -> Line<'a> {
    let theme = look.theme;
    let Some(comment) = doc.comments.get(row.node) else {
        return Line::default();
    };
    let marker = match (row.hidden_replies, doc.view.reply_count(row.node)) {
        (Some(_), _) => "▸ ",
        (None, 0) => "  ",
        (None, _) => "▾ ",
    };
    left.push(Span::styled(marker, theme.style(Element::Collapsed)));
    let author = if comment.is_new {
        Element::NewComment
    } else {
        Element::Author
    };
    left.push(Span::styled(comment.author.clone(), theme.style(author)));
    if comment.is_new {
        left.push(Span::styled(" (new)", theme.style(Element::NewComment)));
    }
    if let Some(edited) = &comment.edited {
        left.push(Span::styled(format!("  ({edited})"), theme.style(Element::Dim)));
    }
    if let Some(hidden) = row.hidden_replies {
        let noun = if hidden == 1 { "reply" } else { "replies" };
        left.push(Span::styled(
            format!("  [+{hidden} {noun}]"),
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
    let line = left_right(left, right, width, theme.style(Element::Text));
    highlight_if(line, focused, theme)
}
