//! The thread screen's inline layout: every visible comment's whole text, wrapped and indented
//! under its parent with depth guides, the way thread readers show a discussion. The cursor is
//! on a comment; `j`/`k` go from comment to comment, and through a comment taller than the
//! screen line by line first.
//!
//! Comments are laid out one at a time and only those on screen (or next to it) ever are, so a
//! key press costs the same on a 5,000-comment thread as on a short one. The scroll position is
//! a comment and a line within it (not a line of the whole thread), kept by comment so that
//! folding above it does not move what is shown.

use super::cursor::Motion;
use super::thread_doc::ThreadDoc;
use crate::comments::Row;
use crate::comments::render::wrap;

/// What one line of a comment's block is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InlineLine {
    /// Author, age, score, fold state: drawn from the comment itself, never wrapped.
    Header,
    Text(String),
    Quote(String),
    /// `[N more replies]` the source left out.
    More(usize),
    /// The empty line after a comment (depth guides only).
    Gap,
}

/// Columns each level of depth takes, and the most a line gives to depth guides (of its width).
const GUIDE_COLUMNS: usize = 2;

/// How many depth guides a comment at `depth` gets in `width` columns: all of them, up to half
/// the width, so a deep reply still has room for its text.
pub fn guides(depth: usize, width: usize) -> usize {
    depth.min(width / 2 / GUIDE_COLUMNS)
}

/// The columns before a comment's text: its guides and the fold marker's place.
pub fn text_indent(depth: usize, width: usize) -> usize {
    guides(depth, width) * GUIDE_COLUMNS + GUIDE_COLUMNS
}

/// The lines of the comment on `row`, laid out `width` columns wide: the header, the text
/// (unless the comment is folded), what the source left out, and a gap.
pub fn block(doc: &ThreadDoc, row: &Row, width: usize) -> Vec<InlineLine> {
    let mut lines = vec![InlineLine::Header];
    let Some(comment) = doc.comments.get(row.node) else {
        return lines;
    };
    if row.hidden_replies.is_none() {
        let room = width.saturating_sub(text_indent(row.depth, width) + 1).max(10);
        for paragraph in comment.text.split('\n') {
            if paragraph.trim().is_empty() {
                lines.push(InlineLine::Text(String::new()));
                continue;
            }
            let quote = paragraph.starts_with('>');
            lines.extend(wrap(paragraph, room).into_iter().map(|line| {
                if quote {
                    InlineLine::Quote(line)
                } else {
                    InlineLine::Text(line)
                }
            }));
        }
        // A trailing empty paragraph would double the gap.
        while matches!(lines.last(), Some(InlineLine::Text(t)) if t.is_empty()) && lines.len() > 1 {
            lines.pop();
        }
        if let Some(more) = comment.more_replies {
            lines.push(InlineLine::More(more));
        }
    }
    lines.push(InlineLine::Gap);
    lines
}

/// Where the inline layout is scrolled to: the comment at the top of the screen (by its place
/// in the whole thread, so folds do not move it) and how many of its lines are above the screen.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct InlineScroll {
    pub top_node: usize,
    pub top_line: usize,
}

/// The thread laid out at one width and height: what the scroll computations need.
pub struct Page<'a> {
    pub doc: &'a ThreadDoc,
    pub width: usize,
    pub height: usize,
}

impl Page<'_> {
    fn rows(&self) -> &[Row] {
        self.doc.view.rows()
    }

    /// The height of the block on `row`.
    fn height_of(&self, row: usize) -> usize {
        self.rows()
            .get(row)
            .map_or(0, |r| block(self.doc, r, self.width).len())
    }
}

impl InlineScroll {
    /// The row at the top of the screen: the top comment's, or the folded one that hides it.
    pub fn top_row(&self, doc: &ThreadDoc) -> usize {
        let view = &doc.view;
        view.row_of(self.top_node).unwrap_or_else(|| {
            view.rows()
                .partition_point(|r| r.node <= self.top_node)
                .saturating_sub(1)
        })
    }

    /// The top row and the lines of it above the screen, made consistent with the thread as it
    /// is now (a fold may have shortened the top comment).
    pub fn top(&self, page: &Page) -> (usize, usize) {
        let row = self.top_row(page.doc);
        let line = self.top_line.min(page.height_of(row).saturating_sub(1));
        (row, line)
    }

    fn set_top(&mut self, page: &Page, row: usize, line: usize) {
        self.top_node = page.rows().get(row).map_or(0, |r| r.node);
        self.top_line = line;
    }

    /// Lines from the top of the screen to the end of `row`'s block, counted only as far as
    /// `limit` (`None` past it, or when `row` is above the screen).
    fn end_of(&self, page: &Page, row: usize, limit: usize) -> Option<usize> {
        let (top, line) = self.top(page);
        if row < top {
            return None;
        }
        let mut used = page.height_of(top) - line;
        let mut at = top;
        while at < row {
            if used > limit {
                return None;
            }
            at += 1;
            used += page.height_of(at);
        }
        (used <= limit).then_some(used)
    }

