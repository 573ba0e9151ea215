//! Where folio keeps things, and what the user configured.

pub mod paths;

pub use paths::Paths;
