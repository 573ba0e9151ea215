//! folio's integration tests: one test binary, one module per area.

mod article;
mod comment_systems;
mod comments;
mod feeds;
mod tui_tmux;