    /// Scrolls as little as needed for `row`'s header to be on screen, and as much of its block
    /// as fits.
    pub fn show(&mut self, page: &Page, row: usize) {
        let (top, line) = self.top(page);
        if row < top || (row == top && line > 0) {
            self.set_top(page, row, 0);
            return;
        }
        if self.end_of(page, row, page.height).is_some() {
            return;
        }
        self.align_bottom(page, row);
    }

    /// The end of `row`'s block on the last line of the screen (its header at the top when the
    /// block is taller than the screen).
    fn align_bottom(&mut self, page: &Page, row: usize) {
        let mut total = page.height_of(row);
        if total >= page.height {
            self.set_top(page, row, 0);
            return;
        }
        let mut at = row;
        while at > 0 {
            let above = page.height_of(at - 1);
            if total + above >= page.height {
                self.set_top(page, at - 1, total + above - page.height);
                return;
            }
            total += above;
            at -= 1;
        }
        self.set_top(page, 0, 0);
    }

    /// Scrolls down `lines` lines, stopping when the thread's end is on the last line.
    fn scroll_down(&mut self, page: &Page, lines: usize) {
        let (top, line) = self.top(page);
        // The heights from the top row on, as far as the move and a screen below it reach.
        let mut heights = vec![page.height_of(top) - line];
        let mut total = heights[0];
        let mut at = top;
        while total < lines + page.height && at + 1 < page.rows().len() {
            at += 1;
            let height = page.height_of(at);
            heights.push(height);
            total += height;
        }
        let reaches_end = at + 1 >= page.rows().len();
        let room = if reaches_end {
            total.saturating_sub(page.height)
        } else {
            lines
        };
        let mut left = lines.min(room);
        let (mut row, mut skipped) = (top, line);
        for height in heights {
            if left < height {
                skipped += left;
                break;
            }
            left -= height;
            row += 1;
            skipped = 0;
        }
        self.set_top(page, row.min(page.rows().len().saturating_sub(1)), skipped);
    }

    /// Scrolls up `lines` lines, stopping at the thread's first line.
    fn scroll_up(&mut self, page: &Page, lines: usize) {
        let (mut row, line) = self.top(page);
        let mut left = lines;
        if left <= line {
            self.set_top(page, row, line - left);
            return;
        }
        left -= line;
        while row > 0 {
            row -= 1;
            let height = page.height_of(row);
            if left <= height {
                self.set_top(page, row, height - left);
                return;
            }
            left -= height;
        }
        self.set_top(page, 0, 0);
    }

    /// Moves the focus (`focused`, a row) and the view for `motion`: `Down` and `Up` go through
    /// a comment taller than the screen line by line before going to the next one; pages scroll
    /// the text and take the focus along.
    pub fn motion(&mut self, page: &Page, focused: &mut usize, motion: Motion) {
        let len = page.rows().len();
        if len == 0 {
            return;
        }
        *focused = (*focused).min(len - 1);
        let screen = page.height.max(1);
        match motion {
            Motion::Down => {
                let (top, _) = self.top(page);
                if *focused < top {
                    self.show(page, *focused);
                } else if self.end_of(page, *focused, screen).is_none() {
                    self.scroll_down(page, 1);
                } else if *focused + 1 < len {
                    *focused += 1;
                    self.show(page, *focused);
                }
            }
            Motion::Up => {
                let (top, line) = self.top(page);
                if *focused == top && line > 0 {
                    self.scroll_up(page, 1);
                } else if *focused > 0 {
                    *focused -= 1;
                    if *focused < top {
                        // Wholly above: its end comes into view (its last screenful when long),
                        // and `k` goes on through it line by line.
                        self.scroll_up(page, page.height_of(*focused).min(screen));
                    }
                }
            }
            Motion::PageDown | Motion::HalfPageDown => {
                let lines = if motion == Motion::PageDown {
                    screen.saturating_sub(2).max(1)
                } else {
                    screen.div_ceil(2)
                };
                self.scroll_down(page, lines);
                self.keep_focus_on_screen(page, focused);
            }
            Motion::PageUp | Motion::HalfPageUp => {
                let lines = if motion == Motion::PageUp {
                    screen.saturating_sub(2).max(1)
                } else {
                    screen.div_ceil(2)
                };
                self.scroll_up(page, lines);
                self.keep_focus_on_screen(page, focused);
            }
            Motion::Top => {
                *focused = 0;
                self.set_top(page, 0, 0);
            }
            Motion::Bottom => {
                *focused = len - 1;
                self.align_bottom(page, len - 1);
            }
        }
    }

