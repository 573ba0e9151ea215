//! The status bar: refresh progress, the last error (or the selected feed's), passing messages,
//! unread totals; or the open prompt.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::Span;
use ratatui::widgets::Paragraph;

use super::{fit, left_right};
use crate::app::{App, Screen};
use crate::config::{Element, Theme};
use crate::sanitize::display_width;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let width = usize::from(area.width);
    if let Some(prompt) = &app.prompt {
        let text = format!("{}{}", prompt.label(), prompt.input);
        frame.render_widget(
            Paragraph::new(fit(&text, width)).style(theme.style(Element::Prompt)),
            area,
        );
        let cursor = u16::try_from(display_width(&text))
            .unwrap_or(u16::MAX)
            .min(area.width.saturating_sub(1));
        frame.set_cursor_position(Position {
            x: area.x + cursor,
            y: area.y,
        });
        return;
    }
    let feed_error = match app.screen {
        Screen::Feeds => app
            .selected_feed()
            .and_then(|f| f.last_error.as_ref().map(|e| format!("{}: {e}", f.url))),
        _ => None,
    };
    let (left, style) = if let Some(error) = app.status.error.clone().or(feed_error) {
        (format!(" error: {error}"), theme.style(Element::StatusError))
    } else if let Some((done, total)) = app.status.refresh {
        (
            format!(" refreshing {done}/{total}"),
            theme.style(Element::StatusBar),
        )
    } else {
        (
            format!(" {}", app.status.message.clone().unwrap_or_default()),
            theme.style(Element::StatusBar),
        )
    };
    let unread: u32 = app.feeds.iter().map(|f| f.unread).sum();
    let mut right = Vec::new();
    if let Some(downloads) = app.download_status() {
        right.push(Span::styled(format!("{downloads}  "), style));
    }
    if let (Some((done, total)), true) = (app.status.refresh, app.status.error.is_some()) {
        right.push(Span::styled(format!("refreshing {done}/{total}  "), style));
    }
    right.push(Span::styled(format!("{unread} unread  ? help "), style));
    let line = left_right(vec![Span::styled(left, style)], right, width, style);
    frame.render_widget(Paragraph::new(line).style(style), area);
}
