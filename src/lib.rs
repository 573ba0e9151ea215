//! folio: a terminal news reader that subscribes to feeds, keeps an offline cache, reads the whole
//! article without the page's chrome, and shows its comment thread as a tree.
//!
//! The modules follow the data flow (see `README.md` and the architecture notes): `fetch` brings
//! bytes, `feed` turns them into items, `store` keeps them, `refresh` runs many feeds at once,
//! `article` and `comments` are pure extractors, and the CLI and the TUI call the same functions.

pub mod app;
pub mod article;
pub mod cli;
pub mod comments;
pub mod config;
pub mod demo;
pub mod discussions;
pub mod feed;
pub mod fetch;
pub mod links;
pub mod markup;
pub mod media;
pub mod panics;
pub mod reader;
pub mod refresh;
pub mod sanitize;
pub mod serve;
pub mod store;
pub mod tui;
pub mod ui;
