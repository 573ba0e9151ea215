//! folio's integration tests: one test binary, one module per area.

mod article;
mod article_chrome;
mod comment_systems;
mod comments;
mod demo;
mod discussions;
mod feeds;
mod import_cycles;
mod media;
mod one_item;
mod thread_freshness;
mod tui_tmux;
