//! The feed list: virtual entries, tag groups, feeds with unread / total and failure marks; and the
//! welcome screen when there are no feeds yet.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{Look, highlight_if, left_right};
use crate::app::App;
use crate::app::model::FeedRow;
use crate::config::{Command, Context, Element, Theme};

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let width = usize::from(area.width);
    let rows = app
        .feed_rows
        .iter()
        .enumerate()
        .skip(app.feed_cursor.offset)
        .take(usize::from(area.height));
    let lines: Vec<Line> = rows
        .map(|(index, row)| {
            let selected = index == app.feed_cursor.selected;
            let base = theme.style(Element::Text);
            let line = match row {
                FeedRow::AllUnread { unread } => left_right(
                    vec![Span::styled("  All unread", theme.style(Element::Unread))],
                    vec![Span::styled(format!("{unread} "), theme.style(Element::Count))],
                    width,
                    base,
                ),
                FeedRow::Starred => left_right(
                    vec![Span::styled("  Starred", theme.style(Element::Starred))],
                    vec![],
                    width,
                    base,
                ),
                FeedRow::Tag(tag) => left_right(
                    vec![Span::styled(format!("▾ {tag}"), theme.style(Element::Tag))],
                    vec![],
                    width,
                    base,
                ),
                FeedRow::Feed(i) => {
                    let Some(feed) = app.feeds.get(*i) else {
                        return Line::default();
                    };
                    let mark = if feed.last_error.is_some() {
                        Span::styled("! ", theme.style(Element::FeedError))
                    } else {
                        Span::raw("  ")
                    };
                    let title_style = if feed.unread > 0 {
                        Element::Unread
                    } else {
                        Element::Read
                    };
                    left_right(
                        vec![mark, Span::styled(feed.title.clone(), theme.style(title_style))],
                        vec![Span::styled(
                            format!("{}/{} ", feed.unread, feed.total),
                            theme.style(Element::Count),
                        )],
                        width,
                        base,
                    )
                }
            };
            highlight_if(line, selected, theme)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}

/// No feeds yet: how to get some.
pub fn draw_welcome(frame: &mut Frame, area: Rect, look: &Look) {
    let theme = look.theme;
    let key_for = |command: Command| {
        look.keymap
            .describe(Context::List)
            .into_iter()
            .find(|(c, _)| *c == command)
            .and_then(|(_, keys)| keys.first().map(ToString::to_string))
            .unwrap_or_else(|| command.name().to_string())
    };
    let heading = theme.style(Element::Heading);
    let key = theme.style(Element::HelpKey);
    let text = theme.style(Element::Text);
    let lines = vec![
        Line::from(Span::styled(
            "Welcome to folio",
            theme.style(Element::ArticleTitle),
        )),
        Line::default(),
        Line::from(Span::styled("You have no feeds yet. To get some:", text)),
        Line::default(),
        Line::from(vec![
            Span::styled(format!("  {:<8}", key_for(Command::AddFeed)), key),
            Span::styled(
                "add a feed: paste its URL, or a site's URL and folio finds the feed",
                text,
            ),
        ]),
        Line::from(vec![
            Span::styled("  folio import FILE", key),
            Span::styled("  import subscriptions from OPML or a newsboat urls file", text),
        ]),
        Line::from(vec![
            Span::styled("  folio demo", key),
            Span::styled("  try folio on bundled sample feeds (no network needed)", text),
        ]),
        Line::default(),
        Line::from(vec![
            Span::styled(format!("  {:<8}", key_for(Command::Help)), key),
            Span::styled("all keys", text),
        ]),
        Line::from(Span::styled("", heading)),
    ];
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}
