//! The help overlay, generated from the live keymap: what it shows is what the keys do.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::Look;
use crate::app::App;
use crate::config::{Command, Context, Element, Keymap};

pub fn draw(frame: &mut Frame, area: Rect, app: &App, look: &Look) {
    let theme = look.theme;
    let width = area.width.min(72);
    let popup = Rect {
        x: area.x + (area.width - width) / 2,
        width,
        ..area
    };
    let mut lines = Vec::new();
    // The current screen's keys first, then the ones that work everywhere.
    for context in [app.context(), Context::Global] {
        lines.push(Line::from(Span::styled(
            context.title(),
            theme.style(Element::Heading),
        )));
        for (command, keys) in look.keymap.describe(context) {
            let keys: Vec<String> = keys.iter().map(ToString::to_string).collect();
            lines.push(Line::from(vec![
                Span::styled(format!("  {:<16}", keys.join(" ")), theme.style(Element::HelpKey)),
                Span::styled(command.description(), theme.style(Element::HelpDesc)),
            ]));
        }
        lines.push(Line::default());
    }
    // Scrolling stops where the last line shows.
    let visible = usize::from(popup.height.saturating_sub(2));
    let scroll = app.help_scroll.min(lines.len().saturating_sub(visible));
    let lines: Vec<Line> = lines.into_iter().skip(scroll).collect();
    let block = Block::default()
        .borders(Borders::ALL)
        .title(title(look.keymap, app.context()))
        .style(theme.style(Element::Text));
    frame.render_widget(Clear, popup);
    frame.render_widget(Paragraph::new(lines).block(block), popup);
}

/// The help's title: the keys that scroll it (the screen's down and up keys), as bound.
fn title(keymap: &Keymap, context: Context) -> String {
    let first_key = |command| keymap.keys_for(context, command).first().map(ToString::to_string);
    match (first_key(Command::Down), first_key(Command::Up)) {
        (Some(down), Some(up)) => format!(" Keys ({down}/{up} scroll, any other key closes) "),
        _ => " Keys (any key closes) ".to_string(),
    }
}
