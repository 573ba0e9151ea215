//! The thread screen: the discussions' tabs when there are several (or the chooser between
//! them), then the comments in the pane's layout: inline (`thread_inline`), or split: one row
//! per visible comment (depth guides, fold marker, author, age, score, "[+N replies]" when
//! folded) above the focused comment's whole text, wrapped.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::comment_head::comment_head;
use super::{Look, discussions, highlight_if, left_right, thread_inline};
use crate::app::date_display::shown_date;
use crate::app::thread::{ThreadPane, list_height};
use crate::app::{App, Loading};
use crate::comments::render::{points, wrap};
use crate::config::{Element, ThreadLayout};

pub fn draw(frame: &mut Frame, area: Rect, app: &App, look: &Look) {
    let theme = look.theme;
    let Some(pane) = app.thread.as_ref() else { return };
    if pane.discussions.chooser.is_some() {
        discussions::draw_chooser(frame, area, pane, look);
        return;
    }
    let area = if pane.discussions.shows_tabs() {
        let [tabs, rest] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
        discussions::draw_tabs(frame, tabs, pane, look);
        rest
    } else {
        area
    };
    let doc = match (&pane.state, &pane.doc) {
        (Loading::Ready, Some(doc)) => doc,
        (Loading::Failed(message), _) => {
            let text = format!("Could not load the comments: {message}");
            frame.render_widget(
                Paragraph::new(Span::styled(text, theme.style(Element::FeedError)))
                    .wrap(Wrap { trim: false }),
                area,
            );
            return;
        }
        (state, _) => {
            // The stage the load reports ("comments 120/450" while a thread is read item by item).
            let stage = match state {
                Loading::InProgress(stage) => stage.as_str(),
                _ => "loading comments",
            };
            let text = Line::from(Span::styled(format!("⟳ {stage}…"), theme.style(Element::Dim)));
            frame.render_widget(
                Paragraph::new(vec![
                    Line::from(Span::styled(
                        pane.title.clone(),
                        theme.style(Element::ArticleTitle),
                    )),
                    Line::default(),
                    text,
                ]),
                area,
            );
            return;
        }
    };
    if doc.comments.is_empty() {
        let notice = doc.notice.clone().unwrap_or_else(|| "No comments.".into());
        let mut lines = vec![Line::from(Span::styled(notice, theme.style(Element::Dim)))];
        if let Some(url) = &doc.url {
            lines.push(Line::from(Span::styled(url.clone(), theme.style(Element::Link))));
        }
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
        return;
    }
    let area = match &doc.footer {
        Some(footer) => {
            let [rest, last] = Layout::vertical([Constraint::Min(0), Constraint::Length(1)]).areas(area);
            let line = Span::styled(footer.clone(), theme.style(Element::Dim));
            frame.render_widget(Paragraph::new(line), last);
            rest
        }
        None => area,
    };
    if pane.layout == ThreadLayout::Inline {
        thread_inline::draw(frame, area, pane, doc, look);
        return;
    }
    let list_rows = u16::try_from(list_height(usize::from(area.height))).unwrap_or(area.height);
    let [list, text] = Layout::vertical([Constraint::Length(list_rows), Constraint::Min(0)]).areas(area);
    draw_rows(frame, list, pane, look);
    draw_focused(frame, text, pane, look);
}

fn draw_rows(frame: &mut Frame, area: Rect, pane: &ThreadPane, look: &Look) {
    let theme = look.theme;
    let Some(doc) = &pane.doc else { return };
    let width = usize::from(area.width);
    let lines: Vec<Line> = doc
        .view
        .rows()
        .iter()
        .enumerate()
        .skip(pane.cursor.offset)
        .take(usize::from(area.height))
        .map(|(index, row)| {
            let (Some(comment), Some((mut left, right))) = (
                doc.comments.get(row.node),
                comment_head(row, doc, row.depth, look),
            ) else {
                return Line::default();
            };
            let first_line = comment
                .text
                .lines()
                .find(|l| !l.trim().is_empty())
                .unwrap_or_default();
            left.push(Span::styled(format!("  {first_line}"), theme.style(Element::Dim)));
            let line = left_right(left, right, width, theme.style(Element::Text));
            highlight_if(line, index == pane.cursor.selected, theme)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}

fn draw_focused(frame: &mut Frame, area: Rect, pane: &ThreadPane, look: &Look) {
    let theme = look.theme;
    let Some(comment) = pane.focused() else { return };
    let block = Block::default()
        .borders(Borders::TOP)
        .border_style(theme.style(Element::Dim));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let mut header = vec![Span::styled(comment.author.clone(), theme.style(Element::Author))];
    if let Some(date) = comment.date {
        header.push(Span::styled(
            format!("  {}", shown_date(date, look.now, look.zone)),
            theme.style(Element::Age),
        ));
    }
    if let Some(score) = comment.score {
        header.push(Span::styled(
            format!("  {}", points(score)),
            theme.style(Element::Score),
        ));
    }
    if let Some(edited) = &comment.edited {
        header.push(Span::styled(format!("  ({edited})"), theme.style(Element::Dim)));
    }
    let mut lines = vec![Line::from(header)];
    let width = usize::from(inner.width.saturating_sub(1)).max(10);
    // Paragraphs and quote lines keep their breaks; each is wrapped on its own.
    for paragraph in comment.text.split('\n') {
        let style = theme.style(if paragraph.starts_with('>') {
            Element::Quote
        } else {
            Element::Text
        });
        if paragraph.trim().is_empty() {
            lines.push(Line::default());
            continue;
        }
        lines.extend(
            wrap(paragraph, width)
                .into_iter()
                .map(|l| Line::from(Span::styled(l, style))),
        );
    }
    if let Some(more) = comment.more_replies {
        lines.push(Line::from(Span::styled(
            format!("[{more} more replies]"),
            theme.style(Element::Collapsed),
        )));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
