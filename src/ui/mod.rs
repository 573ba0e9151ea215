//! Drawing: one file per screen. Everything here reads the `App` and writes into the frame; it
//! never changes state or does I/O, so a frame is a pure function of the state (and snapshot
//! tests can pin it).

mod article;
mod comment_head;
mod discussions;
mod feeds;
mod help;
mod items;
mod status;
mod thread;
mod thread_inline;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::date_display::Zone;
use crate::app::model::ItemSource;
use crate::app::{App, Screen};
use crate::config::{Element, Keymap, Theme};
use crate::sanitize::{display_width, truncate_to_width};
use crate::store::ItemOrder;

/// What drawing needs besides the state.
pub struct Look<'a> {
    pub theme: &'a Theme,
    pub keymap: &'a Keymap,
    /// The time ages ("3h") are counted from; passed in so a frame is reproducible.
    pub now: chrono::DateTime<chrono::Utc>,
    /// The time zone of the dates shown.
    pub zone: Zone,
}

/// Draws the whole screen.
pub fn draw(frame: &mut Frame, app: &App, look: &Look) {
    let [title, body, status] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(0), Constraint::Length(1)])
            .areas(frame.area());
    frame.render_widget(
        Paragraph::new("").style(look.theme.style(Element::Text)),
        frame.area(),
    );
    draw_title(frame, title, app, look.theme);
    match app.screen {
        Screen::Feeds if app.feeds.is_empty() => feeds::draw_welcome(frame, body, look),
        Screen::Feeds => feeds::draw(frame, body, app, look.theme),
        Screen::Items => items::draw(frame, body, app, look),
        Screen::Article => article::draw(frame, body, app, look.theme),
        Screen::Thread => thread::draw(frame, body, app, look),
    }
    status::draw(frame, status, app, look.theme);
    if app.help {
        help::draw(frame, body, app, look);
    }
}

fn draw_title(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let text = match app.screen {
        Screen::Feeds => "folio".to_string(),
        Screen::Items => app
            .items
            .as_ref()
            .map_or_else(String::new, |p| match (&p.source, app.item_order) {
                (ItemSource::Search { .. }, _) | (_, ItemOrder::NewestFirst) => {
                    format!("folio › {}", p.source.title())
                }
                (_, ItemOrder::UnreadFirst) => format!("folio › {} (unread first)", p.source.title()),
            }),
        Screen::Article => app
            .article
            .as_ref()
            .map_or_else(String::new, |a| format!("folio › {}", a.item.feed_title)),
        Screen::Thread => app.thread.as_ref().map_or_else(String::new, |t| {
            let source = t
                .doc
                .as_ref()
                .map(|d| format!(" ({}, {} comments)", d.source, d.comments.len()));
            format!("folio › {}{}", t.title, source.unwrap_or_default())
        }),
    };
    let line = fit(&format!(" {text}"), usize::from(area.width));
    frame.render_widget(Paragraph::new(line).style(theme.style(Element::TitleBar)), area);
}

/// `text` cut or padded to exactly `width` columns.
pub(crate) fn fit(text: &str, width: usize) -> String {
    let cut = truncate_to_width(text, width);
    let pad = width.saturating_sub(display_width(&cut));
    format!("{cut}{}", " ".repeat(pad))
}

/// `line` in the selection's style when `selected`: the whole row, so it reads as one bar.
pub(crate) fn highlight_if<'a>(mut line: Line<'a>, selected: bool, theme: &Theme) -> Line<'a> {
    if selected {
        let style = theme.style(Element::Selection);
        line = line.style(style);
        for span in &mut line.spans {
            span.style = style;
        }
    }
    line
}

/// A left part and a right part on one line of `width` columns; the left one is cut first.
pub(crate) fn left_right<'a>(
    left: Vec<Span<'a>>,
    right: Vec<Span<'a>>,
    width: usize,
    fill: Style,
) -> Line<'a> {
    let right_width: usize = right.iter().map(|s| display_width(&s.content)).sum();
    let room = width.saturating_sub(right_width + 1);
    let mut spans = Vec::with_capacity(left.len() + right.len() + 1);
    let mut used = 0;
    for span in left {
        let w = display_width(&span.content);
        if used + w <= room {
            used += w;
            spans.push(span);
        } else {
            let cut = truncate_to_width(&span.content, room - used).into_owned();
            used += display_width(&cut);
            spans.push(Span::styled(cut, span.style));
            break;
        }
    }
    spans.push(Span::styled(
        " ".repeat(width.saturating_sub(used + right_width)),
        fill,
    ));
    spans.extend(right);
    Line::from(spans)
}

#[cfg(test)]
mod tests;
