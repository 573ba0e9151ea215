//! folio's integration tests: one test binary, one module per area.

mod comments;
mod feeds;
