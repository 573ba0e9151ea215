//! The article: rendered lines in the theme's styles, centred at the reading width, with search
//! matches highlighted, pictures on the lines made for them, and a progress figure while the page
//! is fetched and extracted.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::app::doc::DocLine;
use crate::app::{App, Loading};
use crate::config::{Element, Theme};

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let Some(pane) = app.article.as_ref() else { return };
    let margin = area.width.saturating_sub(pane.width) / 2;
    let text_area = Rect {
        x: area.x + margin,
        width: area.width.saturating_sub(margin),
        ..area
    };
    match &pane.state {
        Loading::InProgress(stage) if pane.doc.lines.is_empty() => {
            let lines = vec![
                Line::from(Span::styled(
                    pane.item.title.clone(),
                    theme.style(Element::ArticleTitle),
                )),
                Line::default(),
                Line::from(Span::styled(format!("⟳ {stage}…"), theme.style(Element::Dim))),
            ];
            frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), text_area);
        }
        Loading::Failed(message) => {
            let lines = vec![
                Line::from(Span::styled(
                    pane.item.title.clone(),
                    theme.style(Element::ArticleTitle),
                )),
                Line::default(),
                Line::from(Span::styled(
                    format!("Could not load the article: {message}"),
                    theme.style(Element::FeedError),
                )),
                Line::from(Span::styled(
                    "o opens it in the browser.",
                    theme.style(Element::Dim),
                )),
            ];
            frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), text_area);
        }
        _ => {
            let query = pane.search.as_ref().map(|s| s.query.to_lowercase());
            let lines: Vec<Line> = pane
                .doc
                .lines
                .iter()
                .skip(pane.scroll.top)
                .take(usize::from(area.height))
                .map(|line| styled_line(line, theme, query.as_deref()))
                .collect();
            frame.render_widget(Paragraph::new(lines), text_area);
            // Pictures on the blank lines made for them, cut where the view ends.
            let picture_area = Rect {
                width: text_area.width.min(pane.width),
                ..text_area
            };
            for (line, picture) in &pane.pictures.shown {
                let top =
                    i64::try_from(*line).unwrap_or(i64::MAX) - i64::try_from(pane.scroll.top).unwrap_or(0);
                let rows = i64::from(picture.size().height);
                if top + rows > 0 && top < i64::from(area.height) {
                    let top = i32::try_from(top).unwrap_or(i32::MAX);
                    picture.draw(picture_area, top, frame.buffer_mut());
                }
            }
        }
    }
}

/// One document line in theme styles, with every occurrence of `query` highlighted.
fn styled_line<'a>(line: &'a DocLine, theme: &Theme, query: Option<&str>) -> Line<'a> {
    let mut spans = Vec::with_capacity(line.spans.len());
    for span in &line.spans {
        let style = theme.style(span.element);
        match query {
            Some(q) if !q.is_empty() => highlight(
                &span.text,
                q,
                style,
                theme.style(Element::SearchMatch),
                &mut spans,
            ),
            _ => spans.push(Span::styled(span.text.as_str(), style)),
        }
    }
    Line::from(spans)
}

fn highlight<'a>(text: &'a str, query: &str, style: Style, hit: Style, out: &mut Vec<Span<'a>>) {
    let lower = text.to_lowercase();
    // Lower-casing can change byte lengths (e.g. 'İ'); only highlight when offsets still line up.
    if lower.len() != text.len() {
        out.push(Span::styled(text, style));
        return;
    }
    let mut at = 0;
    while let Some(found) = lower[at..].find(query) {
        let start = at + found;
        let end = start + query.len();
        if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            break;
        }
        out.push(Span::styled(&text[at..start], style));
        out.push(Span::styled(&text[start..end], hit));
        at = end;
    }
    out.push(Span::styled(&text[at..], style));
}
