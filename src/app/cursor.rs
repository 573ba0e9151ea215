//! A selection in a list of rows, with the scroll offset that keeps it on screen. Shared by the
//! feed list, the item list, the thread rows and the article's scroll position.

/// Where a movement command goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Motion {
    Down,
    Up,
    PageDown,
    PageUp,
    HalfPageDown,
    HalfPageUp,
    Top,
    Bottom,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cursor {
    /// The selected row.
    pub selected: usize,
    /// The first row on screen.
    pub offset: usize,
}

impl Cursor {
    /// Applies `motion` over `len` rows in a viewport `height` rows tall.
    pub fn apply(&mut self, motion: Motion, len: usize, height: usize) {
        let page = height.max(1);
        let target = match motion {
            Motion::Down => self.selected.saturating_add(1),
            Motion::Up => self.selected.saturating_sub(1),
            Motion::PageDown => self.selected.saturating_add(page),
            Motion::PageUp => self.selected.saturating_sub(page),
            Motion::HalfPageDown => self.selected.saturating_add(page.div_ceil(2)),
            Motion::HalfPageUp => self.selected.saturating_sub(page.div_ceil(2)),
            Motion::Top => 0,
            Motion::Bottom => len.saturating_sub(1),
        };
        self.select(target, len, height);
    }

    /// Selects `row` (clamped to the list) and scrolls as little as needed to show it.
    pub fn select(&mut self, row: usize, len: usize, height: usize) {
        self.selected = row.min(len.saturating_sub(1));
        self.follow(len, height);
    }

    /// Re-clamps after the list or the viewport changed size.
    pub fn follow(&mut self, len: usize, height: usize) {
        let height = height.max(1);
        self.selected = self.selected.min(len.saturating_sub(1));
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + height {
            self.offset = self.selected + 1 - height;
        }
        self.offset = self.offset.min(len.saturating_sub(height));
    }
}

/// A scroll position in a text of `len` lines (no selection: the top line is the position).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Scroll {
    pub top: usize,
}

impl Scroll {
    pub fn apply(&mut self, motion: Motion, len: usize, height: usize) {
        let page = height.max(1);
        let max_top = len.saturating_sub(height);
        self.top = match motion {
            Motion::Down => self.top.saturating_add(1),
            Motion::Up => self.top.saturating_sub(1),
            Motion::PageDown => self.top.saturating_add(page.saturating_sub(1).max(1)),
            Motion::PageUp => self.top.saturating_sub(page.saturating_sub(1).max(1)),
            Motion::HalfPageDown => self.top.saturating_add(page.div_ceil(2)),
            Motion::HalfPageUp => self.top.saturating_sub(page.div_ceil(2)),
            Motion::Top => 0,
            Motion::Bottom => max_top,
        }
        .min(max_top);
    }

    /// Shows line `line` near the top (search matches, link jumps).
    pub fn reveal(&mut self, line: usize, len: usize, height: usize) {
        self.top = line.saturating_sub(2).min(len.saturating_sub(height));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursor_stays_in_bounds_and_on_screen() {
        let mut c = Cursor::default();
        c.apply(Motion::Up, 10, 4);
        assert_eq!(
            c,
            Cursor {
                selected: 0,
                offset: 0
            }
        );
        c.apply(Motion::PageDown, 10, 4);
        assert_eq!(
            c,
            Cursor {
                selected: 4,
                offset: 1
            }
        );
        c.apply(Motion::Bottom, 10, 4);
        assert_eq!(
            c,
            Cursor {
                selected: 9,
                offset: 6
            }
        );
        c.apply(Motion::Down, 10, 4);
        assert_eq!(c.selected, 9);
        c.apply(Motion::HalfPageUp, 10, 4);
        assert_eq!(
            c,
            Cursor {
                selected: 7,
                offset: 6
            }
        );
        c.apply(Motion::Top, 10, 4);
        assert_eq!(
            c,
            Cursor {
                selected: 0,
                offset: 0
            }
        );
        c.apply(Motion::Down, 0, 4);
        assert_eq!(
            c,
            Cursor {
                selected: 0,
                offset: 0
            }
        );
    }

    #[test]
    fn cursor_follows_a_shrinking_list() {
        let mut c = Cursor {
            selected: 8,
            offset: 5,
        };
        c.follow(3, 4);
        assert_eq!(
            c,
            Cursor {
                selected: 2,
                offset: 0
            }
        );
    }

    #[test]
    fn scroll_never_passes_the_last_page() {
        let mut s = Scroll::default();
        s.apply(Motion::Bottom, 100, 20);
        assert_eq!(s.top, 80);
        s.apply(Motion::PageDown, 100, 20);
        assert_eq!(s.top, 80);
        s.apply(Motion::PageUp, 100, 20);
        assert_eq!(s.top, 61);
        s.apply(Motion::Down, 5, 20);
        assert_eq!(s.top, 0, "a short text does not scroll");
    }
}
