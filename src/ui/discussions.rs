//! The article's discussions on the thread screen: the chooser that lists them (while they are
//! being found too), and the tabs above a thread when there are several.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{Look, highlight_if, left_right};
use crate::app::thread::ThreadPane;
use crate::config::Element;
use crate::discussions::DiscussionLink;
use crate::sanitize::single_line;

/// `HN 312`, `this page 14`, `r/rust ?` (count unknown).
fn tab_label(link: &DiscussionLink) -> String {
    let label = single_line(&link.label());
    match link.comments {
        Some(count) => format!("{label} {count}"),
        None => label,
    }
}

/// One line: `HN 312 │ Lobsters 41 │ r/rust 88 │ this page 14`, the shown one highlighted.
pub fn draw_tabs(frame: &mut Frame, area: Rect, pane: &ThreadPane, look: &Look) {
    let theme = look.theme;
    let active = pane.discussions.active_index();
    let mut spans = vec![Span::raw(" ")];
    for (index, link) in pane.discussions.found.iter().enumerate() {
        if index > 0 {
            spans.push(Span::styled(" │ ", theme.style(Element::Dim)));
        }
        let style = if Some(index) == active {
            theme.style(Element::Selection)
        } else {
            theme.style(Element::Dim)
        };
        spans.push(Span::styled(format!(" {} ", tab_label(link)), style));
    }
    let right = vec![Span::styled("Tab ⇥ ", theme.style(Element::Dim))];
    let line = left_right(spans, right, usize::from(area.width), theme.style(Element::Text));
    frame.render_widget(Paragraph::new(line), area);
}

/// The list of discussions: a summary line, one row per discussion (the selected one
/// highlighted), the sites still being asked and those that failed.
pub fn draw_chooser(frame: &mut Frame, area: Rect, pane: &ThreadPane, look: &Look) {
    let theme = look.theme;
    let width = usize::from(area.width);
    let discussions = &pane.discussions;
    let mut lines = vec![
        Line::from(Span::styled(
            single_line(&pane.title),
            theme.style(Element::ArticleTitle),
        )),
        Line::from(Span::styled(
            discussions
                .found
                .iter()
                .map(tab_label)
                .collect::<Vec<_>>()
                .join(" · "),
            theme.style(Element::Dim),
        )),
        Line::default(),
    ];
    let selected = discussions.chooser.map_or(0, |c| c.selected);
    for (index, link) in discussions.found.iter().enumerate() {
        let left = vec![
            Span::styled(
                if index == selected { "▸ " } else { "  " },
                theme.style(Element::Collapsed),
            ),
            Span::styled(
                format!("{:<14} ", single_line(&link.label())),
                theme.style(Element::Author),
            ),
            Span::styled(single_line(&link.title), theme.style(Element::Text)),
        ];
        let mut right = Vec::new();
        if let Some(count) = link.comments {
            let noun = if count == 1 { "comment" } else { "comments" };
            right.push(Span::styled(
                format!("{count} {noun}  "),
                theme.style(Element::Count),
            ));
        }
        if let Some(points) = link.points {
            let noun = if points == 1 { "point" } else { "points" };
            right.push(Span::styled(
                format!("{points} {noun} "),
                theme.style(Element::Score),
            ));
        }
        let line = left_right(left, right, width, theme.style(Element::Text));
        lines.push(highlight_if(line, index == selected, theme));
    }
    if discussions.finding {
        lines.push(Line::from(Span::styled(
            "⟳ finding discussions…",
            theme.style(Element::Dim),
        )));
    } else if discussions.found.is_empty() {
        lines.push(Line::from(Span::styled(
            "No discussion of this article was found.",
            theme.style(Element::Dim),
        )));
    }
    for failure in &discussions.failures {
        lines.push(Line::from(Span::styled(
            single_line(failure),
            theme.style(Element::FeedError),
        )));
    }
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(
        "Enter reads the selected discussion; Tab / Shift-Tab then switch between them.",
        theme.style(Element::Dim),
    )));
    frame.render_widget(Paragraph::new(lines), area);
}