    /// After the text scrolled: a focus whose header went off the screen moves to the nearest
    /// comment whose header is on it (the top one when a single comment fills the screen).
    fn keep_focus_on_screen(&self, page: &Page, focused: &mut usize) {
        let len = page.rows().len();
        let (top, line) = self.top(page);
        let mut used = page.height_of(top) - line;
        let first = if line == 0 || used >= page.height || top + 1 >= len {
            top
        } else {
            top + 1
        };
        let mut last = top;
        while last + 1 < len && used < page.height {
            last += 1;
            used += page.height_of(last);
        }
        *focused = (*focused).clamp(first, last.max(first));
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::comments::{Comment, Source, Thread};

    /// The layout the tests scroll: 40 columns, 10 lines.
    fn page(doc: &ThreadDoc) -> Page<'_> {
        Page {
            doc,
            width: 40,
            height: 10,
        }
    }

    /// Ten comments; the fourth is 30 lines long at width 40.
    fn doc() -> ThreadDoc {
        let mut thread = Thread::new(Source::HackerNews, None);
        for i in 0..10 {
            let text = if i == 3 {
                (0..30)
                    .map(|n| format!("line {n}"))
                    .collect::<Vec<_>>()
                    .join("\n")
            } else {
                format!("comment {i}")
            };
            let mut comment = Comment::new(i.to_string(), Some("a"), text);
            if i == 0 {
                comment
                    .children
                    .push(Comment::new("child", Some("b"), "> quoted\nreply"));
            }
            thread.comments.push(comment);
        }
        ThreadDoc::new(&thread, &HashSet::new(), None)
    }

    #[test]
    fn a_block_is_header_text_and_gap_and_a_fold_hides_the_text() {
        let mut doc = doc();
        let row = doc.view.rows()[1];
        assert_eq!(
            block(&doc, &row, 40),
            vec![
                InlineLine::Header,
                InlineLine::Quote("> quoted".into()),
                InlineLine::Text("reply".into()),
                InlineLine::Gap
            ]
        );
        doc.view.toggle(0);
        let folded = doc.view.rows()[0];
        assert_eq!(
            block(&doc, &folded, 40),
            vec![InlineLine::Header, InlineLine::Gap]
        );
    }

    #[test]
    fn j_goes_comment_by_comment_and_through_a_long_one_line_by_line() {
        let doc = doc();
        let page = page(&doc);
        let mut scroll = InlineScroll::default();
        let mut focused = 0;
        // Rows: 0 (3 lines), child (4), 1, 2 (3 each), 3 (32), ...
        for _ in 0..4 {
            scroll.motion(&page, &mut focused, Motion::Down);
        }
        assert_eq!(focused, 4, "on the long comment");
        assert_eq!(scroll.top(&page), (4, 0), "its header at the top");
        scroll.motion(&page, &mut focused, Motion::Down);
        assert_eq!((focused, scroll.top(&page)), (4, (4, 1)), "scrolling within it");
        for _ in 0..21 {
            scroll.motion(&page, &mut focused, Motion::Down);
        }
        assert_eq!(
            (focused, scroll.top(&page)),
            (4, (4, 22)),
            "its end on the last line"
        );
        scroll.motion(&page, &mut focused, Motion::Down);
        assert_eq!(focused, 5, "then the next comment");
        scroll.motion(&page, &mut focused, Motion::Up);
        assert_eq!(focused, 4);
        scroll.motion(&page, &mut focused, Motion::Up);
        scroll.motion(&page, &mut focused, Motion::Up);
        assert_eq!(focused, 4, "back up through it line by line");
        scroll.motion(&page, &mut focused, Motion::Top);
        assert_eq!((focused, scroll.top(&page)), (0, (0, 0)));
        scroll.motion(&page, &mut focused, Motion::Bottom);
        assert_eq!(focused, 10);
        assert_eq!(
            scroll.end_of(&page, 10, 10),
            Some(10),
            "the last comment ends on the last line"
        );
    }

    #[test]
    fn pages_scroll_the_text_and_take_the_focus_along() {
        let doc = doc();
        let page = page(&doc);
        let mut scroll = InlineScroll::default();
        let mut focused = 0;
        scroll.motion(&page, &mut focused, Motion::PageDown);
        assert_eq!(scroll.top(&page), (2, 1), "8 lines down");
        assert_eq!(focused, 3, "the first header on screen");
        scroll.motion(&page, &mut focused, Motion::PageUp);
        assert_eq!(scroll.top(&page), (0, 0));
        assert_eq!(focused, 2, "the last header on screen");
        for _ in 0..20 {
            scroll.motion(&page, &mut focused, Motion::PageDown);
        }
        assert_eq!(scroll.end_of(&page, 10, 10), Some(10), "stops at the end");
    }

    #[test]
    fn folding_above_the_top_keeps_what_is_shown() {
        let mut doc = doc();
        let mut scroll = InlineScroll::default();
        let mut focused = 0;
        scroll.motion(&page(&doc), &mut focused, Motion::Bottom);
        let top_node = scroll.top_node;
        doc.view.toggle(0);
        let page = page(&doc);
        assert_eq!(scroll.top_node, top_node);
        assert_eq!(doc.view.rows()[scroll.top(&page).0].node, top_node);
    }
}
