//! The item list: read / starred marks, title, feed (in mixed lists), enclosure kind (♪ audio,
//! ▶ video, ◆ another file), comment count, age.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{Look, highlight_if, left_right};
use crate::app::App;
use crate::app::date_display::age;
use crate::app::model::ItemSource;
use crate::config::Element;
use crate::store::MediaKind;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, look: &Look) {
    let theme = look.theme;
    let Some(pane) = app.items.as_ref() else { return };
    let width = usize::from(area.width);
    if pane.entries.is_empty() {
        let message = if pane.loading {
            "  loading…"
        } else {
            "  nothing here"
        };
        frame.render_widget(
            Paragraph::new(Span::styled(message, theme.style(Element::Dim))),
            area,
        );
        return;
    }
    let mixed = !matches!(pane.source, ItemSource::Feed { .. });
    let lines: Vec<Line> = pane
        .entries
        .iter()
        .enumerate()
        .skip(pane.cursor.offset)
        .take(usize::from(area.height))
        .map(|(index, item)| {
            let mark = match (item.starred, item.read) {
                (true, _) => Span::styled("★ ", theme.style(Element::Starred)),
                (false, false) => Span::styled("● ", theme.style(Element::Unread)),
                (false, true) => Span::raw("  "),
            };
            let title_style = theme.style(if item.read { Element::Read } else { Element::Unread });
            let mut left = vec![mark, Span::styled(item.title.clone(), title_style)];
            if mixed {
                left.push(Span::styled(
                    format!("  {}", item.feed_title),
                    theme.style(Element::Dim),
                ));
            }
            let mut right = Vec::new();
            if let Some(kind) = item.media {
                let mark = match kind {
                    MediaKind::Audio => "♪ ",
                    MediaKind::Video => "▶ ",
                    MediaKind::Other => "◆ ",
                };
                right.push(Span::styled(mark, theme.style(Element::Count)));
            }
            if let Some(count) = item.comments {
                right.push(Span::styled(format!("{count}c "), theme.style(Element::Count)));
            }
            right.push(Span::styled(
                format!("{:>4} ", age(item.published, look.now)),
                theme.style(Element::Age),
            ));
            let line = left_right(left, right, width, theme.style(Element::Text));
            highlight_if(line, index == pane.cursor.selected, theme)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}
