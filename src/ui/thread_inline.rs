//! The inline thread: every visible comment's header (author, age, score, fold state) and whole
//! text, indented under its parent with depth guides; the focused comment's header highlighted.
//! Only the comments on screen are laid out.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::comment_head::comment_head;
use super::{Look, highlight_if, left_right};
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
    let guides = guides(row.depth, width);
    let (text, element) = match line {
        InlineLine::Header => return header(row, doc, guides, focused, width, look),
        InlineLine::Text(line) => (line.clone(), Element::Text),
        InlineLine::Quote(line) => (line.clone(), Element::Quote),
        InlineLine::More(more) => {
            let noun = if *more == 1 { "reply" } else { "replies" };
            (format!("[{more} more {noun}]"), Element::Collapsed)
        }
        InlineLine::Gap => (String::new(), Element::Text),
    };
    let mut spans: Vec<Span> = (0..guides)
        .map(|depth| Span::styled("│ ", theme.depth_guide(depth)))
        .collect();
    if !text.is_empty() {
        spans.push(Span::raw("  "));
        spans.push(Span::styled(text, theme.style(element)));
    }
    Line::from(spans)
}

/// `│ ▾ author (new)  (edited) [+3 replies]            +12  3h`.
fn header<'a>(
    row: &Row,
    doc: &ThreadDoc,
    guides: usize,
    focused: bool,
    width: usize,
    look: &Look,
) -> Line<'a> {
    let theme = look.theme;
    let (Some(comment), Some((mut left, right))) =
        (doc.comments.get(row.node), comment_head(row, doc, guides, look))
    else {
        return Line::default();
    };
    if comment.is_new {
        left.push(Span::styled(" (new)", theme.style(Element::NewComment)));
    }
    if let Some(edited) = &comment.edited {
        left.push(Span::styled(format!("  ({edited})"), theme.style(Element::Dim)));
    }
    let line = left_right(left, right, width, theme.style(Element::Text));
    highlight_if(line, focused, theme)
}
