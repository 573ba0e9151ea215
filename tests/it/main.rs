//! folio's integration tests: one test binary, one module per area.

mod feeds;
mod tui_tmux;
