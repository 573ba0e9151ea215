//! folio's integration tests: one test binary, one module per area.

mod article;
mod article_chrome;
mod comments;
mod feeds;
mod tui_tmux;
